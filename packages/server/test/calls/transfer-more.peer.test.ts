import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parseDocument, type YAMLSeq } from 'yaml';
import type { FastifyInstance } from 'fastify';
import type { Notice } from '@switchboard/protocol';
import { readWav, toneSeconds } from '@switchboard/testkit';
import { DEMO_WORKSPACE } from '../helpers';
import { cmd, makeToneWav, sleep, until, viewOf } from './helpers';
import { TONE, callIn, heardInOrder, musicAfter, setup, type PhoneLayout, type PhoneSetup } from './transfer-phones';

// Ports (this file's blocks): engine SIP 48500, sandbox 48510, RTP 48520-48579, sandbox RTP 48580-48599;
// baresips: caller 48600, alice 48700, bob 48800, carol 49300, caller2 49400.
const LAYOUT: PhoneLayout = {
  engine: 48500,
  rtpPorts: { min: 48520, max: 48579 },
  sandboxRtpPorts: { min: 48580, max: 48599 },
  bases: { caller: 48600, alice: 48700, bob: 48800, carol: 49300, caller2: 49400 },
};

/** The tone desk's prompt (no phone sends it). */
const PROMPT_TONE = 2150;

/**
 * The demo workspace plus a workflow calls can be transferred to: a 2 s prompt (a tone), a
 * reference number (digits then #), then the care queue.
 */
function workspaceWithToneDesk(): string {
  const dir = mkdtempSync(join(tmpdir(), 'sb-xfer-ws-'));
  for (const d of ['announcements', 'prompts']) cpSync(join(dirname(DEMO_WORKSPACE), d), join(dir, d), { recursive: true });
  makeToneWav(join(dir, 'prompts', 'tone-desk.wav'), PROMPT_TONE, 2, 0);
  const doc = parseDocument(readFileSync(DEMO_WORKSPACE, 'utf8'));
  const desk = {
    id: 'tone-desk',
    name: 'Tone desk',
    transferTarget: true,
    start: 'hello',
    objects: [
      { id: 'hello', type: 'play', file: 'prompts/tone-desk.wav', next: 'ref' },
      { id: 'ref', type: 'collect', label: 'reference', maxDigits: 4, terminator: '#', timeoutSeconds: 5, next: 'to-care', noInputNext: 'to-care' },
      { id: 'to-care', type: 'queue', queue: 'care-queue' },
    ],
  };
  (doc.get('workflows') as YAMLSeq).add(doc.createNode(desk));
  const file = join(dir, 'workspace.yaml');
  writeFileSync(file, doc.toString());
  return file;
}

/** The notices an agent's stream carries from now on. */
function noticesOf(app: FastifyInstance, agentId: string): Notice[] {
  const out: Notice[] = [];
  app.switchboard.hub.session(agentId)!.on('event', (e: { notice?: Notice }) => e.notice && out.push(e.notice));
  return out;
}

/** The steps of an interaction's record, as kind:step. */
async function stepsOf(s: PhoneSetup, iid: string): Promise<string[]> {
  const tel = s.app.app.switchboard.telephony!;
  await tel.desk.keeper.flush();
  const rec = (await tel.records.get(iid))!;
  return (rec.steps ?? []).map((x) => `${x.kind}:${x.step}`);
}

/** The engine's live legs, by whom they go to: an agent's open line is the agent; the sandbox's numbers are `sandbox:<its extension>`. */
function liveLegs(s: PhoneSetup): string[] {
  return s.app.app.switchboard
    .telephony!.stack.engine.listLegs()
    .map((l) => (l.trunk ? `${l.trunk}:${l.to}` : l.to))
    .sort();
}

/**
 * The caller heard music on hold once alice had answered (the engine's chime sounds 0.3 s in
 * 3, so no run of it is required; the workspace's music plays throughout).
 */
function heldToMusic(s: PhoneSetup): boolean {
  return musicAfter(s.caller, TONE.alice) >= 0.2;
}

async function wrap(s: PhoneSetup, agent: string, outcomeId = 'resolved'): Promise<void> {
  await until(`${agent} wraps`, () => viewOf(s.app.app, agent).activity === 'wrap');
  const iid = viewOf(s.app.app, agent).interaction!.id;
  const r = await cmd(s.app.app, s.a(agent).token, { type: 'wrap', interactionId: iid, outcomeId });
  assert.equal(r.status, 200, JSON.stringify(r.body));
}

