import { test } from 'node:test';
import assert from 'node:assert/strict';
import { IllegalTransitionError, StateMachine, allowedMoves, forbiddenMoves } from '@switchboard/shared';
import { MONITOR_TRANSITIONS, type CallDesk, type MonitorRequest, type WorkspaceConfig } from '../../src/index';
import { FakeLeg } from './fake-port';
import { TRANSFER_WS, tick, transferDesk } from './transfer-harness';

const SUE: MonitorRequest = { supervisorId: 'sue', supervisorName: 'Sue', mode: 'listen', voice: { kind: 'call-me', number: '+61400000001' } };
const steps = (desk: CallDesk, iid: string) =>
  desk
    .get(iid)!
    .interaction.view()
    .steps.filter((s) => s.kind === 'monitor')
    .map((s) => `${s.step}:${s.detail.mode}${s.detail.cause ? `:${s.detail.cause}` : ''}:${s.by}`);

test('the monitor table: every allowed move works, every other one throws; ended is final', () => {
  for (const [from, to] of allowedMoves(MONITOR_TRANSITIONS)) {
    const m = new StateMachine('monitor', MONITOR_TRANSITIONS, from);
    m.transition(to);
    assert.equal(m.state, to);
  }
  for (const [from, to] of forbiddenMoves(MONITOR_TRANSITIONS)) {
    const m = new StateMachine('monitor', MONITOR_TRANSITIONS, from);
    assert.throws(() => m.transition(to), IllegalTransitionError);
  }
  assert.deepEqual(MONITOR_TRANSITIONS.ended, []);
});

test('listen → whisper → barge → stop: the supervisor leg joins the bridge with the audience of each mode; the call is untouched; each step is in the record', async () => {
  const t = transferDesk();
  const { connected: a, iid, caller } = await t.call('alice');
  const agentLeg = t.agent('alice').line.id;
  const v = t.desk.monitors.start(iid, SUE);
  assert.equal(v.state, 'calling');
  await tick();
  const dial = t.port.dials.at(-1)!;
  assert.deepEqual(dial.req.to, { kind: 'agent-phone', number: '+61400000001' });
  assert.equal(dial.req.context.purpose, 'monitor');
  const sup = dial.leg;
  assert.equal(t.port.log.includes(`bridge+ ${sup.id}`), false, 'not in the call before answering');
  sup.answered();
  assert.equal(t.desk.monitors.view(iid)?.state, 'listening');
  assert.deepEqual(t.port.log.slice(-2), [`bridge+ ${sup.id}`, `audience ${sup.id} []`]);
  assert.equal(a.room.parties.length, 2, 'the supervisor is not a party');
  assert.equal(a.transfers.capabilities().canTransfer, true, 'transfers are offered as on any two-party call');

  assert.equal(t.desk.monitors.setMode(iid, 'sue', 'whisper').state, 'whispering');
  assert.equal(t.port.log.at(-1), `audience ${sup.id} [${agentLeg}]`);
  assert.equal(t.desk.monitors.setMode(iid, 'sue', 'barge').state, 'barging');
  assert.equal(t.port.log.at(-1), `audience ${sup.id} all`);
  assert.equal(t.desk.monitors.setMode(iid, 'sue', 'listen').state, 'listening');
  assert.equal(t.port.log.at(-1), `audience ${sup.id} []`);

  const stopped = t.desk.monitors.stop(iid, 'sue');
  assert.equal(stopped.state, 'ended');
  assert.equal(stopped.endCause, 'stopped');
  assert.ok(t.port.log.includes(`unbridge ${sup.id}`) && t.port.log.includes(`${sup.id} hangup normal`));
  assert.equal(a.interaction.state, 'connected', 'the call goes on');
  assert.equal(caller.isEnded, false);
  assert.deepEqual(steps(t.desk, iid), [
    'monitor-calling:listen:sue',
    'monitor-started:listen:sue',
    'monitor-switched:whisper:sue',
    'monitor-switched:barge:sue',
    'monitor-switched:listen:sue',
    'monitor-ended:listen:stopped:sue',
  ]);
  // Not sent to the agent's stream: no transfer event for a monitor step.
  assert.equal(
    t.agent('alice').events.some((e) => e.name === 'transfer.changed'),
    false,
  );
  // Once stopped, another supervisor may come in.
  t.desk.monitors.start(iid, { ...SUE, supervisorId: 'tom', supervisorName: 'Tom' });
  assert.equal(t.desk.monitors.view(iid)?.supervisorId, 'tom');
});

