import { z } from 'zod';
import { PHONE_NUMBER_TYPES } from '@switchboard/core';
import { crmSectionSchema } from './crm-config';

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

export const teamSchema = z.strictObject({
  id,
  name,
  /** Agents of this team may send "Request assistance" to the team's supervisors (manual 17); off unless set. */
  requestAssistance: z.boolean().default(false),
});
export const pauseReasonSchema = z.strictObject({
  id,
  name,
  /** Agents paused with this reason are still offered transferred calls (manual 3 and 8); off unless set. */
  takesTransfers: z.boolean().default(false),
});

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
  /**
   * SRTP on calls to the agent's registered phone: auto (best effort when it registered over TLS),
   * required (RTP/SAVP: the phone must encrypt; over TLS only, as the keys travel in SIP), off.
   */
  phoneSrtp: z.enum(['auto', 'required', 'off']).default('auto'),
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
/** A campaign's transfer number: national or international, normalised to E.164 on load (as manual dial). */
export const transferNumberSchema = z.strictObject({
  label: name,
  number: z.preprocess((v) => (typeof v === 'number' ? String(v) : v), z.string().trim().min(1, 'must not be empty').max(40)),
});

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

// ── Workflows (IVR), DNIS and trunks ──

/** A WAV path relative to the workspace file, inside its folder (prompts, announcements). */
const wavPath = z
  .string()
  .regex(/\.wav$/i, 'must be a .wav file path (relative to the workspace file)')
  .refine((f) => !/^([/\\]|[A-Za-z]:)/.test(f) && !f.split(/[/\\]/).includes('..'), 'must be a relative path inside the workspace folder (no leading / and no ..)');
