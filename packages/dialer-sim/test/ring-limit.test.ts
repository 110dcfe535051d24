import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AbandonLedger, DialerErrorCode, type PacingObservation, type PacingPolicy } from '@switchboard/core';
import {
  CAMPAIGN_START, DEFAULT_WORKLOAD, LeadPool, policyLabel, runCampaign, SimClock, simulateDay, WAIT_HIST_BINS,
  type DayResult, type PolicySpec, type Workload,
} from '../src/index';

const LAST_DIAL = CAMPAIGN_START + 3_600_000 - 30_000;
const code = (c: string) => (e: unknown) => (e as { code?: string }).code === c;
const small = { ...DEFAULT_WORKLOAD, agents: 5, shiftHours: 1 };
/** Every dial reaches a machine, which answers 17-23 s after dialling. */
const machinesOnly: Workload = { ...small, liveStart: 0, liveEnd: 0, machine: 1, busy: 0, invalid: 0 };

/**
 * Places exactly one call on every whole second (whatever happens) until 30 s before the
 * shift ends, so every call resolves within the shift, and records each resolution.
 */
class OnePerSecond implements PacingPolicy {
  readonly name = 'one-per-second';
  readonly resolved: string[] = [];
  private readonly placed = new Set<number>();
  decide(obs: PacingObservation): number {
    if (obs.nowMs % 1000 !== 0 || obs.nowMs > LAST_DIAL || this.placed.has(obs.nowMs)) return 0;
    this.placed.add(obs.nowMs);
    return 1;
  }
  observe(e: Parameters<PacingPolicy['observe']>[0]): void {
    if (e.type === 'resolved') this.resolved.push(`${e.kind}@${e.afterMs}`);
  }
}

function day(w: Workload, ringLimitMs?: number): { res: DayResult; resolved: string[] } {
  const policy = new OnePerSecond();
  const res = simulateDay({
    workload: w, seed: 5, day: 0, dayStart: CAMPAIGN_START, policy, clock: new SimClock(CAMPAIGN_START),
    ledger: new AbandonLedger(), leads: new LeadPool(true), waitHist: new Uint32Array(WAIT_HIST_BINS),
    ...(ringLimitMs !== undefined ? { ringLimitMs } : {}),
  });
  return { res, resolved: policy.resolved.slice().sort() };
}

test('ring limit: under 15 s is refused with the minimum-ring rule error', () => {
  const spec: PolicySpec = { kind: 'switchboard', ringLimitMs: 14_999 };
  assert.throws(() => runCampaign({ workload: small, policy: spec, days: 1, seed: 1 }), code(DialerErrorCode.RingTooShort));
  assert.throws(() => runCampaign({ workload: small, policy: { kind: 'vicidial', mode: 'TAPERED', ringLimitMs: 10_000 }, days: 1, seed: 1 }), code(DialerErrorCode.RingTooShort));
  assert.throws(() => day(machinesOnly, 14_000), code(DialerErrorCode.RingTooShort));
  assert.throws(() => day(machinesOnly, Number.NaN), code(DialerErrorCode.RingTooShort));
  assert.doesNotThrow(() => runCampaign({ workload: small, policy: { kind: 'progressive', ringLimitMs: 15_000 }, days: 1, seed: 1 }));
  assert.equal(policyLabel({ kind: 'progressive', ringLimitMs: 17_000 }), 'progressive (ring 17.0 s)');
});

test('ring limit: a call whose drawn answer comes after the limit resolves as no answer at the limit', () => {
  const free = day(machinesOnly);
  assert.ok(free.resolved.length > 3000);
  assert.ok(free.resolved.every((r) => r.startsWith('machine@')), 'machines only without a limit');
  // Machines answer at 17-23 s: a 15 s limit cuts every one of them at exactly 15 s.
  const at15 = day(machinesOnly, 15_000);
  assert.equal(at15.resolved.length, free.resolved.length);
  assert.ok(at15.resolved.every((r) => r === 'no-answer@15000'));
  assert.equal(at15.res.machineMs, 0);
  // At 20 s: each call keeps its drawn fate up to the limit and is cut after it (common random numbers).
  const expected = free.resolved.map((r) => (+r.slice('machine@'.length) > 20_000 ? 'no-answer@20000' : r)).sort();
  const at20 = day(machinesOnly, 20_000);
  assert.deepEqual(at20.resolved, expected);
  const cut = expected.filter((r) => r === 'no-answer@20000').length;
  assert.ok(cut > 0.3 * expected.length && cut < 0.7 * expected.length, `about half cut: ${cut}`);
  // People who would answer late never do: fewer lives with a 15 s limit.
  const people = { ...small, liveStart: 1, liveEnd: 1, machine: 0, busy: 0, invalid: 0 };
  const p0 = day(people);
  const p15 = day(people, 15_000);
  const late = p0.resolved.filter((r) => +r.slice(r.indexOf('@') + 1) > 15_000).length;
  assert.ok(late > 0);
  assert.equal(p15.resolved.filter((r) => r === 'no-answer@15000').length, late);
});

test('ring limit: absent, results are unchanged; a limit nothing reaches changes nothing', () => {
  // Figures from before the option existed (seed 11, one 1-hour shift, 5 agents).
  const sb = runCampaign({ workload: small, policy: { kind: 'switchboard' }, days: 1, seed: 11 });
  assert.equal(sb.lives, 99);
  assert.equal(sb.abandoned, 0);
  assert.equal(sb.occupancy, 0.5539212835557725);
  assert.equal(sb.dialsPerAgentHour, 101);
  const vd = runCampaign({ workload: small, policy: { kind: 'vicidial', mode: 'TAPERED' }, days: 1, seed: 11 });
  assert.equal(vd.lives, 327);
  assert.equal(vd.abandoned, 193);
  assert.equal(vd.occupancy, 0.868938459757487);
  // People are capped at 30 s and no answer rings out at 20 s: a 30 s limit never cuts.
  for (const policy of [{ kind: 'switchboard' }, { kind: 'vicidial', mode: 'TAPERED' }] as PolicySpec[]) {
    const a = runCampaign({ workload: small, policy, days: 2, seed: 11 });
    const b = runCampaign({ workload: small, policy: { ...policy, ringLimitMs: 30_000 }, days: 2, seed: 11 });
    assert.deepEqual(b, a, policy.kind);
  }
  const c = runCampaign({ workload: small, policy: { kind: 'switchboard', ringLimitMs: 17_000 }, days: 2, seed: 11 });
  assert.notDeepEqual(c, runCampaign({ workload: small, policy: { kind: 'switchboard' }, days: 2, seed: 11 }));
});
