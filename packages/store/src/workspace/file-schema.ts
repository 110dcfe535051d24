import { z } from 'zod';

/**
 * The workspace file as operators write it (camelCase YAML). Lists default to
 * empty, flags to off. Unknown keys are errors: a typo must not be silently
 * ignored. Secrets come as plaintext (`password`, `pin`) or pre-hashed
 * (`passwordHash`, `pinHash`); exactly-one-of is checked in cross-check.
 */

const ID_RE = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;
const id = z.string().regex(ID_RE, 'must be 1-64 letters, digits, "-" or "_", starting with a letter or digit');
const name = z.string().trim().min(1, 'must not be empty').max(200);

/** YAML reads `1001` as a number; agent numbers and PINs are digit strings. */
const digits = (what: string, min: number, max: number) =>
  z.preprocess(
    (v) => (typeof v === 'number' && Number.isInteger(v) ? String(v) : v),
    z.string().regex(new RegExp(`^[0-9]{${min},${max}}$`), `${what} must be ${min}-${max} digits`),
  );

const region = z.string().regex(/^[A-Z]{2}$/, 'must be a two-letter country code in capitals, e.g. AU');
const e164 = z.string().regex(/^\+[1-9][0-9]{6,14}$/, 'must be an E.164 number, e.g. +61290000000');
/** A number to dial: E.164 or a short internal extension. */
const dialable = z.preprocess(
  (v) => (typeof v === 'number' ? String(v) : v),
  z.string().regex(/^\+?[0-9]{2,15}$/, 'must be a phone number (E.164 like +61290001111, or an extension)'),
);
/** Where "Call me to connect" rings by default: a phone number or a SIP user. */
const agentPhone = z.preprocess(
  (v) => (typeof v === 'number' ? String(v) : v),
  z.string().regex(/^(\+?[0-9]{2,15}|[A-Za-z][A-Za-z0-9._-]{0,63})$/, 'must be a phone number (E.164) or a SIP user name'),
);
const username = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$/, 'must be 1-64 letters, digits, ".", "_", "@" or "-"');
const secret = z.preprocess((v) => (typeof v === 'number' ? String(v) : v), z.string().min(1, 'must not be empty').max(200));
const seconds = z.number().int('must be a whole number of seconds').min(1).max(3600);

export const teamSchema = z.strictObject({ id, name });
export const pauseReasonSchema = z.strictObject({ id, name });

export const agentSchema = z.strictObject({
  /** Defaults to the username. Keep it stable: history refers to it. */
  id: id.optional(),
  username,
  displayName: name,
  password: secret.optional(),
  passwordHash: z.string().optional(),
  agentNumber: digits('agentNumber', 2, 12),
  pin: digits('pin', 4, 12).optional(),
  pinHash: z.string().optional(),
  defaultNumber: agentPhone.nullable().optional(),
  team: id.nullable().optional(),
  campaigns: z.array(id).default([]),
  transfersWhilePaused: z.boolean().default(false),
  region: region.nullable().optional(),
});

export const staffSchema = z.strictObject({
  id: id.optional(),
  username,
  displayName: name,
  role: z.enum(['supervisor', 'admin']),
  password: secret.optional(),
  passwordHash: z.string().optional(),
  team: id.nullable().optional(),
});

export const wrapCodeSchema = z.strictObject({ id, name });
export const announcementSchema = z.strictObject({
  id,
  name,
  // Relative and inside the workspace's folder: the API may edit this file later.
  file: z
    .string()
    .regex(/\.wav$/i, 'must be a .wav file path (relative to the workspace file)')
    .refine((f) => !/^([/\\]|[A-Za-z]:)/.test(f) && !f.split(/[/\\]/).includes('..'), 'must be a relative path inside the workspace folder (no leading / and no ..)'),
});
export const transferNumberSchema = z.strictObject({ name, number: dialable });

export const campaignSchema = z.strictObject({
  id,
  name,
  direction: z.enum(['inbound', 'outbound']),
  dialMode: z.enum(['preview', 'predictive']).nullable().optional(),
  wrapCodes: z.array(wrapCodeSchema).default([]),
  defaultWrapCode: id.nullable().optional(),
  autoWrapSeconds: seconds.nullable().optional(),
  extendSeconds: seconds.nullable().optional(),
  recording: z.enum(['off', 'agent-controlled', 'always']).default('off'),
  bookmarks: z.boolean().default(false),
  announcements: z.array(announcementSchema).default([]),
  transferNumbers: z.array(transferNumberSchema).default([]),
});

export const queueSchema = z.strictObject({ id, name, campaign: id });

export const workspaceFileSchema = z.strictObject({
  /** Format version of this file; only 1 exists. */
  version: z.literal(1).default(1),
  name,
  region,
  callInNumber: e164,
  teams: z.array(teamSchema).default([]),
  pauseReasons: z.array(pauseReasonSchema).default([]),
  agents: z.array(agentSchema).default([]),
  staff: z.array(staffSchema).default([]),
  campaigns: z.array(campaignSchema).default([]),
  queues: z.array(queueSchema).default([]),
});

export type WorkspaceFile = z.infer<typeof workspaceFileSchema>;
