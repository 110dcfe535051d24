import { callbackFromRequest, type CallbackStore } from '../workflow/callback-store';
import type { CallbackRequest } from '../workflow/workflow-runner';
import { newId, type Logger } from '@switchboard/shared';

/**
 * A workflow's callback object: kept for the outbound dialler, the number in E.164 (the
 * workspace's region for national numbers). A caller ID that is not a phone number is logged,
 * not stored; a store failure is logged (the caller has already been told).
 */
export function storeCallbackRequest(d: { callbacks: CallbackStore; logger: Logger; region: string }, interactionId: string, request: CallbackRequest): void {
  let input;
  try {
    input = callbackFromRequest(request, { id: newId('cb'), interactionId, region: d.region });
  } catch (err) {
    d.logger.warn({ err, number: request.number, interactionId }, 'callback not stored: the number is not a phone number');
    return;
  }
  d.callbacks.add(input).then(
    (cb) => d.logger.info({ callbackId: cb.id, interactionId: cb.interactionId, campaignId: cb.campaignId }, 'callback requested'),
    (err: unknown) => d.logger.error({ err, interactionId }, 'storing a callback request failed'),
  );
}
