import { test } from 'node:test';
import assert from 'node:assert/strict';
import { IllegalTransitionError, allowedMoves, forbiddenMoves, silentLogger, StateMachine, type TransitionTable } from '@switchboard/shared';
import { CallDesk, INBOUND_CALL_TRANSITIONS, MANUAL_CALL_TRANSITIONS, MemoryCallRecordStore, MemoryCallbackStore, type WorkspaceConfig } from '../../src/index';
import { callMe, harness, type Harness } from '../agent/helpers';
import { FakeLeg, FakeLines, FakePort } from './fake-port';

function walk<S extends string>(name: string, table: TransitionTable<S>): void {
  for (const [from, to] of allowedMoves(table)) {
    const m = new StateMachine(name, table, from);
    m.transition(to);
    assert.equal(m.state, to, `${from} → ${to}`);
  }
  for (const [from, to] of forbiddenMoves(table)) {
    const m = new StateMachine(name, table, from);
    assert.throws(() => m.transition(to), IllegalTransitionError, `${from} → ${to} is refused`);
    assert.equal(m.state, from);
  }
}

test('the inbound and manual call tables: every allowed move works, every other one throws and changes nothing', () => {
  walk('inbound', INBOUND_CALL_TRANSITIONS);
  walk('manual', MANUAL_CALL_TRANSITIONS);
  assert.deepEqual(INBOUND_CALL_TRANSITIONS.ended, []);
  // A manual call never reaches its customer before the agent's own phone answered.
  assert.ok(!MANUAL_CALL_TRANSITIONS['agent-ringing'].includes('bridged'));
});

const WS = {
  name: 'test',
  region: 'AU',
  callInNumber: '+61290000000',
  teams: [],
  pauseReasons: [],
  agents: [{ id: 'alice', username: 'alice', region: null }],
  staff: [],
  campaigns: [
    {
      id: 'care-inbound',
      name: 'Care',
      direction: 'inbound',
      dialMode: null,
      wrapCodes: [{ id: 'done', name: 'Done' }],
      defaultWrapCodeId: 'done',
      autoWrapSeconds: 30,
      extendSeconds: null,
      recording: 'always',
      bookmarks: true,
      announcements: [],
      transferNumbers: [],
    },
  ],
  queues: [{ id: 'care', name: 'Care', campaignId: 'care-inbound', reofferAfterSeconds: 0 }],
  workflows: [{ id: 'wf', name: 'Care line', start: 'q', objects: [{ id: 'q', type: 'queue', queueId: 'care' }] }],
  dnis: [{ number: '+61290000001', workflowId: 'wf' }],
} as unknown as WorkspaceConfig;

const tick = () => new Promise((r) => setImmediate(r));

function setup(line: 'open' | 'per-call') {
  const h: Harness = harness();
  const port = new FakePort();
  const lines = new FakeLines();
  const desk = new CallDesk({
    port,
    lines,
    clock: h.clock,
    logger: silentLogger,
    records: new MemoryCallRecordStore(),
    callbacks: new MemoryCallbackStore(),
    workspace: () => WS,
    session: (id) => (id === 'alice' ? h.session : undefined),
    agentRingMs: 10_000,
  });
  const agentLeg = new FakeLeg('agent', port.log);
  h.session.apply(callMe('+61412345678', line === 'open'));
  h.session.voiceConnected();
  lines.lines.set('alice', { method: 'call-me', persistent: line === 'open', number: '+61412345678', leg: line === 'open' ? agentLeg : undefined });
  const follow = () => {
    const e = h.events.at(-1);
    if (e) desk.sessionEvent('alice', e);
  };
  h.session.apply({ type: 'set-available' });
  follow();
  return { h, port, lines, desk, agentLeg, follow };
}

async function callIn(desk: CallDesk, port: FakePort) {
  const caller = new FakeLeg('caller', port.log);
  assert.equal(desk.takeInbound({ leg: caller, from: '+61491570156', to: '+61290000001' }), true);
  await tick();
  return caller;
}

test('an inbound call to an open line: answered, queued, bridged at once with a beep and recorded; the caller hangs up: wrap, the line leaves the bridge unmuted', async () => {
  const { h, port, desk, agentLeg } = setup('open');
  assert.equal(desk.takeInbound({ leg: new FakeLeg('x', []), from: '1', to: '+61000' }), false, 'a number no DNIS answers');
  const caller = await callIn(desk, port);
  const call = desk.inboundCalls()[0]!;
  assert.equal(call.state, 'bridged');
  assert.equal(call.interaction.state, 'connected');
  assert.deepEqual(
    port.log.filter((l) => !l.startsWith('caller stopPlay')),
    [
      'caller answer',
      'bridge caller+agent',
      'agent play {"tone":880,"durationMs":150} pb' + port.log.find((l) => l.startsWith('agent play'))!.split(' pb')[1],
      `record ${call.interaction.id} caller|agent`,
    ],
  );
  assert.equal(h.session.view().activity, 'on-call');
  desk.act('alice', call.interaction.id, { type: 'mute', muted: true });
  assert.equal(agentLeg.muted, true);
  caller.end('normal');
  assert.equal(call.state, 'ended');
  assert.equal(call.interaction.state, 'wrap');
  assert.equal(call.interaction.view().endCause, 'customer-hangup');
  assert.equal(agentLeg.muted, false, 'the next call never starts muted');
  assert.ok(port.log.includes('unbridge agent') && port.log.includes('rec stop'));
  assert.equal(agentLeg.isEnded, false, 'an open line stays up');
  desk.act('alice', call.interaction.id, { type: 'wrap', outcomeId: 'done' });
  assert.equal(call.interaction.state, 'closed');
});