test('blind transfer to an agent on an open line: alice wraps at once, the caller then hears bob only; bob sees who handed it on', async (t) => {
  const s = await setup(t, ['alice', 'bob'], { layout: LAYOUT });
  const iid = await callIn(s, s.caller, 'alice');
  await cmd(s.app.app, s.a('bob').token, { type: 'set-available' });
  await sleep(2000);

  const r = await cmd(s.app.app, s.a('alice').token, { type: 'transfer', interactionId: iid, kind: 'blind', to: { type: 'agent', agentId: 'bob' } });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.equal(r.state.activity, 'wrap', 'alice wraps at once');
  assert.equal(r.state.interaction?.endCause, 'transferred');
  await until('bob has the call', () => viewOf(s.app.app, 'bob').interaction?.state === 'connected');
  const bobView = viewOf(s.app.app, 'bob').interaction!;
  assert.deepEqual([bobView.transferredFrom?.kind, bobView.transferredFrom?.agentId, bobView.transferredFrom?.agentName], ['blind', 'alice', 'Alice Nguyen']);
  await sleep(2500);

  s.caller.phone.hangup();
  await wrap(s, 'bob');
  await wrap(s, 'alice', 'follow-up');
  const tones = { caller: TONE.caller, alice: TONE.alice, bob: TONE.bob };
  assert.deepEqual(heardInOrder(s.caller, tones), ['alice', 'bob'], 'the caller: alice, then bob only');
  assert.deepEqual(heardInOrder(s.a('alice').ear, tones), ['caller'], 'alice: the caller, then nobody');
  assert.deepEqual(heardInOrder(s.a('bob').ear, tones), ['caller'], 'bob: the caller only');
  assert.deepEqual(await stepsOf(s, iid), ['blind:started', 'blind:completed']);
  const rb = (await s.app.app.switchboard.telephony!.records.get(bobView.id))!;
  assert.equal(rb.transferredFrom?.agentId, 'alice');
});

test('blind transfer to an agent whose phone (rung per call) does not answer: the caller comes back to alice, who is told; bob is auto-paused', async (t) => {
  const s = await setup(t, ['alice', 'bob'], { layout: LAYOUT, perCall: { bob: 'never' } });
  const notices = noticesOf(s.app.app, 'alice');
  const iid = await callIn(s, s.caller, 'alice');
  await cmd(s.app.app, s.a('bob').token, { type: 'set-available' });
  await sleep(2000);

  const r = await cmd(s.app.app, s.a('alice').token, { type: 'transfer', interactionId: iid, kind: 'blind', to: { type: 'agent', agentId: 'bob' } });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.equal(r.state.activity, 'wrap');
  await s.a('bob').phone.waitEvent('CALL_INCOMING', 5000);
  // The ring time is 4 s in tests; then the caller is back with alice, on the same interaction.
  await until('the caller is back with alice', () => viewOf(s.app.app, 'alice').activity === 'on-call', 8000);
  assert.equal(viewOf(s.app.app, 'alice').interaction?.id, iid);
  assert.equal(viewOf(s.app.app, 'alice').interaction?.state, 'connected');
  const bob = viewOf(s.app.app, 'bob');
  assert.equal(bob.presence.kind, 'paused');
  assert.equal(bob.presence.kind === 'paused' && bob.presence.reason.name, 'Auto Pause');
  assert.equal(bob.interaction ?? null, null);
  const returned = notices.find((n) => n.code === 'TRANSFER_RETURNED');
  assert.ok(returned, JSON.stringify(notices));
  assert.match(returned.message, /Bob Smith/);
  await sleep(2500);

  s.caller.phone.hangup();
  await wrap(s, 'alice');
  const tones = { caller: TONE.caller, alice: TONE.alice, bob: TONE.bob };
  assert.deepEqual(heardInOrder(s.caller, tones), ['alice'], 'the caller: alice, (ringing), alice again; never bob');
  assert.ok(toneSeconds(readWav(s.caller.phone.recordings().dec!).samples, TONE.alice) > 3.5, 'alice before and after the failed transfer');
  assert.deepEqual(heardInOrder(s.a('alice').ear, tones), ['caller']);
  assert.deepEqual(await stepsOf(s, iid), ['blind:started', 'blind:failed', 'blind:returned']);
  assert.deepEqual([viewOf(s.app.app, 'alice').activity, viewOf(s.app.app, 'alice').presence.kind], ['idle', 'available'], 'alice is free again');
  assert.deepEqual(liveLegs(s), ['alice'], "only alice's open line is left (bob's unanswered ring ended)");
});

