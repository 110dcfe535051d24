import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AbandonAccounting, DialerErrorCode, SwitchboardPacingPolicy, type PacingObservation, type PacingPolicy } from '@switchboard/core';
import {
  CAMPAIGN_START,
  DEFAULT_WORKLOAD,
  LeadPool,
  policyLabel,
  runCampaign,
  SimClock,
  simulateDay,
  WAIT_HIST_BINS,
  type DayResult,
  type PolicySpec,
  type Workload,
} from '../src/index';

const LAST_DIAL = CAMPAIGN_START + 3_600_000 - 30_000;
const code = (c: string) => (e: unknown) => (e as { code?: string }).code === c;
const small = { ...DEFAULT_WORKLOAD, agents: 5, shiftHours: 1 };
/** The first model: calls drawn to answer after the 20 s ring-out still answer. */
const lenient = { ...small, answersAfterRingOut: true };
/** Every dial reaches a machine, which answers 17-23 s after dialling (when nothing cuts it). */
const machinesOnly: Workload = { ...lenient, liveStart: 0, liveEnd: 0, machine: 1, busy: 0, invalid: 0 };

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

/** OnePerSecond that asks for its own ring-out on every call (as Switchboard's RingOutPlanner does). */
class OwnRingOut extends OnePerSecond {
  constructor(private readonly outs: ReadonlyArray<number | undefined>) {
    super();
  }
  private i = 0;
  ringOutMs(): number | undefined {
    return this.outs[this.i++ % this.outs.length];
  }
}