test('a per-call phone that never answers: the offer is missed, the phone leg hung up, the agent auto-paused and the caller back in the queue', async () => {
  const { h, port, desk } = setup('per-call');
  await callIn(desk, port);
  const call = desk.inboundCalls()[0]!;
  await tick();
  assert.equal(call.state, 'offering');
  const phone = port.dials[0]!;
  assert.deepEqual(phone.req.to, { kind: 'agent-phone', number: '+61412345678' });
  assert.equal(phone.req.continues?.id, 'caller', 'Max-Forwards carries on from the caller');
  h.clock.advance(10_000);
  assert.equal(call.state, 'queued');
  assert.equal(call.interaction.state, 'queued');
  assert.ok(port.log.includes(`${phone.leg.id} hangup no_answer`));
  assert.equal(h.session.view().presence.kind, 'paused');
  assert.equal(desk.router.stats('care').waiting, 1);
});

test('a per-call phone that answers takes the call; a caller who hangs up while queued is abandoned and leaves the queue', async () => {
  const { port, desk } = setup('per-call');
  await callIn(desk, port);
  await tick();
  const first = desk.inboundCalls()[0]!;
  port.dials[0]!.leg.answered();
  assert.equal(first.state, 'bridged');
  assert.ok(port.log.includes(`bridge caller+${port.dials[0]!.leg.id}`));
  // A second caller waits: the only agent is busy.
  const second = new FakeLeg('caller2', port.log);
  desk.takeInbound({ leg: second, from: '+61491570157', to: '+61290000001' });
  await tick();
  const waiting = desk.inboundCalls().find((c) => c.customer === second)!;
  assert.equal(waiting.state, 'queued');
  second.end('normal');
  assert.equal(waiting.interaction.state, 'abandoned');
  assert.equal(desk.router.stats('care').waiting, 0);
  // The first call ends from the agent's side: the per-call phone is hung up.
  desk.act('alice', first.interaction.id, { type: 'hang-up' });
  assert.equal(first.interaction.state, 'wrap');
  assert.equal(port.dials[0]!.leg.isEnded, true);
});

test('a manual dial on a per-call path rings the agent first, then the customer; a busy customer fails the dial and frees the phone', async () => {
  const { h, port, desk } = setup('per-call');
  h.session.apply({ type: 'pause', reasonId: 'break' });
  desk.dial(h.session, '0491 570 156', null);
  await tick();
  const call = desk.list()[0]!;
  assert.equal(call.interaction.state, 'dialling');
  const phone = port.dials[0]!;
  assert.deepEqual(phone.req.to, { kind: 'agent-phone', number: '+61412345678' });
  phone.leg.answered();
  await tick();
  assert.ok(
    port.log.some((l) => l.startsWith(`${phone.leg.id} play {"tone":[425]`)),
    'ringback',
  );
  const customer = port.dials[1]!;
  assert.deepEqual(customer.req.to, { kind: 'customer', number: '+61491570156' });
  customer.leg.end('busy');
  assert.equal(call.interaction.state, 'closed');
  assert.equal(phone.leg.isEnded, true, "the agent's phone is hung up");
  assert.equal(h.session.view().activity, 'idle');
  assert.equal(h.session.view().presence.kind, 'paused', 'presence untouched');
});

test("actions are checked against the call's capabilities: a refused one changes nothing", async () => {
  const { port, desk } = setup('open');
  await callIn(desk, port);
  const call = desk.inboundCalls()[0]!;
  assert.throws(() => desk.act('alice', call.interaction.id, { type: 'resume' }), { code: 'ACTION_NOT_ALLOWED' });
  assert.throws(() => desk.act('bob', call.interaction.id, { type: 'hold' }), { code: 'NOT_FOUND' });
  assert.throws(() => desk.act('alice', call.interaction.id, { type: 'wrap', outcomeId: null }), { code: 'ACTION_NOT_ALLOWED' });
  desk.act('alice', call.interaction.id, { type: 'hold' });
  await tick();
  assert.ok(port.log.includes('unbridge caller'), 'held: out of the bridge');
  assert.ok(
    port.log.some((l) => l.startsWith('caller play {"wav":"moh.wav"')),
    'hearing music on hold',
  );
  assert.ok(!port.log.includes('caller hold'), 'no re-INVITE to the caller');
});