test('the supervisor hanging up leaves the call intact; the call ending hangs the supervisor up', async () => {
  const t = transferDesk();
  const first = await t.call('alice');
  t.desk.monitors.start(first.iid, { ...SUE, mode: 'barge' });
  await tick();
  const sup = t.port.dials.at(-1)!.leg;
  sup.answered();
  assert.equal(t.port.log.at(-1), `audience ${sup.id} all`);
  sup.end('normal');
  const v = t.desk.monitors.view(first.iid)!;
  assert.equal(v.state, 'ended');
  assert.equal(v.endCause, 'supervisor-hangup');
  assert.equal(first.connected.interaction.state, 'connected');
  assert.equal(first.caller.isEnded, false);
  assert.equal(first.connected.room.parties.length, 2);

  t.desk.monitors.start(first.iid, SUE);
  await tick();
  const sup2 = t.port.dials.at(-1)!.leg;
  sup2.answered();
  first.caller.end('normal');
  assert.equal(first.connected.interaction.state, 'wrap');
  assert.equal(sup2.isEnded, true, "the supervisor's leg is hung up with the call");
  assert.equal(t.desk.monitors.view(first.iid)?.endCause, 'call-ended');
  assert.equal(t.desk.monitors.of('sue'), undefined);
  assert.deepEqual(steps(t.desk, first.iid).slice(-1), ['monitor-ended:listen:call-ended:sue']);
});

test('a mode chosen while the phone rings is the one taken on answering; no answer ends it; the call ending while it rings cancels the dial', async () => {
  const t = transferDesk();
  const { iid, caller } = await t.call('alice');
  t.desk.monitors.start(iid, SUE);
  assert.equal(t.desk.monitors.setMode(iid, 'sue', 'whisper').state, 'calling');
  await tick();
  const sup = t.port.dials.at(-1)!.leg;
  sup.answered();
  assert.equal(t.desk.monitors.view(iid)?.state, 'whispering');
  t.desk.monitors.stop(iid, 'sue');

  t.desk.monitors.start(iid, SUE);
  await tick();
  t.port.dials.at(-1)!.leg.end('normal');
  assert.equal(t.desk.monitors.view(iid)?.endCause, 'no-answer');

  t.desk.monitors.start(iid, SUE);
  await tick();
  const ringing = t.port.dials.at(-1)!.leg;
  caller.end('normal');
  assert.equal(ringing.isEnded, true);
  assert.equal(t.desk.monitors.view(iid)?.endCause, 'call-ended');
  ringing.answered();
  assert.equal(t.port.log.includes(`bridge+ ${ringing.id}`), false, 'a late answer does not join a finished call');
});

test('every monitoring change is told to the floor (desk "monitor"), a mode chosen while ringing too; the agent\'s view is not republished for any of it', async () => {
  const t = transferDesk();
  const { iid, caller } = await t.call('alice');
  const told: string[] = [];
  const agentChanged: string[] = [];
  t.desk.on('monitor', (v) =>
    told.push(`${v.interactionId === iid ? 'iid' : v.interactionId}:${v.agentId}:${v.supervisorName}:${v.state}:${v.mode}${v.endCause ? `:${v.endCause}` : ''}`),
  );
  t.desk.on('changed', ({ agentId }) => agentChanged.push(agentId));
  const revs: number[] = [];
  t.desk.on('monitor', (v) => revs.push(v.rev));
  assert.equal(t.desk.monitors.latest(iid), null, 'nobody yet');
  assert.equal(t.desk.monitors.latest('int_nope'), null, 'an unknown call has none (no throw: the floor asks for every call)');

  t.desk.monitors.start(iid, SUE);
  t.desk.monitors.setMode(iid, 'sue', 'whisper');
  await tick();
  t.port.dials.at(-1)!.leg.answered();
  t.desk.monitors.setMode(iid, 'sue', 'barge');
  t.desk.monitors.setMode(iid, 'sue', 'barge'); // no change, nothing told
  t.desk.monitors.stop(iid, 'sue');
  assert.deepEqual(told, [
    'iid:alice:Sue:calling:listen',
    'iid:alice:Sue:calling:whisper',
    'iid:alice:Sue:whispering:whisper',
    'iid:alice:Sue:barging:barge',
    'iid:alice:Sue:ended:barge:stopped',
  ]);
  assert.deepEqual(agentChanged, [], "the agent's view does not change: they are not told");
  assert.deepEqual(revs, [1, 2, 3, 4, 5], 'each change a newer revision (the page orders a REST answer and a floor push by it)');
  assert.equal(t.desk.monitors.latest(iid)?.endCause, 'stopped', 'the ended one stays readable (its supervisor reads why)');

  // The call ending ends the monitoring: told to the floor; the agent's view changes for the call, not for it.
  t.desk.monitors.start(iid, { ...SUE, mode: 'listen', voice: { kind: 'web', leg: new FakeLeg('web2', t.port.log) } });
  told.length = 0;
  caller.end('normal');
  assert.deepEqual(told, ['iid:alice:Sue:ended:listen:call-ended']);
  assert.ok(agentChanged.length > 0, 'the call ending does change her view');
});