test('consult an agent → Transfer: the caller then hears bob, alice hears nobody', async (t) => {
  const s = await setup(t, ['alice', 'bob'], { layout: LAYOUT });
  const iid = await callIn(s, s.caller, 'alice');
  await cmd(s.app.app, s.a('bob').token, { type: 'set-available' });
  await sleep(2000);

  let r = await cmd(s.app.app, s.a('alice').token, { type: 'transfer', interactionId: iid, kind: 'consult', to: { type: 'agent', agentId: 'bob' } });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.equal(r.state.interaction?.transfer?.phase, 'talking');
  assert.equal(r.state.interaction?.capabilities.canCompleteTransfer, true);
  await sleep(2500);

  r = await cmd(s.app.app, s.a('alice').token, { type: 'complete-transfer', interactionId: iid });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.equal(r.state.activity, 'wrap');
  assert.equal(r.state.interaction?.endCause, 'transferred');
  const bobView = viewOf(s.app.app, 'bob').interaction!;
  assert.equal(bobView.state, 'connected');
  assert.equal(bobView.transferredFrom?.kind, 'consult');
  assert.equal(bobView.held, false, 'the caller is resumed for bob');
  await sleep(2500);

  s.caller.phone.hangup();
  await wrap(s, 'bob');
  await wrap(s, 'alice');
  const tones = { caller: TONE.caller, alice: TONE.alice, bob: TONE.bob };
  assert.deepEqual(heardInOrder(s.caller, tones), ['alice', 'bob'], 'the caller: alice; (held: neither agent); bob');
  assert.ok(heldToMusic(s), 'the held caller heard music on hold');
  assert.deepEqual(heardInOrder(s.a('alice').ear, tones), ['caller', 'bob'], 'alice: the caller; bob in the consult; then nobody');
  assert.deepEqual(heardInOrder(s.a('bob').ear, tones), ['alice', 'caller'], 'bob: alice in the consult; then the caller');
  assert.deepEqual(await stepsOf(s, iid), ['consult:started', 'consult:answered', 'consult:transferred']);
  assert.deepEqual(liveLegs(s), ['alice', 'bob'], 'only the open lines are left');
});

test('consult → merge → add carol and a number (five parties) → terminate: everyone hears everyone, then every leg but the open lines gets a BYE', async (t) => {
  const s = await setup(t, ['alice', 'bob', 'carol'], { layout: LAYOUT });
  const iid = await callIn(s, s.caller, 'alice');
  for (const n of ['bob', 'carol']) await cmd(s.app.app, s.a(n).token, { type: 'set-available' });
  await sleep(2000);
  const alice = s.a('alice').token;

  let r = await cmd(s.app.app, alice, { type: 'transfer', interactionId: iid, kind: 'consult', to: { type: 'agent', agentId: 'bob' } });
  assert.equal(r.state.interaction?.transfer?.phase, 'talking');
  await sleep(2000);
  r = await cmd(s.app.app, alice, { type: 'merge', interactionId: iid });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  await sleep(2000);
  r = await cmd(s.app.app, alice, { type: 'add-party', interactionId: iid, to: { type: 'agent', agentId: 'carol' } });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  await until('carol joins', () => viewOf(s.app.app, 'alice').interaction?.parties.filter((p) => p.state === 'connected').length === 4);
  await sleep(2000);
  r = await cmd(s.app.app, alice, { type: 'add-party', interactionId: iid, to: { type: 'number', number: '0491 570 111' } });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  await until('the number joins', () => viewOf(s.app.app, 'alice').interaction?.parties.filter((p) => p.state === 'connected').length === 5);
  const v = viewOf(s.app.app, 'alice').interaction!;
  assert.deepEqual(v.parties.map((p) => p.role).sort(), ['agent', 'agent', 'agent', 'customer', 'third-party']);
  assert.equal(v.capabilities.canAddParty, false, 'five is the most');
  // The sandbox answers 0491 570 1xx on its extension 1000 (the caller came in on the care line).
  assert.deepEqual(liveLegs(s), ['alice', 'bob', 'carol', 'sandbox:+61290000001', 'sandbox:1000']);
  const bridges = new Set(s.app.app.switchboard.telephony!.stack.engine.listLegs().map((l) => l.bridgeId));
  assert.equal(bridges.size, 1, 'the five legs are in one conference bridge');
  await sleep(3000);

  r = await cmd(s.app.app, alice, { type: 'terminate-conference', interactionId: iid });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  await s.caller.phone.waitEvent('CALL_CLOSED', 5000);
  for (const n of ['alice', 'bob', 'carol']) await wrap(s, n);
  assert.deepEqual(liveLegs(s), ['alice', 'bob', 'carol'], 'the caller and the number got a BYE; the open lines stay up');
  for (const n of ['alice', 'bob', 'carol']) assert.equal(viewOf(s.app.app, n).voice.status, 'connected');

  // Four voices mixed, the sandbox's tone at half the phones' level: its share is about 0.07.
  const tones = { caller: TONE.caller, alice: TONE.alice, bob: TONE.bob, carol: TONE.carol, number: TONE.sandbox };
  const heard = {
    caller: heardInOrder(s.caller, tones, 20, false, 0.04),
    alice: heardInOrder(s.a('alice').ear, tones, 20, false, 0.04),
    bob: heardInOrder(s.a('bob').ear, tones, 20, false, 0.04),
    carol: heardInOrder(s.a('carol').ear, tones, 20, false, 0.04),
  };
  assert.deepEqual(heard.caller, ['alice', 'alice+bob', 'alice+bob+carol', 'alice+bob+carol+number'], JSON.stringify(heard));
  assert.deepEqual(heard.alice, ['caller', 'bob', 'caller+bob', 'caller+bob+carol', 'caller+bob+carol+number'], JSON.stringify(heard));
  assert.deepEqual(heard.bob, ['alice', 'caller+alice', 'caller+alice+carol', 'caller+alice+carol+number'], JSON.stringify(heard));
  assert.deepEqual(heard.carol, ['caller+alice+bob', 'caller+alice+bob+number'], JSON.stringify(heard));
  assert.deepEqual(await stepsOf(s, iid), [
    'consult:started',
    'consult:answered',
    'consult:merged',
    'conference:party-adding',
    'conference:party-added',
    'conference:party-adding',
    'conference:party-added',
    'conference:terminated',
  ]);
});

