import { test } from 'node:test';
import assert from 'node:assert/strict';
import { IllegalTransitionError, allowedMoves, forbiddenMoves, StateMachine } from '@switchboard/shared';
import { CONSULT_TRANSITIONS, type InboundCall, type ConnectedCall } from '../../src/index';
import type { WorkspaceConfig } from '../../src/index';
import { FakeLeg } from './fake-port';
import { TRANSFER_WS, tick, transferDesk } from './transfer-harness';

const heldIn = (c: ConnectedCall, leg: { id: string }) => c.room.party(leg.id)?.held === true;
const roles = (c: ConnectedCall) => c.room.parties.map((p) => `${p.role}:${p.agentId ?? p.number}${p.held ? ':held' : ''}`).sort();

test('the consult table: every allowed move works, every other one throws; the four ends are final', () => {
  for (const [from, to] of allowedMoves(CONSULT_TRANSITIONS)) {
    const m = new StateMachine('consult', CONSULT_TRANSITIONS, from);
    m.transition(to);
    assert.equal(m.state, to);
  }
  for (const [from, to] of forbiddenMoves(CONSULT_TRANSITIONS)) {
    const m = new StateMachine('consult', CONSULT_TRANSITIONS, from);
    assert.throws(() => m.transition(to), IllegalTransitionError);
  }
  for (const end of ['transferred', 'merged', 'failed', 'cancelled'] as const) assert.deepEqual(CONSULT_TRANSITIONS[end], []);
});

test('consult an agent → merge → leave: the caller held with music, then a three-way conference; alice leaves and wraps, bob and the caller go on; her record keeps them until the end', async () => {
  const t = transferDesk();
  const { caller, connected: a, iid } = await t.call('alice');
  t.desk.act('alice', iid, { type: 'transfer', kind: 'consult', to: { type: 'agent', agentId: 'bob' } });
  assert.ok(heldIn(a, caller), 'the caller is held');
  assert.ok(t.port.log.includes(`unbridge ${caller.id}`), 'out of the bridge');
  assert.ok(
    t.port.log.some((l) => l.startsWith(`${caller.id} play {"wav":"moh.wav"`)),
    'with music on hold',
  );
  // Bob is on an open line: he takes it at once and is in the room.
  const b = t.desk.callOf('bob');
  assert.ok(b?.connected, 'bob has a call of his own');
  assert.equal(b.interaction.transferredFrom?.agentId, 'alice');
  assert.equal(b.interaction.transferredFrom?.kind, 'consult');
  assert.equal(t.agent('bob').session.view().activity, 'on-call');
  assert.equal(a.transfers.consultView()?.phase, 'talking');
  assert.deepEqual(roles(a), ['agent:alice', 'agent:bob', `customer:+61491570156:held`]);
  const caps = a.transfers.capabilities();
  assert.equal(caps.canMerge && caps.canCompleteTransfer && caps.canCancelConsult, true);
  assert.equal(caps.canTransfer, false, 'one transfer at a time');

  t.desk.act('alice', iid, { type: 'merge' });
  assert.equal(heldIn(a, caller), false, 'the caller is back in');
  assert.equal(a.room.conference, true);
  assert.deepEqual(roles(a), ['agent:alice', 'agent:bob', 'customer:+61491570156']);
  assert.equal(a.transfers.capabilities().canLeave, true);
  assert.equal(a.transfers.capabilities().canAddParty, true);
  assert.equal(b.connected.transfers.capabilities().canLeave, true, 'bob sees the conference too');

  t.desk.act('alice', iid, { type: 'leave-conference' });
  assert.equal(a.interaction.state, 'wrap');
  assert.equal(a.interaction.view().endCause, 'left-conference');
  assert.equal(t.agent('alice').line.isEnded, false, "alice's open line stays up");
  assert.deepEqual(roles(b.connected), ['agent:bob', 'customer:+61491570156']);
  assert.equal(b.interaction.state, 'connected');
  // Alice's record: her leg ended; the caller's and bob's still open, then ended with their time.
  const legs = () => a.interaction.view().legs.map((l) => `${l.role}:${l.agentId ?? ''}:${l.state}`);
  assert.deepEqual(legs(), ['customer::connected', 'agent:alice:ended', 'agent:bob:connected']);
  t.clock.advance(5000);
  caller.end('normal');
  assert.deepEqual(legs(), ['customer::ended', 'agent:alice:ended', 'agent:bob:ended']);
  assert.equal(b.interaction.state, 'wrap', 'the room fell to one: bob wraps');
  assert.equal(b.interaction.view().endCause, 'customer-hangup');
  const steps = a.interaction.steps.map((s) => s.step);
  assert.deepEqual(steps, ['started', 'answered', 'merged', 'left']);
  assert.deepEqual(a.interaction.steps.at(-1)?.detail.remaining, ['+61491570156', 'Bob']);
  // Every step is an event on alice's stream.
  assert.deepEqual(
    t
      .agent('alice')
      .events.filter((e) => e.name === 'transfer.changed')
      .map((e) => e.audit.to),
    ['started', 'answered', 'merged', 'left'],
  );
});