test('Web Connect: the browser leg joins at once in the mode asked for; its closing ends the monitoring, not the call', async () => {
  const t = transferDesk();
  const { iid, connected: a } = await t.call('alice');
  const web = new FakeLeg('web1', t.port.log);
  const v = t.desk.monitors.start(iid, { ...SUE, mode: 'whisper', voice: { kind: 'web', leg: web } });
  assert.deepEqual([v.state, v.voice, v.number], ['whispering', 'web', null]);
  assert.equal(t.port.dials.length, 0, 'nothing is dialled');
  assert.deepEqual(t.port.log.slice(-2), ['bridge+ web1', `audience web1 [${t.agent('alice').line.id}]`]);
  web.end('normal');
  assert.equal(t.desk.monitors.view(iid)?.endCause, 'supervisor-hangup');
  assert.equal(a.interaction.state, 'connected');
  assert.deepEqual(steps(t.desk, iid), ['monitor-started:whisper:sue', 'monitor-ended:whisper:supervisor-hangup:sue']);
});

test('refusals: not live, already monitored, one call per supervisor, only the monitoring supervisor switches or stops, unknown call', async () => {
  const t = transferDesk();
  const one = await t.call('alice');
  const two = await t.call('bob');
  const code = (fn: () => unknown, want: string) => assert.throws(fn, (e: unknown) => (e as { code?: string }).code === want);
  code(() => t.desk.monitors.start('int_nope', SUE), 'NOT_FOUND');
  t.desk.monitors.start(one.iid, SUE);
  code(() => t.desk.monitors.start(one.iid, { ...SUE, supervisorId: 'tom', supervisorName: 'Tom' }), 'ACTION_NOT_ALLOWED');
  code(() => t.desk.monitors.start(two.iid, SUE), 'ACTION_NOT_ALLOWED');
  code(() => t.desk.monitors.setMode(one.iid, 'tom', 'barge'), 'ACTION_NOT_ALLOWED');
  code(() => t.desk.monitors.stop(one.iid, 'tom'), 'ACTION_NOT_ALLOWED');
  code(() => t.desk.monitors.setMode(two.iid, 'sue', 'barge'), 'ACTION_NOT_ALLOWED');
  t.desk.monitors.stop(one.iid, 'sue');
  code(() => t.desk.monitors.stop(one.iid, 'sue'), 'ACTION_NOT_ALLOWED');
  two.caller.end('normal');
  code(() => t.desk.monitors.start(two.iid, SUE), 'ACTION_NOT_ALLOWED');
});

test('the recording hears who joins the conversation: a barging supervisor while barging only (not listening or whispering), a consulted agent on the agent side', async () => {
  const recorded = { ...TRANSFER_WS, campaigns: TRANSFER_WS.campaigns.map((c) => ({ ...c, recording: 'always' as const })) } as WorkspaceConfig;
  const t = transferDesk(['alice', 'bob', 'carol'], recorded);
  const { iid } = await t.call('alice');
  assert.ok(
    t.port.log.some((l) => l.startsWith(`record ${iid} `)),
    'the call is recorded',
  );
  t.desk.monitors.start(iid, SUE);
  await tick();
  const sup = t.port.dials.at(-1)!.leg;
  sup.answered();
  const recLog = () => t.port.log.filter((l) => l.startsWith('rec add') || l.startsWith('rec remove'));
  t.desk.monitors.setMode(iid, 'sue', 'whisper');
  assert.deepEqual(recLog(), [], 'listening and coaching are not recorded');
  t.desk.monitors.setMode(iid, 'sue', 'barge');
  assert.deepEqual(recLog(), [`rec add ${sup.id} right`]);
  t.desk.monitors.setMode(iid, 'sue', 'listen');
  assert.deepEqual(recLog(), [`rec add ${sup.id} right`, `rec remove ${sup.id}`]);
  t.desk.monitors.stop(iid, 'sue');
  t.desk.act('alice', iid, { type: 'transfer', kind: 'consult', to: { type: 'agent', agentId: 'bob' } });
  assert.ok(recLog().includes(`rec add ${t.agent('bob').line.id} right`), "bob's voice joins alice's recording on her side");
  assert.ok(recLog().includes(`rec add ${t.agent('alice').line.id} right`), "and bob's own recording (he joins a room with alice in it) hears alice");
});
