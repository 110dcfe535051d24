import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { PacingEvent } from '@switchboard/core';
import { assertRuntimeObservable, DEFAULT_WORKLOAD, runCampaign, type PolicySpec } from '../src/index';

const small = { ...DEFAULT_WORKLOAD, agents: 10, shiftHours: 2, talkMeanSec: 60 };

test('boundary: every policy gets only what a runtime observes, AMD off and on', () => {
  const specs: PolicySpec[] = [{ kind: 'switchboard' }, { kind: 'vicidial', mode: 'HARD_LIMIT' }, { kind: 'issabel' }, { kind: 'erlang' }, { kind: 'fixed', ratio: 3 }];
  for (const amd of [false, true]) {
    for (const policy of specs) {
      const r = runCampaign({ workload: { ...small, amd }, policy, days: 2, seed: 3, checkBoundary: true });
      assert.ok(r.lives > 0);
    }
  }
});

test('boundary: an event telling a policy the ground truth is refused', () => {
  const leaks = [
    // Whether a dropped call was a person: the flaw the issue names.
    { type: 'abandoned', answeredAfterMs: 19_000, personWeight: 0.05, live: false },
    // A resolution that says person or machine without AMD.
    { type: 'resolved', kind: 'live', afterMs: 8000, wantsAgent: true },
    { type: 'resolved', kind: 'machine', afterMs: 19_000, wantsAgent: true },
    // A connection that says what the call is before the agent reports.
    { type: 'connected', waitMs: 0, answeredAfterMs: 8000, live: true },
    { type: 'abandoned', answeredAfterMs: 19_000, personWeight: 2 },
  ];
  for (const e of leaks) assert.throws(() => assertRuntimeObservable(e as unknown as PacingEvent), { code: 'DIALER_SIM_GROUND_TRUTH_LEAK' }, JSON.stringify(e));
  assert.doesNotThrow(() => assertRuntimeObservable({ type: 'abandoned', answeredAfterMs: 19_000, personWeight: 0.05 }));
  assert.doesNotThrow(() => assertRuntimeObservable({ type: 'talk-ended', talkMs: 5000, live: false }));
});