test('consult a number → Transfer: alice wraps, the caller and the number talk; the number hangs up and the caller is hung up', async () => {
  const t = transferDesk();
  const { caller, connected: a, iid } = await t.call('alice');
  t.desk.act('alice', iid, { type: 'transfer', kind: 'consult', to: { type: 'number', number: '02 9999 0000' } });
  await tick();
  const dialled = t.port.dials.at(-1)!;
  assert.deepEqual(dialled.req.to, { kind: 'customer', number: '+61299990000' });
  assert.equal(a.transfers.consultView()?.phase, 'ringing');
  assert.equal(a.transfers.consultView()?.to.label, 'Billing (+61299990000)', "the campaign's label");
  dialled.leg.answered();
  assert.equal(a.transfers.consultView()?.phase, 'talking');
  t.desk.act('alice', iid, { type: 'complete-transfer' });
  assert.equal(a.interaction.state, 'wrap');
  assert.equal(a.interaction.view().endCause, 'transferred');
  assert.equal(heldIn(a, caller), false);
  assert.deepEqual(roles(a), ['customer:+61491570156', 'third-party:+61299990000']);
  dialled.leg.end('normal');
  assert.equal(caller.isEnded, true, 'a room of one ends');
});

test("consult cancelled while ringing: bob's offer is withdrawn (no Auto Pause), the caller is resumed; cancelled after answer: bob wraps his part", async () => {
  const t = transferDesk();
  // Bob on a per-call phone: his phone rings.
  t.lines.lines.set('bob', { method: 'call-me', persistent: false, number: '+61400000002', leg: undefined });
  const { caller, connected: a, iid } = await t.call('alice');
  t.desk.act('alice', iid, { type: 'transfer', kind: 'consult', to: { type: 'agent', agentId: 'bob' } });
  await tick();
  assert.equal(t.agent('bob').session.view().activity, 'offered');
  const bobPhone = t.port.dials.at(-1)!;
  assert.deepEqual(bobPhone.req.to, { kind: 'agent-phone', number: '+61400000002' });
  t.desk.act('alice', iid, { type: 'cancel-consult' });
  assert.equal(bobPhone.leg.isEnded, true, "bob's phone stops ringing");
  assert.equal(t.agent('bob').session.view().activity, 'idle');
  assert.equal(t.agent('bob').session.view().presence.kind, 'available', 'a withdrawn offer does not auto-pause');
  assert.equal(heldIn(a, caller), false);
  assert.equal(a.transfers.consultView(), null);
  assert.deepEqual(
    a.interaction.steps.map((s) => s.step),
    ['started', 'cancelled'],
  );

  // Again with bob on an open line: he answers, then alice cancels.
  t.lines.lines.set('bob', { method: 'call-me', persistent: true, number: '+61400000002', leg: t.agent('bob').line });
  t.desk.act('alice', iid, { type: 'transfer', kind: 'consult', to: { type: 'agent', agentId: 'bob' } });
  const b = t.desk.callOf('bob')!;
  assert.equal(b.interaction.state, 'connected');
  t.desk.act('alice', iid, { type: 'cancel-consult' });
  assert.equal(b.interaction.state, 'wrap');
  assert.equal(b.interaction.view().endCause, 'consult-cancelled');
  assert.equal(t.agent('bob').line.isEnded, false);
  assert.deepEqual(roles(a), ['agent:alice', 'customer:+61491570156']);
});