test("consult waiting for a busy agent: bob is on another call; once it ends and he wraps, alice's consult rings him and they talk", async (t) => {
  const s = await setup(t, ['alice', 'bob'], { layout: LAYOUT, secondCaller: true });
  const caller2 = s.caller2!;
  await callIn(s, caller2, 'bob');
  const iid = await callIn(s, s.caller, 'alice');
  await sleep(1500);

  let r = await cmd(s.app.app, s.a('alice').token, { type: 'transfer', interactionId: iid, kind: 'consult', to: { type: 'agent', agentId: 'bob' } });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.equal(r.state.interaction?.transfer?.phase, 'waiting', 'bob is on another call: the consult waits');
  assert.equal(r.state.interaction?.held, true);
  assert.equal(r.state.interaction?.capabilities.canCancelConsult, true);
  await sleep(2000);
  assert.equal(viewOf(s.app.app, 'alice').interaction?.transfer?.phase, 'waiting', 'still waiting while bob talks');

  caller2.phone.hangup();
  await wrap(s, 'bob');
  await until('the consult reaches bob', () => viewOf(s.app.app, 'alice').interaction?.transfer?.phase === 'talking', 5000);
  assert.equal(viewOf(s.app.app, 'bob').interaction?.transferredFrom?.agentId, 'alice');
  await sleep(2500);

  r = await cmd(s.app.app, s.a('alice').token, { type: 'cancel-consult', interactionId: iid });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  await sleep(2000);
  s.caller.phone.hangup();
  await wrap(s, 'alice');
  await wrap(s, 'bob');

  const tones = { caller: TONE.caller, caller2: TONE.caller2, alice: TONE.alice, bob: TONE.bob };
  assert.deepEqual(heardInOrder(s.caller, tones), ['alice'], 'the caller: alice; (held: never bob nor the other caller); alice after the cancel');
  assert.ok(heldToMusic(s), 'the held caller heard music on hold');
  assert.deepEqual(heardInOrder(s.a('alice').ear, tones), ['caller', 'bob', 'caller'], 'alice: the caller; bob once he was free; the caller again');
  assert.deepEqual(heardInOrder(s.a('bob').ear, tones), ['caller2', 'alice'], 'bob: his own caller; then alice');
  assert.deepEqual(await stepsOf(s, iid), ['consult:waiting', 'consult:ringing', 'consult:answered', 'consult:cancelled']);
});

