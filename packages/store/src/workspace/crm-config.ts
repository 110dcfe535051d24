import { z } from 'zod';

/**
 * An origin a CRM page is served from: `https://crm.example.com`, `http://127.0.0.1:3000`, or
 * `https://*.example.com` (any subdomain, as CSP's host wildcard). Written exactly as the browser
 * sends it in `Origin` (scheme, host, port only; no path, no trailing slash), since it is compared
 * as is against that header and copied into the CSP.
 */
export const crmOriginSchema = z.string().superRefine((raw, ctx) => {
  const star = /^https?:\/\/\*\./.test(raw);
  const probe = star ? raw.replace('*.', 'x.') : raw;
  let origin: string | undefined;
  try {
    const u = new URL(probe);
    origin = u.protocol === 'https:' || u.protocol === 'http:' ? u.origin : undefined;
  } catch {
    origin = undefined;
  }
  if (origin !== probe) ctx.addIssue({ code: 'custom', message: `"${raw}" is not an origin like https://crm.example.com or https://*.example.com` });
});

/** The CRMs this workspace's adapter is installed in (issue 19). */
export const crmSectionSchema = z.strictObject({
  /** Origins allowed to frame the adapter, call the API and open the event socket, beside the server-wide CRM_ORIGINS. */
  allowedOrigins: z.array(crmOriginSchema).default([]),
});
