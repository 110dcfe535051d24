import { z } from 'zod';
import { safeString } from './safe-string';

/** Where a call can be handed on (manual 8): another agent, a phone number, a workflow. */
export const transferDestinationSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('agent'), agentId: safeString().min(1).max(64) }),
  /** A campaign's transfer number or any number typed (normalised to E.164 like manual dial). */
  z.strictObject({ type: z.literal('number'), number: safeString().trim().min(1, 'Enter a number').max(40) }),
  z.strictObject({ type: z.literal('workflow'), workflowId: safeString().min(1).max(64) }),
]);
export type TransferDestination = z.infer<typeof transferDestinationSchema>;

/**
 * blind: the caller goes at once and the agent wraps; consult: the caller is held (music) while
 * the agent talks to the target; assisted: consult to a workflow, with a keypad into it.
 */
export const transferKindSchema = z.enum(['blind', 'consult', 'assisted']);
export type TransferKind = z.infer<typeof transferKindSchema>;

/** One party of the call as the agent sees it (the Parties list of a consult or conference). */
export const callPartySchema = z.object({
  id: z.string(),
  role: z.enum(['customer', 'agent', 'third-party', 'workflow']),
  /** A name (agent, workflow, transfer number's label) or the number. */
  label: z.string(),
  agentId: z.string().nullable(),
  number: z.string().nullable(),
  state: z.enum(['connecting', 'connected', 'held', 'ended']),
  /** This agent's own leg. */
  me: z.boolean(),
  joinedAt: z.string(),
  endedAt: z.string().nullable(),
});
export type CallParty = z.infer<typeof callPartySchema>;

/** A transfer or consult in progress, from the transferring agent's side. */
export const transferViewSchema = z.object({
  kind: transferKindSchema,
  to: z.object({ type: z.enum(['agent', 'number', 'workflow']), id: z.string(), label: z.string() }),
  /**
   * ringing: the target is being rung; waiting: a consult waits in the target agent's team queue;
   * talking: the agent speaks with the target (caller on hold); failed: the target did not answer
   * (the reason is in `failure`).
   */
  phase: z.enum(['ringing', 'waiting', 'talking', 'failed']),
  /** ISO time the phase began (the consult's visible wait time). */
  since: z.string(),
  failure: z.string().nullable(),
});
export type TransferView = z.infer<typeof transferViewSchema>;

/** On the receiving agent's side: how this call reached them. */
export const transferredFromSchema = z.object({
  kind: transferKindSchema,
  agentId: z.string(),
  agentName: z.string(),
  /** The transferring agent's notes so far (read-only here). */
  notes: z.string(),
  at: z.string(),
});
export type TransferredFrom = z.infer<typeof transferredFromSchema>;

/** The Transfer dialog's lists (GET /api/v1/calls/:interactionId/transfer-destinations). */
export const transferDestinationsSchema = z.object({
  agents: z.array(
    z.object({
      agentId: z.string(),
      name: z.string(),
      /** available, or paused with a reason that still takes transfers. */
      state: z.enum(['available', 'paused']),
      reason: z.string().nullable(),
      /** ISO time the agent entered that state. */
      since: z.string(),
    }),
  ),
  numbers: z.array(z.object({ label: z.string(), number: z.string() })),
  workflows: z.array(z.object({ id: z.string(), name: z.string() })),
});
export type TransferDestinations = z.infer<typeof transferDestinationsSchema>;

export const transferDestinationsParamsSchema = z.strictObject({ interactionId: safeString().min(1).max(64) });

const iid = safeString().min(1).max(64);
const partyId = safeString().min(1).max(100);

/** Transfer, consult and conference commands (manual 8; the older edition's three extra parties). */
export const transferCommandOptions = [
  z.strictObject({ type: z.literal('transfer'), interactionId: iid, kind: transferKindSchema, to: transferDestinationSchema }),
  /** Consult → Transfer: the agent leaves, the caller and the target talk. */
  z.strictObject({ type: z.literal('complete-transfer'), interactionId: iid }),
  /** Consult → Merge lines: a three-way conference. */
  z.strictObject({ type: z.literal('merge'), interactionId: iid }),
  /** Consult → Cancel: the target is dropped, the agent is back with the caller. */
  z.strictObject({ type: z.literal('cancel-consult'), interactionId: iid }),
  /** "Conference in someone else": up to three parties besides the agent and the caller. */
  z.strictObject({ type: z.literal('add-party'), interactionId: iid, to: transferDestinationSchema }),
  z.strictObject({ type: z.literal('hold-party'), interactionId: iid, partyId, held: z.boolean() }),
  z.strictObject({ type: z.literal('remove-party'), interactionId: iid, partyId }),
  /** Hang up in a conference: leave (the others go on) or terminate (every leg ends). */
  z.strictObject({ type: z.literal('leave-conference'), interactionId: iid }),
  z.strictObject({ type: z.literal('terminate-conference'), interactionId: iid }),
] as const;
