import { z } from 'zod';
import { safeString, safeText } from './safe-string';

/**
 * The ServiceNow Table API through the server: ServiceNow has no search or save in the
 * browser (OpenFrame only opens forms), so the adapter's ServiceNow bridge asks the server,
 * which holds the instance's credentials (SERVICENOW_*), never the browser.
 */
export const serviceNowCallerQuerySchema = z.strictObject({
  phone: safeString()
    .max(40)
    .regex(/^\+?[0-9 ()./-]*[0-9]{3,}[0-9 ()./-]*$/, 'a phone number'),
});

export const serviceNowRecordSchema = z.object({
  sys_id: z.string(),
  name: z.string(),
  /** The table the record is in (sys_user, customer_contact...). */
  table: z.string(),
});
export type ServiceNowRecord = z.infer<typeof serviceNowRecordSchema>;

export const serviceNowCallersSchema = z.object({ records: z.array(serviceNowRecordSchema) });

const sysIdSchema = safeString().regex(/^[0-9a-f]{32}$/, 'a ServiceNow sys_id (32 hex digits)');

/** A wrapped call, as the adapter logs it (the bridge's ActivityLog). */
export const serviceNowInteractionSchema = z.strictObject({
  interactionId: safeString().min(1).max(100),
  direction: z.enum(['inbound', 'outbound']),
  customerNumber: safeString().max(40),
  subject: safeString().min(1).max(160),
  startedAt: z.number().int().nonnegative(),
  durationSeconds: z.number().nonnegative().max(86_400),
  outcome: safeString().max(200).nullable(),
  notes: safeText().max(20_000),
  recordingUrl: safeString().url().max(2000).nullable(),
  /** The caller's record, to open the interaction for. */
  record: z.strictObject({ id: sysIdSchema, name: safeString().max(200), type: safeString().regex(/^[a-z][a-z0-9_]{0,79}$/, 'a table name') }).nullable(),
});
export type ServiceNowInteraction = z.infer<typeof serviceNowInteractionSchema>;

export const serviceNowLoggedSchema = z.object({ sys_id: z.string(), table: z.literal('interaction') });
