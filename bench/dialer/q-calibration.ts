/**
 * Is Switchboard's q (the chance a busy agent is free within a new call's answer time + 2 s) calibrated?
 *   node --import tsx bench/dialer/q-calibration.ts [AGENTS] [TALK_SEC] [DAYS]
 * Runs the agent-oracle reference (which knows when each agent frees) and, at every decision, also asks
 * Switchboard's own estimate for the same agent; prints per activity and time in state the number of
 * samples, the mean of Switchboard's q, the mean of the oracle's q and the rms difference. Equal means:
 * calibrated (the oracle's edge is information, not bias); the rms is what knowing the future adds.
 * A study tool: it wraps the oracle's method on its prototype, which nothing else in the repo does.
 */
import type { PacingAgentView } from '@switchboard/core';
import { DEFAULT_WORKLOAD, ForesightSwitchboardPolicy, runCampaign } from '@switchboard/dialer-sim';

type QFn = (a: PacingAgentView, nowMs: number) => number;
const [agents = '20', talk = '120', days = '5'] = process.argv.slice(2);
const stats = new Map<string, { n: number; sb: number; or: number; sq: number }>();
const proto = ForesightSwitchboardPolicy.prototype as unknown as { busyAgentQ: QFn };
const oracleQ = proto.busyAgentQ;
const ownQ = (Object.getPrototypeOf(proto) as { busyAgentQ: QFn }).busyAgentQ;
proto.busyAgentQ = function (this: unknown, a: PacingAgentView, now: number): number {
  const o = oracleQ.call(this, a, now);
  const s = ownQ.call(this, a, now);
  const e = Math.floor((now - a.sinceMs) / 1000);
  const bucket = a.activity === 'wrap' ? Math.min(40, Math.floor(e / 5) * 5) : Math.min(400, Math.floor(e / 20) * 20);
  const k = `${a.activity} ${String(bucket).padStart(3)}+ s`;
  const r = stats.get(k) ?? { n: 0, sb: 0, or: 0, sq: 0 };
  r.n++;
  r.sb += s;
  r.or += o;
  r.sq += (s - o) ** 2;
  stats.set(k, r);
  return o;
};
const r = runCampaign({
  workload: { ...DEFAULT_WORKLOAD, agents: +agents, talkMeanSec: +talk },
  policy: { kind: 'switchboard', foresight: true, confidenceZ: 0, cap: 0.0268 },
  days: +days,
  seed: 20260105,
});
console.log(`${agents} x ${talk}, ${days} days, oracle occupancy ${(r.occupancy * 100).toFixed(2)}%`);
console.log('state          samples  mean q (Switchboard)  mean q (oracle)  rms difference');
for (const [k, v] of [...stats].sort()) {
  console.log(
    `${k.padEnd(14)} ${String(v.n).padStart(7)}  ${(v.sb / v.n).toFixed(3).padStart(20)}  ${(v.or / v.n).toFixed(3).padStart(15)}  ${Math.sqrt(v.sq / v.n)
      .toFixed(3)
      .padStart(14)}`,
  );
}