test('the consulted agent hangs up mid-consult: the caller is resumed and alice is told; the caller hangs up mid-consult: alice and bob go on, Transfer and Merge are gone', async () => {
  const t = transferDesk();
  t.lines.lines.set('bob', { method: 'call-me', persistent: false, number: '+61400000002', leg: undefined });
  const { caller, connected: a, iid } = await t.call('alice');
  t.desk.act('alice', iid, { type: 'transfer', kind: 'consult', to: { type: 'agent', agentId: 'bob' } });
  await tick();
  const bobPhone = t.port.dials.at(-1)!;
  bobPhone.leg.answered();
  assert.equal(a.transfers.consultView()?.phase, 'talking');
  bobPhone.leg.end('normal');
  assert.equal(a.transfers.consultView(), null);
  assert.equal(heldIn(a, caller), false, 'back with the caller');
  const fail = t
    .agent('alice')
    .events.filter((e) => e.name === 'transfer.changed')
    .at(-1);
  assert.equal(fail?.notice?.code, 'TRANSFER_FAILED');
  assert.match(fail?.notice?.message ?? '', /hung up/);
  assert.equal(t.desk.callOf('bob')?.interaction.state, 'wrap', 'bob wraps his part');

  t.lines.lines.set('carol', { method: 'call-me', persistent: true, number: '+61400000003', leg: t.agent('carol').line });
  t.desk.act('alice', iid, { type: 'transfer', kind: 'consult', to: { type: 'agent', agentId: 'carol' } });
  caller.end('normal');
  assert.equal(a.interaction.state, 'connected', 'alice and carol still talk');
  const caps = a.transfers.capabilities();
  assert.equal(caps.canCompleteTransfer || caps.canMerge, false);
  assert.equal(caps.canCancelConsult, true);
  assert.equal(a.interaction.steps.at(-1)?.step, 'caller-left', 'the record says when the caller left the consult');
  t.desk.act('alice', iid, { type: 'hang-up' });
  assert.equal(a.interaction.state, 'wrap');
  assert.equal(a.interaction.view().endCause, 'agent-hangup', 'alice ended it (the caller had left before)');
  assert.equal(t.desk.callOf('carol')?.interaction.state, 'wrap');
});

test('blind transfer to an agent who does not answer: the caller comes back to alice still wrapping; once she has wrapped, the next failure puts the caller at the front of the queue', async () => {
  const t = transferDesk();
  t.lines.lines.set('bob', { method: 'call-me', persistent: false, number: '+61400000002', leg: undefined });
  const { caller, connected: a, iid } = await t.call('alice');
  t.desk.act('alice', iid, { type: 'transfer', kind: 'blind', to: { type: 'agent', agentId: 'bob' } });
  assert.equal(a.interaction.state, 'wrap', 'alice wraps at once');
  assert.equal(t.agent('alice').session.view().activity, 'wrap');
  assert.ok(
    t.port.log.some((l) => l.startsWith(`${caller.id} play {"tone":[440,480]`)),
    'the caller hears ringing',
  );
  await tick();
  t.clock.advance(10_000); // bob's ring time
  assert.equal(t.agent('bob').session.view().presence.kind, 'paused', 'a missed transfer auto-pauses bob');
  assert.equal(a.interaction.state, 'connected', 'the caller is back with alice');
  assert.equal(t.agent('alice').session.view().activity, 'on-call');
  assert.deepEqual(roles(a), ['agent:alice', 'customer:+61491570156']);
  assert.deepEqual(
    a.interaction.steps.map((s) => s.step),
    ['started', 'failed', 'returned'],
  );
  assert.equal(t.agent('alice').events.at(-1)?.notice?.code, 'TRANSFER_RETURNED');

  // This time alice wraps (and goes on a break, as carol does) before the transfer fails.
  t.desk.act('alice', iid, { type: 'transfer', kind: 'blind', to: { type: 'number', number: '+61299990000' } });
  t.agent('alice').session.apply({ type: 'pause', reasonId: 'break' });
  t.agent('carol').session.apply({ type: 'pause', reasonId: 'break' });
  t.desk.act('alice', iid, { type: 'wrap', outcomeId: 'done' });
  await tick();
  const out = t.port.dials.at(-1)!;
  assert.equal(out.req.continues, caller);
  out.leg.end('busy');
  const back = t.desk.inboundCalls().find((c) => c.customer === caller && c.interaction.id !== iid);
  assert.ok(back, 'a new inbound call for the caller');
  assert.equal(back.interaction.state, 'queued');
  assert.equal(back.interaction.transferredFrom?.agentId, 'alice');
  assert.equal(caller.isEnded, false);
});

