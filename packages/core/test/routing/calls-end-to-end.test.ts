import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FakeClock, type TimerHandle } from '@switchboard/shared';
import {
  AgentSession,
  CallRecordKeeper,
  DnisDirectory,
  Interaction,
  MemoryCallRecordStore,
  Router,
  WorkflowRunner,
  WrapTimer,
  interactionCapabilities,
  interactionInfo,
  routingUpdateFrom,
  type WorkflowAction,
} from '../../src/index';
import { FakeConnector, REASONS } from '../agent/helpers';
import { careCampaign } from '../interaction/helpers';
import { careWorkflow } from '../workflow/fixtures';

/**
 * The domain pieces wired the way the server will wire them, in fake time:
 * DNIS → workflow → queue → router → ringing → missed (Auto Pause) → another
 * agent → recording → hang-up → auto-wrap → call record.
 */
test('calls end to end: IVR, queue, ring-no-answer, answer, wrap, record', async () => {
  const clock = new FakeClock();
  const campaign = careCampaign();
  const router = new Router({ clock, queues: [{ id: 'care-queue', campaignId: 'care-inbound' }] });
  const store = new MemoryCallRecordStore();
  const keeper = new CallRecordKeeper(store, clock);
  const interactions = new Map<string, Interaction>();
  const sessions = new Map<string, AgentSession>();
  const session = (id: string, name: string) => {
    const s = new AgentSession({
      clock,
      sessionId: `ses_${id}`,
      agent: { id, username: id, displayName: name, agentNumber: '1', teamId: 'care' },
      pauseReasons: REASONS,
      campaigns: [{ id: 'care-inbound', name: 'Customer Care', direction: 'inbound' }],
      defaults: null,
      voice: new FakeConnector(),
    });
    // The server feeds every session change to the router.
    s.on('event', (e) => e.state && router.updateAgent(routingUpdateFrom(e.state)));
    sessions.set(id, s);
    return s;
  };
  // Ring-no-answer through the clock, as the product's AgentRing does for an offer.
  const rings = new Map<string, TimerHandle>();
  const missed = (entryId: string) => {
    rings.delete(entryId);
    const i = interactions.get(entryId)!;
    const agentId = i.agentId!;
    i.offerReturned('missed');
    sessions.get(agentId)!.offerEnded('missed');
    router.offerFailed(entryId, 'missed');
  };
  const ring = {
    start: (entryId: string, ms: number) =>
      rings.set(
        entryId,
        clock.setTimeout(() => missed(entryId), ms),
      ),
    cancel: (entryId: string) => {
      const h = rings.get(entryId);
      if (h) clock.clearTimeout(h);
      rings.delete(entryId);
    },
  };
  router.on('offer', (o) => {
    interactions.get(o.entryId)!.offer(o.agentId);
    sessions.get(o.agentId)!.callOffered();
    ring.start(o.entryId, 20_000);
  });
  router.on('offer-withdrawn', ({ entryId, agentId }) => {
    ring.cancel(entryId);
    sessions.get(agentId)!.offerEnded('withdrawn');
  });

  // A caller dials the care line.
  const wf = new DnisDirectory([careWorkflow()], [{ number: '+61290000000', workflowId: 'care-main' }]).workflowFor('+61290000000')!;
  const call = Interaction.inbound({ id: 'int_1', clock, campaign, customerNumber: '+61400111222', platformNumber: '+61290000000' });
  interactions.set(call.id, call);
  keeper.track(call);
  const runner = new WorkflowRunner({ workflow: wf, clock, callerNumber: '+61400111222' });
  const execute = (actions: WorkflowAction[]) => {
    for (const a of actions) {
      if (a.type === 'ivr-data') call.addIvrData(a.label, a.value);
      if (a.type === 'join-queue') {
        call.joinQueue(a.queueId);
        router.enqueue({ entryId: call.id, queueId: a.queueId, priority: a.priority });
      }
    }
  };
  execute(runner.start());
  clock.advance(3000);
  execute(runner.promptFinished());
  clock.advance(2000);
  execute(runner.digitsCollected('1'));
  clock.advance(4000);
  execute(runner.digitsCollected('123456#'));
  assert.equal(call.state, 'queued');

  // Alice connects and goes Available: she is offered the call at once, and misses it.
  const alice = session('alice', 'Alice Nguyen');
  alice.apply({ type: 'connect-voice', method: 'call-me', number: '+61412345678', persistent: false, saveAsDefault: false });
  alice.voiceConnected();
  clock.advance(10_000);
  alice.apply({ type: 'set-available' });
  assert.equal(call.state, 'offered');
  assert.equal(alice.view().activity, 'offered');
  clock.advance(20_000);
  assert.equal(call.state, 'queued', 'ring-no-answer: back to the queue');
  const p = alice.view().presence;
  assert.equal(p.kind === 'paused' && p.reason.name, 'Auto Pause');

  // Bob becomes Available and answers.
  const bob = session('bob', 'Bob Smith');
  bob.apply({ type: 'connect-voice', method: 'web', persistent: true, saveAsDefault: false });
  bob.voiceConnected();
  clock.advance(5000);
  bob.apply({ type: 'set-available' });
  assert.equal(call.agentId, 'bob');
  clock.advance(3000);
  ring.cancel(call.id);
  const { waitedMs } = router.offerAccepted(call.id);
  call.answer('bob');
  bob.callAnswered();
  assert.equal(waitedMs, 38_000);
  assert.equal(call.view().timeInQueueMs, 38_000);
  const info = Object.fromEntries(interactionInfo(call.view()).map((r) => [r.label, r.value]));
  assert.deepEqual(info, {
    'Interaction ID': 'int_1',
    'Call Type': 'IN',
    Campaign: 'Customer Care',
    'Customer Phone Number': '+61400111222',
    'Platform phone': '+61290000000',
    'IVR Data': 'menu: 1\naccount: 123456',
    'Time in queue': '0:38',
  });

  // Recording, a bookmark, the customer hangs up, auto-wrap runs out.
  call.startRecording('recordings/int_1.wav');
  clock.advance(15_000);
  call.bookmark('bob');
  clock.advance(45_000);
  call.end('customer-hangup');
  bob.callEnded();
  const wrap = new WrapTimer(clock, call, bob);
  wrap.start();
  assert.equal(interactionCapabilities('bob', call).canExtendWrap, true);
  clock.advance(30_000);
  assert.equal(bob.view().activity, 'idle');
  assert.equal(bob.view().presence.kind, 'available');
  assert.deepEqual(router.readyAgents('care-inbound'), ['bob'], 'bob is ready again; alice is auto-paused');

  await keeper.flush();
  const r = (await store.get('int_1'))!;
  assert.deepEqual([r.final, r.outcomeId, r.wrappedBy, r.agentId, r.timeInQueueMs], [true, 'resolved', 'auto', 'bob', 38_000]);
  assert.deepEqual(
    r.recording.markers.map((m) => [m.label, m.offsetMs]),
    [['Manual', 15_000]],
  );

  // A second caller hangs up while bob's phone rings: the offer is withdrawn cleanly.
  const c2 = Interaction.inbound({ id: 'int_2', clock, campaign, customerNumber: '+61400333444', platformNumber: '+61290000000' });
  interactions.set(c2.id, c2);
  c2.joinQueue('care-queue');
  router.enqueue({ entryId: c2.id, queueId: 'care-queue' });
  assert.equal(bob.view().activity, 'offered');
  clock.advance(4000);
  router.remove(c2.id);
  c2.abandon('caller-hangup');
  assert.equal(bob.view().activity, 'idle');
  assert.equal(bob.view().presence.kind, 'available', 'a withdrawn offer is not a missed one');
  assert.equal(rings.size, 0);
  assert.deepEqual(router.readyAgents('care-inbound'), ['bob']);
});
