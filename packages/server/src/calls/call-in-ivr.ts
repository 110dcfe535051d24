import type { WorkspaceConfig } from '@switchboard/core';
import type { LegInfo, TelephonyEngine } from '@switchboard/telephony';
import type { Logger } from '@switchboard/shared';
import type { EngineVoiceConnector } from '../voice/engine-voice-connector';

const ATTEMPTS = 3;

/**
 * "Call in to connect": the agent's phone calls the workspace's callInNumber;
 * we answer, beep, collect the agent ID then the PIN (each ended by # or the
 * timeout) and hand the leg to the agent's waiting call-in attempt. The PIN
 * digits are masked (nobody else hears or records them).
 */
export class CallInIvr {
  constructor(
    private readonly engine: TelephonyEngine,
    private readonly voice: EngineVoiceConnector,
    private readonly workspace: () => WorkspaceConfig,
    private readonly logger: Logger,
  ) {}

  take(leg: LegInfo): boolean {
    const ws = this.workspace();
    const digits = (s: string) => s.replace(/\D/g, '');
    if (digits(leg.to) !== digits(ws.callInNumber)) return false;
    this.run(leg.id).catch((err: unknown) => {
      this.logger.warn({ err, legId: leg.id }, 'call-in IVR failed');
      this.engine.hangup(leg.id, 'normal');
    });
    return true;
  }

  private async run(legId: string): Promise<void> {
    const e = this.engine;
    await e.answer(legId);
    e.setDtmfMasking(legId, true);
    for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
      await e.play(legId, { tone: 660, durationMs: 200 });
      const id = await e.collectDigits(legId, { maxDigits: 10, terminators: '#', firstDigitTimeoutMs: 10_000, interDigitTimeoutMs: 4000 });
      if (id.reason === 'hangup' || id.reason === 'cancelled') return;
      await e.play(legId, { tone: [660, 880], durationMs: 200 });
      const pin = await e.collectDigits(legId, { maxDigits: 8, terminators: '#', firstDigitTimeoutMs: 10_000, interDigitTimeoutMs: 4000 });
      if (pin.reason === 'hangup' || pin.reason === 'cancelled') return;
      const agent = this.workspace().agents.find((a) => a.agentNumber === id.digits);
      if (agent && (await this.voice.callIn(legId, agent.id, pin.digits))) {
        e.setDtmfMasking(legId, false);
        await e.play(legId, { tone: 1200, durationMs: 150 }).catch(() => undefined);
        return;
      }
      await e.play(legId, { tone: 300, durationMs: 400 }).catch(() => undefined);
    }
    e.hangup(legId, 'normal');
  }
}