test('blind transfer to a workflow: the caller runs it (its prompt, its digits) with the IVR data so far, then queues; a blind transfer to a number that answers ends in a room of two', async () => {
  const t = transferDesk();
  const { caller, connected: a, iid } = await t.call('alice');
  t.desk.act('alice', iid, { type: 'transfer', kind: 'blind', to: { type: 'workflow', workflowId: 'pay' } });
  await tick();
  assert.equal(a.interaction.state, 'wrap');
  assert.equal(a.interaction.view().endCause, 'transferred');
  const next = t.desk.inboundCalls().find((c) => c.customer === caller && c.interaction.id !== iid) as InboundCall;
  assert.equal(next.state, 'workflow');
  assert.ok(
    t.port.log.some((l) => l.startsWith(`${caller.id} play {"wav":"account.wav"}`)),
    "the workflow's prompt",
  );
  caller.playbacks.at(-1)?.end();
  await tick();
  caller.finishCollect('4321');
  await tick();
  assert.deepEqual(
    next.interaction.view().ivrData.map((e) => `${e.label}=${e.value}`),
    ['account=4321'],
  );
  assert.equal(next.interaction.state !== 'ivr', true, 'queued or offered');
  assert.equal(t.agent('alice').line.isEnded, false);
  assert.equal(caller.isEnded, false);
});

test('races and bad input: to oneself, to a logged-out agent, to a paused one, an invalid number, a workflow not allowed, during wrap, twice at once', async () => {
  const t = transferDesk(['alice', 'bob', 'carol', 'dan']);
  t.agent('dan').session.apply({ type: 'sign-out' });
  const { connected: a, iid } = await t.call('alice');
  const act =
    (to: unknown, kind = 'consult') =>
    () =>
      t.desk.act('alice', iid, { type: 'transfer', kind, to } as never);
  assert.throws(act({ type: 'agent', agentId: 'alice' }), /yourself/);
  assert.throws(act({ type: 'agent', agentId: 'dan' }), /not logged in/);
  t.agent('bob').session.apply({ type: 'pause', reasonId: 'break' });
  assert.throws(act({ type: 'agent', agentId: 'bob' }), /paused/);
  t.agent('bob').session.apply({ type: 'set-available' });
  assert.throws(act({ type: 'number', number: 'call me' }), (e: Error & { code?: string }) => e.code === 'INVALID_PHONE_NUMBER');
  assert.throws(act({ type: 'workflow', workflowId: 'wf' }, 'assisted'), /does not take transferred calls/);
  assert.throws(act({ type: 'workflow', workflowId: 'nope' }, 'assisted'), /No workflow/);
  assert.equal(a.interaction.steps.length, 0, 'nothing was started');
  // Carol is paused but takes transfers while paused (agent setting).
  t.agent('carol').session.apply({ type: 'pause', reasonId: 'break' });
  t.desk.act('alice', iid, { type: 'transfer', kind: 'consult', to: { type: 'agent', agentId: 'carol' } });
  assert.throws(act({ type: 'agent', agentId: 'bob' }), (e: Error & { code?: string }) => e.code === 'ACTION_NOT_ALLOWED', 'a second transfer while one runs');
  t.desk.act('alice', iid, { type: 'merge' });
  t.desk.act('alice', iid, { type: 'terminate-conference' });
  assert.throws(act({ type: 'agent', agentId: 'bob' }), (e: Error & { code?: string }) => e.code === 'ACTION_NOT_ALLOWED', 'during wrap');
  assert.throws(() => t.desk.act('alice', iid, { type: 'merge' }), /no consult/);
});