/** Keypad keys; YAML reads `1` as a number. */
const keys = z.preprocess((v) => (typeof v === 'number' && Number.isInteger(v) ? String(v) : v), z.string().regex(/^[0-9*#]{1,64}$/, 'must be keypad keys (0-9, * and #)'));
const label = z.string().trim().min(1, 'must not be empty').max(64);

const playObject = z.strictObject({ id, type: z.literal('play'), file: wavPath, next: id.nullable().default(null) });
const collectObject = z.strictObject({
  id,
  type: z.literal('collect'),
  /** IVR data label: what the agent sees next to the digits. */
  label,
  prompt: wavPath.nullable().default(null),
  minDigits: z.number().int().min(0).max(64).default(1),
  maxDigits: z.number().int().min(1).max(64),
  terminator: z.enum(['#', '*']).nullable().default(null),
  timeoutSeconds: z.number().positive().max(120).default(5),
  attempts: z.number().int().min(1).max(10).default(1),
  next: id,
  /** Where to go when the tries run out; null (the default) hangs up. */
  noInputNext: id.nullable().default(null),
});
const branchObject = z.strictObject({
  id,
  type: z.literal('branch'),
  /** The label of a collect object earlier in the workflow. */
  label,
  cases: z.array(z.strictObject({ digits: keys, next: id })).min(1, 'needs at least one case'),
  /** Where any other digits (or none) go. */
  default: id,
});
const queueObject = z.strictObject({ id, type: z.literal('queue'), queue: id, priority: z.number().int().min(0).max(100).default(0) });
const callbackObject = z.strictObject({
  id,
  type: z.literal('callback'),
  /** The queue (and so the campaign) the callback is for. */
  queue: id,
  /** "caller": the caller's own number; { label }: digits collected under that label. */
  numberFrom: z.union([z.literal('caller'), z.strictObject({ label })]).default('caller'),
  next: id.nullable().default(null),
});
const hangupObject = z.strictObject({ id, type: z.literal('hangup') });

export const workflowObjectSchema = z.discriminatedUnion('type', [playObject, collectObject, branchObject, queueObject, callbackObject, hangupObject], {
  error: 'type must be one of play, collect, branch, queue, callback, hangup',
});
export const workflowSchema = z.strictObject({
  id,
  name,
  start: id,
  objects: z.array(workflowObjectSchema).min(1, 'needs at least one object'),
  /** Listed in the agents' Transfer dialog: a call may be handed to this workflow (issue 18); off unless set. */
  transferTarget: z.boolean().default(false),
});
export const dnisSchema = z.strictObject({ number: e164, workflow: id });

const rewriteRule = z.strictObject({ match: z.string().min(1).max(200), replace: z.string().max(64) });
export const trunkSchema = z
  .strictObject({
    /** Referenced by outbound calls; "sandbox" is reserved for the sandbox carrier. */
    name: z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/, 'must be 1-64 letters, digits, "_", "." or "-"'),
    /** host[:port], port 5060 by default. */
    address: z.string().regex(/^([A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(:\d{1,5})?$/, 'must be host or host:port, e.g. sip.carrier.example:5060'),
    /** tls needs the engine's SIP over TLS (SIP_TLS_CERT, SIP_TLS_KEY); the carrier's certificate is checked against SIP_TLS_CA. */
    transport: z.enum(['udp', 'tcp', 'tls']).default('udp'),
    /** Offer SRTP (RTP/SAVP, SDES keys) on calls out through this trunk; the keys travel in SIP, so only over tls. */
    srtp: z.boolean().default(false),
    /** tls only: SHA-256 fingerprints of the certificates the carrier may present when it connects to us (pinning). */
    tlsFingerprints: z.array(z.string().regex(/^([0-9A-Fa-f]{2}:?){31}[0-9A-Fa-f]{2}$/, 'must be a SHA-256 fingerprint (64 hex digits, colons optional)')).default([]),
    /** Digest credentials: the password in the file or, better, in an environment variable. */
    credentials: z
      .strictObject({
        username: z.string().min(1).max(128),
        password: secret.optional(),
        passwordEnv: z
          .string()
          .regex(/^[A-Z_][A-Z0-9_]{0,63}$/, 'must be an environment variable name, e.g. CARRIER_PASSWORD')
          .optional(),
      })
      .nullable()
      .optional(),
    callerId: dialable.nullable().optional(),
    outboundRewrite: z.array(rewriteRule).default([]),
    inboundRewrite: z.array(rewriteRule).default([]),
    ringTimeoutSec: z.number().positive().max(600).nullable().optional(),
    maxCalls: z.number().int().min(1).nullable().optional(),
    inbandDtmf: z.boolean().default(false),
    /**
     * Source ports the carrier sends from, when not only the address's port (a carrier's pool):
     * calls from its host on any other port are challenged like a phone's.
     */
    sourcePorts: z
      .strictObject({ min: z.number().int().min(1).max(65535), max: z.number().int().min(1).max(65535) })
      .refine((r) => r.min <= r.max, 'min must not be above max')
      .nullable()
      .optional(),
    /** The carrier authenticates its calls by digest (from wherever they come) instead of being trusted by address. */
    inboundCredentials: z
      .strictObject({
        username: z.string().regex(/^[A-Za-z0-9_.+-]{1,64}$/, 'must be 1-64 letters, digits, "_", ".", "+" or "-"'),
        password: secret.optional(),
        passwordEnv: z
          .string()
          .regex(/^[A-Z_][A-Z0-9_]{0,63}$/, 'must be an environment variable name, e.g. CARRIER_INBOUND_PASSWORD')
          .optional(),
      })
      .refine((c) => !!c.password !== !!c.passwordEnv, 'give password or passwordEnv (one of them)')
      .nullable()
      .optional(),
  })
  .refine((t) => !t.srtp || t.transport === 'tls', {
    path: ['srtp'],
    message: 'needs transport: tls (SDES keys travel in the SIP messages, RFC 4568)',
  })
  .refine((t) => t.tlsFingerprints.length === 0 || t.transport === 'tls', { path: ['tlsFingerprints'], message: 'needs transport: tls' });

/**
 * Where calls out through a trunk may go (manual dial, call me, campaigns). Absent: the
 * workspace's own country, premium rate blocked.
 */
export const dialPlanSchema = z.strictObject({
  /** Countries that may be called (ISO 3166 alpha-2), or "all"; default: the workspace's region. */
  allowCountries: z.union([z.literal('all'), z.array(region).min(1, 'must list at least one country (or say "all")')]).optional(),
  /** libphonenumber number types never called. */
  blockTypes: z.array(z.enum(PHONE_NUMBER_TYPES)).default(['PREMIUM_RATE']),
  /** E.164 numbers or prefixes never called, e.g. "+1900". */
  blockNumbers: z.array(z.string().regex(/^\+[0-9]{1,15}$/, 'must be an E.164 number or prefix, e.g. +1900')).default([]),
});
// ── Queue waiting limits (issue 14.1): maximum wait, overflow action, reoffer time ──

export const queueOverflowSchema = z.discriminatedUnion(
  'type',
  [
    /** Another queue: the call keeps its place and enqueue time. */
    z.strictObject({ type: z.literal('queue'), queue: id }),
    /** A workflow (its queue objects keep the call's place too). */
    z.strictObject({ type: z.literal('workflow'), workflow: id }),
    /** "Press 1 to be called back": a callback for the caller's number, then confirm (optional) and goodbye; else back in line. */
    z.strictObject({ type: z.literal('callback'), prompt: wavPath, confirm: wavPath.nullable().default(null) }),
    /** A message, then hang up. */
    z.strictObject({ type: z.literal('message'), file: wavPath }),
  ],
  { error: 'type must be one of queue, workflow, callback, message' },
);
const queueWaitFields = {
  /** Longest a caller waits in this queue before `overflow` runs (needs overflow). */
  maxWaitSeconds: z.number().int('must be a whole number of seconds').min(5).max(86_400).nullable().optional(),
  overflow: queueOverflowSchema.nullable().optional(),
  /** A call an agent missed or declined is kept away from her this long (unless she is back and no one else is free). */
  reofferAfterSeconds: z.number().int('must be a whole number of seconds').min(0).max(3600).default(20),
  /** The service-level target: the floor's service level is the share of calls answered within this. */
  serviceLevelSeconds: z.number().int('must be a whole number of seconds').min(1).max(3600).default(20),
};

export const queueSchema = z.strictObject({ id, name, campaign: id, ...queueWaitFields });

const recordingRole = z.enum(['agent', 'supervisor', 'admin']);
/** Who may play and download call recordings, and how long they are kept. */
export const recordingsPolicySchema = z.strictObject({
  /** Recordings of calls older than this many days are deleted (WAV and markers); absent: RECORDINGS_RETENTION_DAYS, else kept. */
  retentionDays: z.number().int('must be a whole number of days').min(1).max(36_500).nullable().optional(),
  /** Roles that may play recordings; an agent only their own calls. */
  play: z.array(recordingRole).default(['supervisor', 'admin']),
  /** Roles that may download recordings as WAV (a subset of play makes sense; it is not required). */
  download: z.array(recordingRole).default(['supervisor', 'admin']),
});

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
  /** IVR call flows; a DNIS below says which number runs which. */
  workflows: z.array(workflowSchema).default([]),
  dnis: z.array(dnisSchema).default([]),
  /** SIP trunks to carriers or PBXs (a reload replaces them; the sandbox carrier is added by the server). */
  trunks: z.array(trunkSchema).default([]),
  dialPlan: dialPlanSchema.optional(),
  recordings: recordingsPolicySchema.optional(),
  /** WAV a held caller hears, looped (8 kHz mono 16-bit, relative to this file); absent: the shipped default. */
  musicOnHold: wavPath.optional(),
  /** The CRMs the adapter is embedded in: their origins (CORS, the event socket, the CSP's frame-ancestors), applied on reload. */
  crm: crmSectionSchema.optional(),
});

export type WorkspaceFile = z.infer<typeof workspaceFileSchema>;
