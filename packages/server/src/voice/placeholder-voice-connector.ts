import { randomInt } from 'node:crypto';
import type { VoiceConnector, VoiceConnectRequest, VoiceConnectResult } from '@switchboard/core';
import { hashSecret, verifySecret } from '@switchboard/shared';
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
 * file). Call-in hands out what to dial and a fresh one-time 4-6 digit PIN,
 * kept in memory only as a scrypt hash so the engine's IVR can check it; the
 * answer is synchronous, so the command's response already carries it.
 * Call-me and web fail at once with VOICE_UNAVAILABLE rather than pretending.
 */
export class PlaceholderVoiceConnector implements VoiceConnector {
  private readonly pins = new Map<string, { attemptId: number; pinHash: Promise<string> }>();

  constructor(private readonly deps: PlaceholderVoiceDeps) {}

  connect(req: VoiceConnectRequest): VoiceConnectResult {
    if (req.method !== 'call-in') throw apiError('VOICE_UNAVAILABLE', ENGINE_NOT_RUNNING, { method: req.method });
    const digits = randomInt(4, 7);
    const pin = String(randomInt(0, 10 ** digits)).padStart(digits, '0');
    const pinHash = hashSecret(pin);
    pinHash.catch(() => undefined);
    this.pins.set(req.sessionId, { attemptId: req.attemptId, pinHash });
    return {
      kind: 'awaiting-call-in',
      dialNumber: this.deps.callInNumber(),
      agentNumber: this.deps.agentNumber(req.agentId),
      pin,
    };
  }

  disconnect(req: { sessionId: string; agentId: string; attemptId: number }): void {
    const p = this.pins.get(req.sessionId);
    if (p && p.attemptId <= req.attemptId) this.pins.delete(req.sessionId);
  }

  /** Checks a PIN keyed on the phone against the one issued to this session (for the engine's IVR). */
  async verifyPin(sessionId: string, pin: string): Promise<boolean> {
    const p = this.pins.get(sessionId);
    return p ? verifySecret(pin, await p.pinHash) : false;
  }
}