test('a conference of five: two more parties join, a sixth is refused; hold and remove one; Terminate hangs up every leg but open lines', async () => {
  const t = transferDesk(['alice', 'bob', 'carol']);
  const { caller, connected: a, iid } = await t.call('alice');
  t.desk.act('alice', iid, { type: 'transfer', kind: 'consult', to: { type: 'agent', agentId: 'bob' } });
  t.desk.act('alice', iid, { type: 'merge' });
  t.desk.act('alice', iid, { type: 'add-party', to: { type: 'number', number: '+61299990001' } });
  assert.equal(a.transfers.capabilities().canAddParty, false, 'one add at a time');
  await tick();
  const p1 = t.port.dials.at(-1)!;
  p1.leg.answered();
  t.desk.act('alice', iid, { type: 'add-party', to: { type: 'agent', agentId: 'carol' } });
  assert.equal(a.room.parties.length, 5);
  assert.equal(a.transfers.capabilities().canAddParty, false, 'five is the most');
  assert.throws(() => t.desk.act('alice', iid, { type: 'add-party', to: { type: 'number', number: '+61299990002' } }), /at most 5/);
  t.desk.act('alice', iid, { type: 'hold-party', partyId: p1.leg.id, held: true });
  assert.equal(heldIn(a, p1.leg), true);
  t.desk.act('alice', iid, { type: 'hold-party', partyId: p1.leg.id, held: false });
  t.desk.act('alice', iid, { type: 'remove-party', partyId: p1.leg.id });
  assert.equal(p1.leg.isEnded, true);
  assert.throws(() => t.desk.act('alice', iid, { type: 'remove-party', partyId: t.agent('alice').line.id }), /not in this conference/);
  t.desk.act('alice', iid, { type: 'terminate-conference' });
  assert.equal(caller.isEnded, true);
  for (const id of ['alice', 'bob', 'carol']) {
    assert.equal(t.desk.callOf(id)?.interaction.state, 'wrap', `${id} wraps`);
    assert.equal(t.agent(id).line.isEnded, false, `${id}'s open line stays`);
  }
});

test('assisted transfer to a workflow: the agent hears it and keys digits from the adapter; Transfer runs it for the caller with those keys typed ahead', async () => {
  const t = transferDesk();
  const { caller, connected: a, iid } = await t.call('alice');
  const pay = { type: 'workflow' as const, workflowId: 'pay' };
  t.desk.act('alice', iid, { type: 'transfer', kind: 'assisted', to: pay });
  await tick();
  assert.ok(heldIn(a, caller));
  assert.ok(
    t.port.log.some((l) => l.startsWith('alice-line play {"wav":"account.wav"}')),
    'alice hears the prompt',
  );
  assert.equal(a.transfers.capabilities().canMerge, false, 'no merge with a workflow');
  t.desk.act('alice', iid, { type: 'send-dtmf', digits: '9876' });
  await tick();
  assert.ok(!t.port.log.includes(`${caller.id} dtmf 9876`), 'the keys did not go to the caller');
  t.desk.act('alice', iid, { type: 'complete-transfer' });
  await tick();
  assert.equal(a.interaction.state, 'wrap');
  const next = t.desk.inboundCalls().find((c) => c.customer === caller && c.interaction.id !== iid)!;
  await tick();
  assert.deepEqual(
    next.interaction.view().ivrData.map((e) => `${e.label}=${e.value}`),
    ['account=9876'],
    "the agent's keys reached the workflow",
  );
  assert.equal(heldIn(a, caller), false);
});

