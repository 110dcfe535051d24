import { randomInt } from 'node:crypto';
import type { VoiceConnector, VoiceConnectRequest, VoiceConnectResult } from '@switchboard/core';
import { hashSecret } from '@switchboard/shared';
import { apiError } from '../http/api-error';

export const ENGINE_NOT_RUNNING = 'The telephony engine is not running in this build yet';

export interface PlaceholderVoiceDeps {
  /** The workspace's "Call in to connect" number. */
  callInNumber(): string;
  /** The agent's numeric id keyed in on the phone. */
  agentNumber(agentId: string): string;
}

/**
 * The voice port until the telephony engine lands (a later issue replaces this
 * file). Call-in hands out what to dial and a fresh one-time PIN, kept only as
 * a hash, so the engine can check it later; call-me and web fail honestly with
 * VOICE_UNAVAILABLE instead of pretending to connect.
 */
export class PlaceholderVoiceConnector implements VoiceConnector {
  /** One-time PIN hashes by session, for the engine's IVR to verify. */
  private readonly pins = new Map<string, { attemptId: number; pinHash: string }>();

  constructor(private readonly deps: PlaceholderVoiceDeps) {}

  async connect(req: VoiceConnectRequest): Promise<VoiceConnectResult> {
    if (req.method !== 'call-in') throw apiError('VOICE_UNAVAILABLE', ENGINE_NOT_RUNNING);
    const digits = randomInt(4, 7);
    const pin = String(randomInt(0, 10 ** digits)).padStart(digits, '0');
    this.pins.set(req.sessionId, { attemptId: req.attemptId, pinHash: await hashSecret(pin) });
    return {
      kind: 'awaiting-call-in',
      dialNumber: this.deps.callInNumber(),
      agentNumber: this.deps.agentNumber(req.agentId),
      pin,
    };
  }

  disconnect(req: { sessionId: string; agentId: string; attemptId: number }): void {
    this.pins.delete(req.sessionId);
  }

  /** The hash of the PIN currently issued to a session (for tests and, later, the engine). */
  pinHash(sessionId: string): string | undefined {
    return this.pins.get(sessionId)?.pinHash;
  }
}
