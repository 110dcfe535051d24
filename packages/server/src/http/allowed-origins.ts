import type { WorkspaceConfig } from '@switchboard/core';

/**
 * Whether `origin` is one of `allowed`: exactly, or under a `https://*.example.com` wildcard
 * (any depth of subdomain, same scheme; the bare domain is not covered, as in CSP).
 */
export function originAllowed(origin: string, allowed: readonly string[]): boolean {
  for (const a of allowed) {
    if (a === origin) return true;
    const star = /^(https?):\/\/\*\.(.+)$/.exec(a);
    if (!star) continue;
    const [, scheme, domain] = star;
    let u: URL;
    try {
      u = new URL(origin);
    } catch {
      continue;
    }
    if (u.protocol === `${scheme}:` && u.origin === origin && u.hostname.endsWith(`.${domain}`)) return true;
  }
  return false;
}

/**
 * The CRM origins in force: the server-wide CRM_ORIGINS plus the workspace file's
 * `crm.allowedOrigins`, which follows every reload. CORS, the event socket's origin check
 * and the adapter page's CSP all read it per request, so a reload needs no restart.
 */
export class AllowedOrigins {
  private all: readonly string[];

  constructor(private readonly serverWide: readonly string[]) {
    this.all = [...serverWide];
  }

  /** A workspace holder's apply: the file's list replaces the last one. */
  apply(ws: WorkspaceConfig): void {
    this.all = [...new Set([...this.serverWide, ...(ws.crm?.allowedOrigins ?? [])])];
  }

  /** Every allowed origin (wildcards as written), server-wide first. */
  list(): readonly string[] {
    return this.all;
  }

  allows(origin: string): boolean {
    return originAllowed(origin, this.all);
  }
}