test('a consult to a busy agent waits (visible wait time) and rings them when they are free; a blind transfer to a busy agent is refused', async () => {
  const t = transferDesk(['alice', 'bob', 'carol']);
  const first = await t.call('bob');
  const { connected: a, iid } = await t.call('alice');
  assert.throws(() => t.desk.act('alice', iid, { type: 'transfer', kind: 'blind', to: { type: 'agent', agentId: 'bob' } }), /on another call/);
  t.desk.act('alice', iid, { type: 'transfer', kind: 'consult', to: { type: 'agent', agentId: 'bob' } });
  assert.equal(a.transfers.consultView()?.phase, 'waiting');
  const since = a.transfers.consultView()!.since;
  t.clock.advance(3000);
  assert.equal(a.transfers.consultView()?.phase, 'waiting', 'still waiting while bob talks');
  assert.equal(a.transfers.consultView()?.since, since, 'the wait time runs from when it started');
  first.caller.end('normal');
  t.desk.act('bob', first.iid, { type: 'wrap', outcomeId: 'done' });
  t.clock.advance(1000);
  assert.equal(a.transfers.consultView()?.phase, 'talking', 'bob is free: rung, and on his open line he takes it');
  assert.deepEqual(
    a.interaction.steps.map((s) => s.step),
    ['waiting', 'ringing', 'answered'],
  );
  t.desk.act('alice', iid, { type: 'cancel-consult' });
  assert.equal(a.transfers.consultView(), null);
});

test("a consult to a busy agent waits in their team's queue: a teammate who frees first takes it", async () => {
  const teamed = {
    ...TRANSFER_WS,
    teams: [{ id: 'care', name: 'Care' }],
    agents: TRANSFER_WS.agents.map((x) => ({ ...x, teamId: x.id === 'alice' ? null : 'care' })),
  } as WorkspaceConfig;
  const t = transferDesk(['alice', 'bob', 'carol'], teamed);
  await t.call('bob');
  const second = await t.call('carol');
  const { connected: a, iid } = await t.call('alice');
  t.desk.act('alice', iid, { type: 'transfer', kind: 'consult', to: { type: 'agent', agentId: 'bob' } });
  assert.equal(a.transfers.consultView()?.phase, 'waiting');
  assert.equal(a.transfers.consultView()?.to.label, 'Bob (Care team)', "the wait is in bob's team queue");
  t.clock.advance(3000);
  assert.equal(a.transfers.consultView()?.phase, 'waiting', 'bob and carol both talk');
  second.caller.end('normal');
  t.desk.act('carol', second.iid, { type: 'wrap', outcomeId: 'done' });
  t.clock.advance(1000);
  const v = a.transfers.consultView();
  assert.equal(v?.phase, 'talking', 'carol freed first and took it on her open line');
  assert.equal(v?.to.id, 'carol');
  assert.deepEqual(
    a.interaction.steps.map((s) => `${s.step}:${s.to?.id ?? ''}`),
    ['waiting:bob', 'ringing:carol', 'answered:carol'],
  );
  assert.equal(t.desk.callOf('carol')?.interaction.transferredFrom?.agentId, 'alice');
  assert.equal(t.agent('bob').session.view().activity, 'on-call', 'bob was never rung');
  t.desk.act('alice', iid, { type: 'cancel-consult' });
});

