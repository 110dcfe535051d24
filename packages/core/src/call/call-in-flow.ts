import type { Logger } from '@switchboard/shared';
import type { PortLeg } from './telephony-port';

const ATTEMPTS = 3;
const ENTRY = { terminators: '#', firstDigitTimeoutMs: 10_000, interDigitTimeoutMs: 4000 } as const;

export interface CallInFlowDeps {
  logger: Logger;
  /** An agent keyed their agent number and PIN on this leg: true if it opened their voice path. */
  verify(agentNumber: string, pin: string, leg: PortLeg): Promise<boolean>;
}

/**
 * "Call in to connect" (manual 1): the agent's phone calls the workspace's call-in number; the
 * call is answered with a beep, the agent keys their agent number then their PIN (each ended by
 * # or a pause), three tries, and the leg becomes their voice path. The PIN's keys are masked
 * (nobody else hears or records them). Tones are started, not waited out: keys pressed over a
 * tone still count.
 */
export async function runCallInFlow(d: CallInFlowDeps, leg: PortLeg): Promise<void> {
  const tone = async (t: number | number[], durationMs: number): Promise<void> => {
    await leg.play({ tone: t, durationMs });
  };
  await leg.answer();
  leg.setDtmfMasking(true);
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    await tone(660, 200);
    const id = await leg.collectDigits({ maxDigits: 10, ...ENTRY });
    if (id.reason === 'hangup' || id.reason === 'cancelled') return;
    await tone([660, 880], 200);
    const pin = await leg.collectDigits({ maxDigits: 8, ...ENTRY });
    if (pin.reason === 'hangup' || pin.reason === 'cancelled') return;
    if (await d.verify(id.digits, pin.digits, leg)) {
      leg.setDtmfMasking(false);
      await tone(1200, 150).catch((err: unknown) => d.logger.debug({ err }, 'call-in: the welcome beep did not play'));
      return;
    }
    await tone(300, 400).catch((err: unknown) => d.logger.debug({ err }, 'call-in: the retry tone did not play'));
  }
  leg.hangup('normal');
}
