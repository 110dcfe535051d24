import { z } from 'zod';
import { safeString, safeText } from './safe-string';
import { transferCommandOptions } from './transfer';

const iid = safeString().min(1).max(64);

/** Commands about the agent's calls (manual sections 5-7, 9-11, 13, 14). */
export const callCommandOptions = [
  z.strictObject({ type: z.literal('answer'), interactionId: iid }),
  z.strictObject({ type: z.literal('decline'), interactionId: iid }),
  z.strictObject({ type: z.literal('hang-up'), interactionId: iid }),
  z.strictObject({ type: z.literal('hold'), interactionId: iid }),
  z.strictObject({ type: z.literal('resume'), interactionId: iid }),
  z.strictObject({ type: z.literal('mute'), interactionId: iid, muted: z.boolean() }),
  z.strictObject({ type: z.literal('send-dtmf'), interactionId: iid, digits: z.string().regex(/^[0-9*#A-D]{1,32}$/, 'digits 0-9, *, #, A-D') }),
  z.strictObject({ type: z.literal('set-notes'), interactionId: iid, text: safeText().max(10000) }),
  z.strictObject({ type: z.literal('toggle-recording'), interactionId: iid }),
  z.strictObject({ type: z.literal('add-bookmark'), interactionId: iid }),
  z.strictObject({ type: z.literal('play-announcement'), interactionId: iid, announcementId: safeString().min(1).max(64) }),
  z.strictObject({ type: z.literal('stop-announcement'), interactionId: iid }),
  z.strictObject({ type: z.literal('wrap'), interactionId: iid, outcomeId: safeString().min(1).max(64).optional() }),
  z.strictObject({ type: z.literal('extend-wrap'), interactionId: iid }),
  z.strictObject({
    type: z.literal('dial'),
    number: safeString().trim().min(1, 'Enter a number').max(40),
    /** Null: "Skip campaign". */
    campaignId: safeString().min(1).max(64).nullable(),
  }),
  ...transferCommandOptions,
] as const;

export const callCommandSchema = z.discriminatedUnion('type', [...callCommandOptions]);
export type CallCommand = z.infer<typeof callCommandSchema>;

/** Web Connect: the browser's SDP offer for the agent's voice path, answered by the engine. */
export const webrtcOfferSchema = z.strictObject({ sdp: safeText().min(10).max(20000) });
export const webrtcAnswerSchema = z.object({ sdp: z.string() });