function day(w: Workload, ringLimitMs?: number, policy: OnePerSecond = new OnePerSecond()): { res: DayResult; resolved: string[] } {
  const res = simulateDay({
    workload: w,
    seed: 5,
    day: 0,
    dayStart: CAMPAIGN_START,
    policy,
    clock: new SimClock(CAMPAIGN_START),
    leads: new LeadPool(true),
    waitHist: new Uint32Array(WAIT_HIST_BINS),
    accounting: new AbandonAccounting(),
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
  assert.ok(
    free.resolved.every((r) => r.startsWith('answered@')),
    'machines only without a limit (first model)',
  );
  // Machines answer at 17-23 s: a 15 s limit cuts every one of them at exactly 15 s.
  const at15 = day(machinesOnly, 15_000);
  assert.equal(at15.resolved.length, free.resolved.length);
  assert.ok(at15.resolved.every((r) => r === 'no-answer@15000'));
  assert.equal(at15.res.machineMs, 0);
  // At 20 s: each call keeps its drawn fate up to the limit and is cut after it (common random numbers).
  const expected = free.resolved.map((r) => (+r.slice('answered@'.length) > 20_000 ? 'no-answer@20000' : r)).sort();
  const at20 = day(machinesOnly, 20_000);
  assert.deepEqual(at20.resolved, expected);
  const cut = expected.filter((r) => r === 'no-answer@20000').length;
  assert.ok(cut > 0.3 * expected.length && cut < 0.7 * expected.length, `about half cut: ${cut}`);
  // People who would answer late never do: fewer lives with a 15 s limit.
  const people = { ...lenient, liveStart: 1, liveEnd: 1, machine: 0, busy: 0, invalid: 0 };
  const p0 = day(people);
  const p15 = day(people, 15_000);
  const late = p0.resolved.filter((r) => +r.slice(r.indexOf('@') + 1) > 15_000).length;
  assert.ok(late > 0);
  assert.equal(p15.resolved.filter((r) => r === 'no-answer@15000').length, late);
});

test('ring-out: by default the workload timeout (20 s) cuts late answers, as a 20 s limit does', () => {
  // Default model: machines drawn to answer after 20 s are no answers at 20 s.
  const cut = day({ ...machinesOnly, answersAfterRingOut: false });
  assert.deepEqual(cut.resolved, day(machinesOnly, 20_000).resolved);
  assert.ok(cut.resolved.some((r) => r === 'no-answer@20000'));
  assert.ok(cut.resolved.every((r) => r === 'no-answer@20000' || +r.slice('answered@'.length) <= 20_000));
  // Whole campaigns: the default equals an explicit 20 s limit, for every kind of policy.
  for (const policy of [{ kind: 'switchboard' }, { kind: 'vicidial', mode: 'TAPERED' }, { kind: 'progressive' }] as PolicySpec[]) {
    const a = runCampaign({ workload: small, policy, days: 2, seed: 11 });
    assert.deepEqual(runCampaign({ workload: small, policy: { ...policy, ringLimitMs: 20_000 }, days: 2, seed: 11 }), a, policy.kind);
    // The first model differs: late machines reach agents.
    assert.notDeepEqual(runCampaign({ workload: lenient, policy, days: 2, seed: 11 }), a, policy.kind);
  }
  // The clairvoyant bound loses the same late people: fewer lives than in the first model.
  const cv = runCampaign({ workload: { ...small, agents: 20 }, policy: { kind: 'clairvoyant' }, days: 1, seed: 11 });
  const cvLenient = runCampaign({ workload: { ...lenient, agents: 20 }, policy: { kind: 'clairvoyant' }, days: 1, seed: 11 });
  assert.ok(cv.dialsPerLive > cvLenient.dialsPerLive, `${cv.dialsPerLive} > ${cvLenient.dialsPerLive}`);
});

test('ring limit: in the first model a limit nothing reaches changes nothing; one that cuts does', () => {
  // People are capped at 30 s: with no no-answer calls, a 30 s limit never cuts.
  const people = { ...lenient, liveStart: 0.5, liveEnd: 0.5, machine: 0.5, busy: 0, invalid: 0 };
  assert.deepEqual(day(people, 30_000), day(people));
  const c = runCampaign({ workload: lenient, policy: { kind: 'switchboard', ringLimitMs: 17_000 }, days: 2, seed: 11 });
  assert.notDeepEqual(c, runCampaign({ workload: lenient, policy: { kind: 'switchboard' }, days: 2, seed: 11 }));
});

test("ring-out: a policy's own ring-out cuts its calls, never under 15 s nor past the campaign's", () => {
  // Machines answer at 17-23 s; the policy hangs up at 16 s on every other call and leaves the rest to the campaign's 20 s.
  const own = day({ ...machinesOnly, answersAfterRingOut: false }, undefined, new OwnRingOut([16_000, undefined]));
  const campaign = day({ ...machinesOnly, answersAfterRingOut: false });
  const at16 = own.resolved.filter((r) => r === 'no-answer@16000').length;
  assert.ok(Math.abs(at16 - own.resolved.length / 2) <= 1, `half the calls cut at 16 s: ${at16} of ${own.resolved.length}`);
  const rest = own.resolved.filter((r) => r !== 'no-answer@16000');
  assert.ok(rest.every((r) => r === 'no-answer@20000' || +r.slice('answered@'.length) <= 20_000));
  assert.ok(own.res.machineMs < campaign.res.machineMs, 'fewer machines reach agents');
  // Even in the first model (late answers through), a policy's hang-up cuts.
  assert.ok(day(machinesOnly, undefined, new OwnRingOut([16_000])).resolved.every((r) => r === 'no-answer@16000'));
  // Longer than the campaign's ring-out: the campaign's.
  assert.deepEqual(day({ ...machinesOnly, answersAfterRingOut: false }, undefined, new OwnRingOut([25_000])).resolved, campaign.resolved);
  assert.throws(() => day(machinesOnly, undefined, new OwnRingOut([14_000])), code(DialerErrorCode.RingTooShort));
});

test('ring-out: Switchboard learns to hang up before the machines answer, and still hears some late answers', () => {
  const shift = (ringOut: boolean): DayResult => {
    const clock = new SimClock(CAMPAIGN_START);
    return simulateDay({
      workload: { ...DEFAULT_WORKLOAD, agents: 10, shiftHours: 2 },
      seed: 11,
      day: 0,
      dayStart: CAMPAIGN_START,
      policy: new SwitchboardPacingPolicy(clock, { ringOut }),
      clock,
      leads: new LeadPool(true),
      waitHist: new Uint32Array(WAIT_HIST_BINS),
      accounting: new AbandonAccounting(),
    });
  };
  const on = shift(true);
  const off = shift(false);
  assert.ok(on.machineMs < 0.5 * off.machineMs, `machine time ${on.machineMs} vs ${off.machineMs} ms`);
  assert.ok(on.machineMs > 0, 'the exploring calls still reach some machines');
});
