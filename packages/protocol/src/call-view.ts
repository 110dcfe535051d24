import { z } from 'zod';
import { callPartySchema, transferViewSchema, transferredFromSchema } from './transfer';

/** The interaction's states (core's INTERACTION_STATES). */
export const interactionStateSchema = z.enum(['ivr', 'queued', 'offered', 'dialling', 'connected', 'wrap', 'closed', 'failed', 'abandoned']);
export type InteractionStateName = z.infer<typeof interactionStateSchema>;

/** Manual section 9: orange recording, dark grey paused/stopped, light grey control disabled. */
export const recordingIconSchema = z.enum(['recording', 'paused', 'disabled']);

export const callCapabilitiesSchema = z.object({
  canAnswer: z.boolean(),
  canDecline: z.boolean(),
  canHold: z.boolean(),
  canResume: z.boolean(),
  canMute: z.boolean(),
  canToggleRecording: z.boolean(),
  canBookmark: z.boolean(),
  canPlayAnnouncement: z.boolean(),
  canStopAnnouncement: z.boolean(),
  canHangUp: z.boolean(),
  canSendDtmf: z.boolean(),
  canEditNotes: z.boolean(),
  canWrap: z.boolean(),
  canExtendWrap: z.boolean(),
  /** Manual 8: open the Transfer dialog (a connected call, nothing else in progress). */
  canTransfer: z.boolean(),
  /** A consult is talking to its target: Transfer / Merge lines / Cancel. */
  canCompleteTransfer: z.boolean(),
  canMerge: z.boolean(),
  canCancelConsult: z.boolean(),
  /** "Conference in someone else" (merged, fewer than five parties). */
  canAddParty: z.boolean(),
  /** Hold or remove one party of the conference. */
  canManageParties: z.boolean(),
  /** Hang up asks Leave / Terminate (a conference). */
  canLeave: z.boolean(),
});
export type CallCapabilities = z.infer<typeof callCapabilitiesSchema>;

export const markerSchema = z.object({
  kind: z.enum(['manual', 'announcement-start', 'announcement-end']),
  /** "Manual", or the announcement's name. */
  label: z.string(),
  offsetMs: z.number().int().nonnegative(),
  at: z.string(),
});

export const wrapViewSchema = z.object({
  outcomes: z.array(z.object({ id: z.string(), name: z.string(), default: z.boolean() })),
  /** ISO time the auto-wrap runs out; null without auto-wrap. */
  deadline: z.string().nullable(),
  remainingSeconds: z.number().int().nullable(),
  canExtend: z.boolean(),
  /** The "+N seconds" Extend adds. */
  extendSeconds: z.number().int().nullable(),
  outcomeRequired: z.boolean(),
});
export type WrapView = z.infer<typeof wrapViewSchema>;

/** The open interaction as the adapter shows it (Info, Notes, controls, wrap). */
export const callViewSchema = z.object({
  id: z.string().describe('Interaction ID'),
  direction: z.enum(['IN', 'OUT']).describe('Call Type'),
  state: interactionStateSchema,
  /** ringing: show Answer/Decline; live: the call is up; ended: wrap (shown in the ended colour). */
  presentation: z.enum(['ringing', 'dialling', 'live', 'ended']),
  campaignId: z.string().nullable(),
  campaignName: z.string().nullable(),
  customerNumber: z.string().nullable(),
  platformNumber: z.string().nullable(),
  /** The Info tab, view only, in order. */
  info: z.array(z.object({ key: z.string(), label: z.string(), value: z.string() })),
  ivrData: z.array(z.object({ label: z.string(), value: z.string(), at: z.string() })),
  timeInQueueMs: z.number().int().nullable(),
  notes: z.string(),
  held: z.boolean(),
  muted: z.boolean(),
  recording: z.object({ state: z.enum(['off', 'recording', 'paused']), icon: recordingIconSchema, markers: z.array(markerSchema) }),
  announcements: z.array(z.object({ id: z.string(), name: z.string() })),
  /** The announcement playing now. */
  announcement: z.object({ id: z.string(), name: z.string() }).nullable(),
  startedAt: z.string(),
  answeredAt: z.string().nullable(),
  endedAt: z.string().nullable(),
  endCause: z.string().nullable(),
  wrap: wrapViewSchema.nullable(),
  capabilities: callCapabilitiesSchema,
  /** Every party of the call with its state (customer, agents, third parties). */
  parties: z.array(callPartySchema),
  /** A consult or transfer this agent started and that is still in progress. */
  transfer: transferViewSchema.nullable(),
  /** The parties are merged into a conference. */
  conference: z.boolean(),
  /** This call was handed to this agent by another (who, how, their notes). */
  transferredFrom: transferredFromSchema.nullable(),
});
export type CallView = z.infer<typeof callViewSchema>;

/** What the agent may do about calls outside an interaction (manual section 7). */
export const dialViewSchema = z.object({
  canDial: z.boolean(),
  /** Default region for numbers typed without a country code (ISO 3166 alpha-2). */
  region: z.string(),
});
export type DialView = z.infer<typeof dialViewSchema>;
