import type { WorkspaceConfig } from '@switchboard/core';
import type { LegHandle, LegInfo } from '@switchboard/telephony';
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
    private readonly voice: EngineVoiceConnector,
    private readonly workspace: () => WorkspaceConfig,
    private readonly logger: Logger,
  ) {}

  take(leg: LegHandle, info: LegInfo): boolean {
    const ws = this.workspace();
    const digits = (s: string) => s.replace(/\D/g, '');
    if (digits(info.to) !== digits(ws.callInNumber)) return false;
    this.run(leg).catch((err: unknown) => {
      this.logger.warn({ err, legId: leg.id }, 'call-in IVR failed');
      leg.hangup('normal');
    });
    return true;
  }

  /** A tone, started (not waited out: digits keyed over it are collected). */
  private async beep(leg: LegHandle, tone: number | number[], durationMs: number): Promise<void> {
    await leg.play({ tone, durationMs });
  }

  private async run(leg: LegHandle): Promise<void> {
    await leg.answer();
    leg.setDtmfMasking(true);
    for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
      await this.beep(leg, 660, 200);
      const id = await leg.collectDigits({ maxDigits: 10, terminators: '#', firstDigitTimeoutMs: 10_000, interDigitTimeoutMs: 4000 });
      if (id.reason === 'hangup' || id.reason === 'cancelled') return;
      await this.beep(leg, [660, 880], 200);
      const pin = await leg.collectDigits({ maxDigits: 8, terminators: '#', firstDigitTimeoutMs: 10_000, interDigitTimeoutMs: 4000 });
      if (pin.reason === 'hangup' || pin.reason === 'cancelled') return;
      const agent = this.workspace().agents.find((a) => a.agentNumber === id.digits);
      if (agent && (await this.voice.callIn(leg, agent.id, pin.digits))) {
        leg.setDtmfMasking(false);
        await leg.play({ tone: 1200, durationMs: 150 }).catch((err: unknown) => this.logger.debug({ err }, 'call-in: the welcome beep did not play'));
        return;
      }
      await this.beep(leg, 300, 400).catch((err: unknown) => this.logger.debug({ err }, 'call-in: the retry tone did not play'));
    }
    leg.hangup('normal');
  }
}