test("a desk phone's transfer button (REFER): to an agent number it is the same blind transfer; a refused one fails the REFER with a status; Replaces completes the adapter's consult", async () => {
  const t = transferDesk();
  const { caller, connected: a, iid } = await t.call('alice');
  const refer = (target: string, replacesLegId?: string) => {
    const out: { ok?: boolean; status?: number } = {};
    t.agent('alice').line.emit('refer', { target, replacesLegId, accept: () => (out.ok = true), fail: (status: number) => (out.status = status) });
    return out;
  };
  assert.deepEqual(refer('not a number'), { status: 404 });
  assert.deepEqual(refer('+61412345678', 'x'), { status: 403 }, 'attended without a consult from the adapter');
  assert.equal(a.interaction.state, 'connected', 'nothing changed');
  assert.equal(refer('1001').status, 403, 'to oneself (her own agent number)');
  t.desk.act('alice', iid, { type: 'transfer', kind: 'consult', to: { type: 'agent', agentId: 'bob' } });
  assert.deepEqual(refer('1002', 'bob-line'), { ok: true }, "the phone's attended transfer completes the consult");
  assert.equal(a.interaction.state, 'wrap');
  assert.equal(t.desk.callOf('bob')?.connected?.room.party(caller.id)?.held, false, 'bob and the caller talk');

  // Blind, from carol's phone to bob's agent number.
  t.desk.act('bob', t.desk.callOf('bob')!.interaction.id, { type: 'hang-up' });
  const second = await t.call('carol');
  t.desk.act('bob', t.desk.callOf('bob')!.interaction.id, { type: 'wrap', outcomeId: 'done' });
  const out: { ok?: boolean } = {};
  t.agent('carol').line.emit('refer', { target: '1002', replacesLegId: undefined, accept: () => (out.ok = true), fail: () => {} });
  assert.equal(out.ok, true);
  assert.equal(second.connected.interaction.state, 'wrap');
  assert.equal(t.desk.callOf('bob')?.interaction.transferredFrom?.kind, 'blind');
  assert.equal(t.desk.callOf('bob')?.interaction.state, 'connected');
});

test("a desk phone's own attended transfer: its consult call to an agent number is the consult (first call parked, caller on music); REFER with Replaces completes it; hanging the consult call up cancels it", async () => {
  const t = transferDesk();
  const { caller, connected: a } = await t.call('alice');
  // The phone holds the call and dials bob's agent number on a second call (its digest user: alice).
  const line = new FakeLeg('alice-phone-2', t.port.log);
  assert.equal(t.desk.takeInbound({ leg: line, from: 'alice', to: '1002', user: 'alice' }), true);
  await tick();
  assert.ok(t.port.log.includes('alice-phone-2 answer'));
  assert.equal(a.transfers.consultView()?.phase, 'talking', "bob's open line takes it");
  assert.deepEqual(roles(a), ['agent:alice', 'agent:alice:held', 'agent:bob', 'customer:+61491570156:held']);
  assert.ok(
    t.port.log.some((l) => l.startsWith(`${caller.id} play {"wav":"moh.wav"`)),
    'the caller hears music',
  );
  assert.ok(!t.port.log.some((l) => l.startsWith('alice-line play {"wav"')), 'the parked first call gets no music (the phone holds it)');
  assert.equal(a.interaction.steps[0]?.detail.via, 'phone');
  // The phone's REFER on the first call, replacing its consult call.
  const out: { ok?: boolean; status?: number } = {};
  t.agent('alice').line.emit('refer', { target: '1002', replacesLegId: line.id, accept: () => (out.ok = true), fail: (status: number) => (out.status = status) });
  assert.deepEqual(out, { ok: true });
  assert.equal(a.interaction.state, 'wrap');
  assert.equal(line.isEnded, true, 'the consult call is hung up');
  const b = t.desk.callOf('bob')!.connected!;
  assert.deepEqual(roles(b), ['agent:bob', 'customer:+61491570156'], 'bob and the caller talk');

  // Cancel: carol's phone places a consult to a number, then hangs that call up.
  t.desk.act('bob', b.interaction.id, { type: 'hang-up' });
  t.desk.act('bob', b.interaction.id, { type: 'wrap', outcomeId: 'done' });
  const second = await t.call('carol');
  const line2 = new FakeLeg('carol-phone-2', t.port.log);
  assert.equal(t.desk.takeInbound({ leg: line2, from: 'carol', to: '+61299990000', user: '1003' }), true);
  await tick();
  assert.equal(second.connected.transfers.consultView()?.phase, 'ringing', 'the number rings');
  assert.ok(
    t.port.log.some((l) => l.startsWith('carol-phone-2 play {"tone":[440,480]')),
    'the phone hears ringback',
  );
  line2.end('normal');
  assert.equal(second.connected.transfers.consultView(), null, 'cancelled');
  assert.deepEqual(roles(second.connected), ['agent:carol', `customer:+61491570156`], 'carol and the caller again');
  assert.equal(second.connected.interaction.steps.at(-1)?.step, 'cancelled');
  // A phone call from an agent who is on no call is not a consult (an ordinary inbound dispatch).
  const stray = new FakeLeg('dan-phone', t.port.log);
  assert.equal(t.desk.takeInbound({ leg: stray, from: 'bob', to: '1003', user: 'bob' }), false);
});