test('race: the caller hangs up mid-consult: alice and bob go on talking; alice hangs up, both wrap, no leg is left', async (t) => {
  const s = await setup(t, ['alice', 'bob'], { layout: LAYOUT });
  const iid = await callIn(s, s.caller, 'alice');
  await cmd(s.app.app, s.a('bob').token, { type: 'set-available' });
  await sleep(1500);
  let r = await cmd(s.app.app, s.a('alice').token, { type: 'transfer', interactionId: iid, kind: 'consult', to: { type: 'agent', agentId: 'bob' } });
  assert.equal(r.state.interaction?.transfer?.phase, 'talking');
  await sleep(2000);

  s.caller.phone.hangup();
  await until('the caller is gone', () => !viewOf(s.app.app, 'alice').interaction?.parties.some((p) => p.role === 'customer' && p.state !== 'ended'));
  const v = viewOf(s.app.app, 'alice');
  assert.equal(v.activity, 'on-call', 'alice still talks to bob');
  assert.equal(v.interaction?.capabilities.canCompleteTransfer, false, 'nobody to hand on');
  assert.equal(v.interaction?.capabilities.canMerge, false);
  assert.equal(viewOf(s.app.app, 'bob').activity, 'on-call');
  await sleep(2500);
  r = await cmd(s.app.app, s.a('alice').token, { type: 'hang-up', interactionId: iid });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  await wrap(s, 'alice');
  await wrap(s, 'bob');
  assert.deepEqual(liveLegs(s), ['alice', 'bob'], 'no leg left but the open lines');
  const tones = { caller: TONE.caller, alice: TONE.alice, bob: TONE.bob };
  assert.deepEqual(heardInOrder(s.a('alice').ear, tones), ['caller', 'bob']);
  assert.deepEqual(heardInOrder(s.a('bob').ear, tones), ['alice']);
  const tel = s.app.app.switchboard.telephony!;
  await tel.desk.keeper.flush();
  const ra = (await tel.records.get(iid))!;
  assert.deepEqual(
    (ra.steps ?? []).map((x) => `${x.kind}:${x.step}`),
    ['consult:started', 'consult:answered', 'consult:caller-left', 'consult:cancelled'],
    "the caller's leaving is recorded; alice's hang-up gives the consult up",
  );
  assert.ok(
    ra.legs.every((l) => l.endedAt !== null),
    'every leg in the record ended',
  );
  assert.equal(ra.endCause, 'agent-hangup', 'alice ended her part (the caller had left before)');
  // 2 s of consult before the caller hung up, 2.5 s after: bob heard alice through both.
  const bobHeard = toneSeconds(readWav(s.a('bob').phone.recordings().dec!).samples, TONE.alice);
  assert.ok(bobHeard > 3.5, `bob heard alice after the caller left (${bobHeard.toFixed(1)} s)`);
});

test('race: the target (a phone rung per call) hangs up in a merged conference: back to alice and the caller', async (t) => {
  const s = await setup(t, ['alice', 'bob'], { layout: LAYOUT, perCall: { bob: 'answers' } });
  const iid = await callIn(s, s.caller, 'alice');
  await cmd(s.app.app, s.a('bob').token, { type: 'set-available' });
  await sleep(1500);
  let r = await cmd(s.app.app, s.a('alice').token, { type: 'transfer', interactionId: iid, kind: 'consult', to: { type: 'agent', agentId: 'bob' } });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  await until('bob answers', () => viewOf(s.app.app, 'alice').interaction?.transfer?.phase === 'talking', 5000);
  await sleep(2000);
  r = await cmd(s.app.app, s.a('alice').token, { type: 'merge', interactionId: iid });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  await sleep(2000);

  s.a('bob').phone.hangup();
  await until('back to two', () => viewOf(s.app.app, 'alice').interaction?.parties.filter((p) => p.state !== 'ended').length === 2);
  await wrap(s, 'bob');
  const v = viewOf(s.app.app, 'alice').interaction!;
  assert.equal(v.state, 'connected');
  assert.equal(v.capabilities.canLeave, false, 'nobody to leave the caller with');
  assert.deepEqual(
    v.parties.map((p) => p.label),
    ['caller', 'Alice Nguyen'],
  );
  await sleep(2000);
  s.caller.phone.hangup();
  await wrap(s, 'alice');
  assert.deepEqual(liveLegs(s), ['alice']);
  const tones = { caller: TONE.caller, alice: TONE.alice, bob: TONE.bob };
  assert.deepEqual(heardInOrder(s.caller, tones), ['alice', 'alice+bob', 'alice']);
  assert.deepEqual(heardInOrder(s.a('alice').ear, tones), ['caller', 'bob', 'caller+bob', 'caller']);
});

