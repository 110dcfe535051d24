import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FakeClock, SwitchboardError } from '@switchboard/shared';
import { Interaction, WrapTimer, interactionCapabilities, type InteractionCampaign } from '../../src/index';
import { careCampaign } from '../interaction/helpers';
import { harness } from '../agent/helpers';

const code = (c: string) => (e: unknown) => e instanceof SwitchboardError && e.code === c;

function endedCall(clock: FakeClock, campaign: InteractionCampaign = careCampaign()) {
  const i = Interaction.inbound({ id: 'int_w', clock, campaign, customerNumber: '+61400111222', platformNumber: '+61290000000' });
  i.joinQueue('care-queue');
  i.offer('alice');
  i.answer('alice');
  i.end('customer-hangup');
  const released: number[] = [];
  const timer = new WrapTimer(clock, i, { wrapDone: () => released.push(clock.now()) });
  return { i, timer, released };
}

test('auto-wrap: after autoWrapSeconds the default outcome is applied and the agent released', () => {
  const clock = new FakeClock();
  const { i, timer, released } = endedCall(clock);
  const wrapped: unknown[] = [];
  timer.on('wrapped', (w) => wrapped.push(w));
  const v = timer.start();
  assert.equal(v.remainingSeconds, 30);
  assert.deepEqual(
    v.outcomes.map((o) => [o.id, o.default]),
    [
      ['resolved', true],
      ['follow-up', false],
      ['escalated', false],
    ],
  );
  clock.advance(29_999);
  assert.equal(timer.view().remainingSeconds, 1);
  assert.equal(i.state, 'wrap');
  assert.deepEqual(released, []);
  clock.advance(1);
  assert.equal(i.state, 'closed');
  assert.deepEqual(i.wrap.outcomeId, 'resolved');
  assert.equal(i.wrap.by, 'auto');
  assert.equal(released.length, 1);
  assert.deepEqual(wrapped, [{ interactionId: 'int_w', outcomeId: 'resolved', by: 'auto' }]);
  assert.equal(clock.pending, 0);
});

test('Extend adds the campaign seconds once, then the capability is gone', () => {
  const clock = new FakeClock();
  const { i, timer, released } = endedCall(clock);
  timer.start();
  clock.advance(20_000);
  assert.equal(interactionCapabilities('alice', i).canExtendWrap, true);
  const v = timer.extend();
  assert.equal(v.remainingSeconds, 40);
  assert.equal(v.canExtend, false);
  assert.equal(interactionCapabilities('alice', i).canExtendWrap, false);
  assert.throws(() => timer.extend(), code('ACTION_NOT_ALLOWED'));
  clock.advance(39_999);
  assert.equal(i.state, 'wrap');
  clock.advance(1);
  assert.equal(i.state, 'closed');
  assert.equal(released.length, 1);
});

test('the agent wraps with an outcome from the campaign; an outcome is required; the countdown stops', () => {
  const clock = new FakeClock();
  const { i, timer, released } = endedCall(clock);
  timer.start();
  assert.throws(() => timer.wrap(null), code('VALIDATION_FAILED'));
  assert.throws(() => timer.wrap('sold'), code('VALIDATION_FAILED'));
  assert.equal(i.state, 'wrap');
  clock.advance(5000);
  timer.wrap('escalated');
  assert.deepEqual([i.wrap.outcomeId, i.wrap.by], ['escalated', 'agent']);
  assert.equal(released.length, 1);
  assert.equal(clock.pending, 0);
  clock.advance(60_000);
  assert.equal(released.length, 1, 'never twice');
  assert.throws(() => timer.wrap('resolved'), code('ACTION_NOT_ALLOWED'));
});

test('no auto-wrap: no countdown, no Extend; a campaign without codes wraps without an outcome', () => {
  const clock = new FakeClock();
  const { timer } = endedCall(clock, careCampaign({ autoWrapSeconds: null }));
  const v = timer.start();
  assert.equal(v.deadline, null);
  assert.equal(v.canExtend, false);
  assert.equal(clock.pending, 0);
  const bare = endedCall(clock, careCampaign({ wrapCodes: [], defaultWrapCodeId: null, autoWrapSeconds: null }));
  bare.timer.start();
  bare.timer.wrap(null);
  assert.equal(bare.i.state, 'closed');
  assert.equal(bare.i.wrap.outcomeId, null);
});

test('closeBySystem applies the default without releasing the agent', () => {
  const clock = new FakeClock();
  const { i, timer, released } = endedCall(clock);
  timer.start();
  timer.closeBySystem();
  assert.deepEqual([i.state, i.wrap.by, i.wrap.outcomeId], ['closed', 'system', 'resolved']);
  assert.equal(released.length, 0);
  assert.equal(clock.pending, 0);
});

test('with a real AgentSession: auto-wrap makes the agent Available, but a pending pause wins', () => {
  for (const pendingPause of [false, true]) {
    const h = harness();
    h.session.apply({ type: 'connect-voice', method: 'web', persistent: true, saveAsDefault: false });
    h.session.voiceConnected();
    h.session.apply({ type: 'set-available' });
    h.session.callOffered();
    h.session.callAnswered();
    h.session.callEnded();
    if (pendingPause) h.session.apply({ type: 'pause', reasonId: 'lunch' });
    const { i } = endedCall(h.clock);
    const timer = new WrapTimer(h.clock, i, h.session);
    timer.start();
    h.clock.advance(30_000);
    const view = h.session.view();
    assert.equal(view.activity, 'idle');
    assert.deepEqual(view.presence.kind, pendingPause ? 'paused' : 'available');
    if (pendingPause) assert.equal(view.presence.kind === 'paused' && view.presence.reason.id, 'lunch');
  }
});
