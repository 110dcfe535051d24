import type { AgentView, PacingObservation } from '../../src/dialer/index';

export const ZERO = { live: 0, abandoned: 0 };

export function obs(parts: { ready?: number; talking?: number[]; wrap?: number[]; ringing?: number[]; waiting?: number; tallies?: Partial<PacingObservation['tallies']> }): PacingObservation {
  const agents: AgentView[] = [];
  for (let i = 0; i < (parts.ready ?? 0); i++) agents.push({ activity: 'ready', inStateMs: 0 });
  for (const e of parts.talking ?? []) agents.push({ activity: 'talking', inStateMs: e });
  for (const e of parts.wrap ?? []) agents.push({ activity: 'wrap', inStateMs: e });
  return {
    agents,
    ringingAgesMs: parts.ringing ?? [],
    waiting: parts.waiting ?? 0,
    tallies: { window24h: ZERO, window30d: ZERO, today: ZERO, ...parts.tallies },
  };
}