test('blind transfer to a workflow: alice wraps at once, the caller hears its prompt and keys a reference, the queue hands the call to bob with the IVR data so far', async (t) => {
  const s = await setup(t, ['alice', 'bob'], { layout: LAYOUT, workspaceFile: workspaceWithToneDesk() });
  const iid = await callIn(s, s.caller, 'alice');
  await cmd(s.app.app, s.a('bob').token, { type: 'set-available' });
  await sleep(2000);

  const r = await cmd(s.app.app, s.a('alice').token, { type: 'transfer', interactionId: iid, kind: 'blind', to: { type: 'workflow', workflowId: 'tone-desk' } });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.equal(r.state.activity, 'wrap', 'alice wraps at once');
  assert.equal(r.state.interaction?.endCause, 'transferred');
  await sleep(2500);
  await s.caller.phone.sendDtmf('42#');
  await until('the queue hands the call to bob', () => viewOf(s.app.app, 'bob').interaction?.state === 'connected');
  const bob = viewOf(s.app.app, 'bob').interaction!;
  assert.deepEqual([bob.transferredFrom?.kind, bob.transferredFrom?.agentId], ['blind', 'alice']);
  assert.deepEqual(
    bob.ivrData.map((d) => `${d.label}=${d.value}`),
    ['account=4321', 'menu=1', 'reference=42'],
    'the IVR data so far, then what the workflow collected',
  );
  await sleep(2000);

  s.caller.phone.hangup();
  await wrap(s, 'bob');
  await wrap(s, 'alice');
  const tones = { caller: TONE.caller, alice: TONE.alice, bob: TONE.bob, prompt: PROMPT_TONE };
  assert.deepEqual(heardInOrder(s.caller, tones), ['alice', 'prompt', 'bob'], "the caller: alice; the workflow's prompt; bob");
  assert.deepEqual(heardInOrder(s.a('alice').ear, tones), ['caller']);
  assert.deepEqual(await stepsOf(s, iid), ['blind:started', 'blind:completed']);
});

test('assisted transfer to a workflow: alice hears its prompt and keys a reference on her keypad; Transfer: the caller runs it with her keys typed ahead and reaches bob', async (t) => {
  const s = await setup(t, ['alice', 'bob'], { layout: LAYOUT, workspaceFile: workspaceWithToneDesk() });
  const iid = await callIn(s, s.caller, 'alice');
  await cmd(s.app.app, s.a('bob').token, { type: 'set-available' });
  await sleep(1500);
  const alice = s.a('alice').token;

  let r = await cmd(s.app.app, alice, { type: 'transfer', interactionId: iid, kind: 'assisted', to: { type: 'workflow', workflowId: 'tone-desk' } });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.equal(r.state.interaction?.transfer?.phase, 'talking');
  assert.equal(r.state.interaction?.held, true);
  await sleep(2500);
  r = await cmd(s.app.app, alice, { type: 'send-dtmf', interactionId: iid, digits: '77#' });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  await sleep(500);
  assert.equal(viewOf(s.app.app, 'bob').interaction ?? null, null, "alice's keys reach the workflow, not the queue: bob is not offered anything yet");
  r = await cmd(s.app.app, alice, { type: 'complete-transfer', interactionId: iid });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.equal(r.state.activity, 'wrap');
  await until('the queue hands the call to bob', () => viewOf(s.app.app, 'bob').interaction?.state === 'connected', 8000);
  const bob = viewOf(s.app.app, 'bob').interaction!;
  assert.deepEqual([bob.transferredFrom?.kind, bob.transferredFrom?.agentId], ['assisted', 'alice']);
  assert.ok(
    bob.ivrData.some((d) => d.label === 'reference' && d.value === '77'),
    JSON.stringify(bob.ivrData),
  );
  await sleep(2000);

  s.caller.phone.hangup();
  await wrap(s, 'bob');
  await wrap(s, 'alice');
  const tones = { caller: TONE.caller, alice: TONE.alice, bob: TONE.bob, prompt: PROMPT_TONE };
  assert.deepEqual(heardInOrder(s.a('alice').ear, tones), ['caller', 'prompt'], "alice: the caller; the workflow's prompt");
  const heard = heardInOrder(s.caller, tones);
  assert.deepEqual(
    heard.filter((x) => x !== 'prompt'),
    ['alice', 'bob'],
    `the caller: alice, then bob (${heard})`,
  );
  assert.deepEqual(await stepsOf(s, iid), ['assisted:started', 'assisted:answered', 'assisted:transferred', 'assisted:completed']);
});
