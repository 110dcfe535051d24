import type { PacingAgentView, PacingObservation } from '../../src/dialer/index';

export const ZERO = { live: 0, abandoned: 0 };

export function obs(parts: {
  ready?: number;
  talking?: number[];
  wrap?: number[];
  ringing?: number[];
  waiting?: number;
  tallies?: Partial<PacingObservation['tallies']>;
}): PacingObservation {
  // Observed at clock time 0: an agent e ms into its state entered it at -e.
  const agents: PacingAgentView[] = [];
  for (let i = 0; i < (parts.ready ?? 0); i++) agents.push({ activity: 'ready', sinceMs: 0 });
  for (const e of parts.talking ?? []) agents.push({ activity: 'talking', sinceMs: -e });
  for (const e of parts.wrap ?? []) agents.push({ activity: 'wrap', sinceMs: -e });
  return {
    nowMs: 0,
    agents,
    counts: { ready: parts.ready ?? 0, talking: (parts.talking ?? []).length, wrap: (parts.wrap ?? []).length },
    ringingSinceMs: (parts.ringing ?? []).map((age) => -age),
    waiting: parts.waiting ?? 0,
    tallies: { window24h: ZERO, window30d: ZERO, today: ZERO, ...parts.tallies },
  };
}