test('the engine refusing the new leg (a consult dial or a conference guest) fails that step with its reason; nothing is left held or half-joined', async () => {
  const t = transferDesk();
  const { caller, connected: a, iid } = await t.call('alice');
  t.port.failNextDial = Object.assign(new Error('The dial plan does not allow +1900…'), { code: 'DIAL_PLAN_REFUSED' });
  t.desk.act('alice', iid, { type: 'transfer', kind: 'consult', to: { type: 'number', number: '+61299990009' } });
  await tick();
  assert.equal(a.transfers.consultView(), null);
  assert.equal(heldIn(a, caller), false, 'the caller is back');
  const last = t
    .agent('alice')
    .events.filter((e) => e.name === 'transfer.changed')
    .at(-1);
  assert.equal(last?.notice?.code, 'TRANSFER_FAILED');
  assert.match(last?.notice?.message ?? '', /dial plan/);
  assert.deepEqual(roles(a), ['agent:alice', 'customer:+61491570156']);
  // A conference guest the engine refuses: the conference goes on as it was, another can be added.
  t.desk.act('alice', iid, { type: 'transfer', kind: 'consult', to: { type: 'agent', agentId: 'bob' } });
  t.desk.act('alice', iid, { type: 'merge' });
  t.port.failNextDial = new Error('no route');
  t.desk.act('alice', iid, { type: 'add-party', to: { type: 'number', number: '+61299990008' } });
  await tick();
  assert.equal(a.room.parties.length, 3);
  assert.equal(a.transfers.capabilities().canAddParty, true);
  assert.equal(a.interaction.steps.at(-1)?.step, 'failed');
});

test("the consulted agent's Hang up leaves the consult (never ends the caller's call); Hold/Resume belong to the consult while it runs; back to two after a conference is an ordinary call again", async () => {
  const t = transferDesk();
  const { caller, connected: a, iid } = await t.call('alice');
  t.desk.act('alice', iid, { type: 'transfer', kind: 'consult', to: { type: 'agent', agentId: 'bob' } });
  const b = t.desk.callOf('bob')!;
  assert.equal(b.connected!.transfers.capabilities().canLeave, false, 'no Leave/Terminate for the consulted agent before a merge');
  assert.throws(() => t.desk.act('alice', iid, { type: 'resume' }), { code: 'ACTION_NOT_ALLOWED' });
  assert.throws(() => t.desk.act('bob', b.interaction.id, { type: 'resume' }), { code: 'ACTION_NOT_ALLOWED' });
  t.desk.act('bob', b.interaction.id, { type: 'hang-up' });
  assert.equal(caller.isEnded, false, "bob's hang-up did not end the caller");
  assert.equal(b.interaction.state, 'wrap');
  assert.equal(a.interaction.state, 'connected');
  assert.equal(heldIn(a, caller), false, 'the consult failed: alice is back with the caller');
  // Merge with carol, alice leaves: carol and the caller are an ordinary call (Transfer offered again).
  t.desk.act('alice', iid, { type: 'transfer', kind: 'consult', to: { type: 'agent', agentId: 'carol' } });
  t.desk.act('alice', iid, { type: 'merge' });
  t.desk.act('alice', iid, { type: 'leave-conference' });
  const c = t.desk.callOf('carol')!.connected!;
  assert.equal(c.room.conference, false);
  assert.equal(c.transfers.capabilities().canTransfer, true);
  assert.equal(c.transfers.capabilities().canLeave, false);
});
