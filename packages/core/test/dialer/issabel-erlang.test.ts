import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FakeClock } from '@switchboard/shared';
import { erlangB, erlangBLoad, ErlangBlindPolicy, IssabelPredictorPolicy } from '../../src/dialer/index';
import { obs } from './helpers';

test('Issabel: about-to-be-free when 1 - exp(-(elapsed + ring) / talk) >= 0.97', () => {
  // 600 s into a call, ring 10 s, mean talk 120 s: 1 - e^(-610/120) = 0.9938 -> about to be free.
  // (2 free + 1 soon - 0 waiting - 1 ringing) / 0.25 = 8.
  assert.equal(
    IssabelPredictorPolicy.callsToPlace({
      free: 2,
      talkingElapsedMs: [600_000],
      waiting: 0,
      ringing: 1,
      answerRate: 0.25,
      meanRingMs: 10_000,
      meanTalkMs: 120_000,
      threshold: 0.97,
    }),
    8,
  );
  // 100 s in: 1 - e^(-110/120) = 0.60 -> not yet; (1 - 0 - 0) / 0.3 = 3.33 -> 3.
  assert.equal(
    IssabelPredictorPolicy.callsToPlace({
      free: 1,
      talkingElapsedMs: [100_000],
      waiting: 0,
      ringing: 0,
      answerRate: 0.3,
      meanRingMs: 10_000,
      meanTalkMs: 120_000,
      threshold: 0.97,
    }),
    3,
  );
  // Nothing needed: 0.
  assert.equal(IssabelPredictorPolicy.callsToPlace({ free: 1, talkingElapsedMs: [], waiting: 1, ringing: 0, answerRate: 0.3, meanRingMs: 1, meanTalkMs: 1, threshold: 0.97 }), 0);
});

test('Issabel: learns its rates from outcomes, dials 1:1 until warmed up, runs on its cycle', () => {
  const clock = new FakeClock();
  const p = new IssabelPredictorPolicy(clock, { warmup: 4 });
  assert.equal(p.decide(obs({ ready: 2 })), 2);
  for (let i = 0; i < 4; i++) p.observe({ type: 'resolved', kind: i === 0 ? 'answered' : 'no-answer', afterMs: 10_000, wantsAgent: i === 0 });
  p.observe({ type: 'talk-ended', talkMs: 120_000 });
  clock.advance(1000);
  assert.equal(p.decide(obs({ ready: 2 })), 0, 'inside its 3 s cycle');
  clock.advance(2000);
  // answer rate 1/4: (2 free) / 0.25 = 8.
  assert.equal(p.decide(obs({ ready: 2 })), 8);
});

test('Erlang-B by hand', () => {
  assert.equal(erlangB(1, 1), 0.5);
  assert.ok(Math.abs(erlangB(2, 1) - 0.2) < 1e-12);
  assert.ok(Math.abs(erlangBLoad(2, 0.2) - 1) < 1e-9);
});

test('Erlang-blind: dials at A / (handle x live rate) regardless of agent state', () => {
  const clock = new FakeClock();
  const p = new ErlangBlindPolicy(clock, 0.2, 4);
  for (let i = 0; i < 4; i++) p.observe({ type: 'resolved', kind: i < 2 ? 'answered' : 'busy', afterMs: 1, wantsAgent: i < 2 });
  // Lives as the runtime knows them: one the agent reported a person, one drop counted as a person.
  p.observe({ type: 'reported', live: true, answeredAfterMs: 1 });
  p.observe({ type: 'abandoned', answeredAfterMs: 1, personWeight: 1 });
  p.observe({ type: 'talk-ended', talkMs: 90_000, live: true });
  p.observe({ type: 'wrap-ended', wrapMs: 10_000 });
  // 2 agents at 20% loss: A = 1 erlang; handle 100 s; live rate 0.5 -> 0.02 dials/s: 2 in 101 s.
  p.decide(obs({ talking: [1, 1] }));
  let placed = 0;
  for (let i = 0; i < 2; i++) {
    clock.advance(50_500);
    placed += p.decide(obs({ talking: [1, 1] }));
  }
  assert.equal(placed, 2);
});
