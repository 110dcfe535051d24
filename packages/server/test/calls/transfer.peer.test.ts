import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { loudness, readWav, toneBlocks, tempDir } from '@switchboard/testkit';
import { DEMO_CARE_DNIS } from '../../src/calls/demo-call-flow';
import { removeDir } from '../helpers';
import { Baresip, agentToken, cmd, engineApp, makeToneWav, sleep, until, viewOf } from './helpers';

// Ports (issue 18's blocks): engine SIP 48400, sandbox 48410, RTP 48420-48479, sandbox RTP 48480-48499;
// baresips: caller 41800, alice 41900, bob 48100, carol 48200.
const ENGINE = { rtpPorts: { min: 48420, max: 48479 }, sandboxRtpPorts: { min: 48480, max: 48499 } };
/** Each party's tone: at least 100 Hz from one another and from the music on hold's notes (262-1047 Hz). */
const TONE = { caller: 1200, alice: 1400, bob: 1650, carol: 1900, sandbox: 1000 } as const;

/** A phone whose dump of what it heard is read once the call is over. */
class Ear {
  t0 = 0;
  constructor(readonly phone: Baresip) {}
  async established(): Promise<void> {
    await this.phone.waitEvent('CALL_ESTABLISHED');
    this.t0 = Date.now();
  }
}

/**
 * What a phone heard, in order: runs of 20 ms blocks labelled by which of the tones were present
 * (several mixed count at a lower share), runs under 0.4 s and silent ones dropped. A phone's dump
 * grows only with packets received, so its time axis is not wall time: the order of what it heard
 * is what is compared.
 */
function heardInOrder(ear: Ear, tones: Record<string, number>, minBlocks = 20, other = false): string[] {
  const w = readWav(ear.phone.recordings().dec!);
  const names = Object.keys(tones);
  const per = names.map((n) => toneBlocks(w.samples, tones[n]!, w.rate, 0.12, 5e3));
  // `other`: a block with sound but none of the tones (music on hold, prompts, ringing).
  const loud = (i: number) => loudness(w.samples, w.rate, i * 0.02, (i + 1) * 0.02) > 300;
  const labels = per[0]!.map((_, i) => names.filter((_, k) => per[k]![i]).join('+') || (other && loud(i) ? 'other' : ''));
  const runs: Array<{ label: string; n: number }> = [];
  for (const l of labels) {
    const last = runs.at(-1);
    if (last && last.label === l) last.n++;
    else runs.push({ label: l, n: 1 });
  }
  const out: string[] = [];
  for (const r of runs) if (r.label && r.n >= minBlocks && out.at(-1) !== r.label) out.push(r.label);
  return out;
}

/** `expected` appears in `seq` in this order (other labels may come between). */
function inOrder(seq: readonly string[], expected: readonly string[]): boolean {
  let k = 0;
  for (const l of seq) if (l === expected[k]) k++;
  return k === expected.length;
}

async function setup(t: { after: (fn: () => Promise<void>) => void }, names: Array<'alice' | 'bob' | 'carol'>) {
  const wavs = tempDir('transfer-peer');
  for (const [k, f] of Object.entries(TONE)) makeToneWav(join(wavs, `${k}.wav`), f, 120);
  const app = await engineApp(48400, undefined, ENGINE);
  const bases = { alice: 41900, bob: 48100, carol: 48200 } as const;
  const agents = new Map<string, { phone: Baresip; ear: Ear; token: string }>();
  const caller = new Baresip({ name: 'caller', base: 41800, audioWav: join(wavs, 'caller.wav') });
  t.after(async () => {
    await Promise.all([caller.stop(), ...[...agents.values()].map((a) => a.phone.stop())]);
    await app.close();
    removeDir(app.dir);
  });
  for (const n of names) {
    const phone = new Baresip({ name: n, base: bases[n], audioWav: join(wavs, `${n}.wav`) });
    await phone.start();
    const token = await agentToken(app.app, n);
    const r = await cmd(app.app, token, { type: 'connect-voice', method: 'call-me', number: phone.uri, persistent: true, saveAsDefault: false });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    const ear = new Ear(phone);
    await ear.established();
    await until(`${n} voice connected`, () => viewOf(app.app, n).voice.status === 'connected');
    agents.set(n, { phone, ear, token });
  }
  await caller.start();
  return { app, agents, caller: new Ear(caller), a: (n: string) => agents.get(n)! };
}

/** The caller dials the care line and keys through the IVR to the only available agent, alice. */
async function callAlice(s: Awaited<ReturnType<typeof setup>>): Promise<string> {
  const alice = s.a('alice');
  let r = await cmd(s.app.app, alice.token, { type: 'set-available' });
  assert.equal(r.state.presence.kind, 'available');
  s.caller.phone.dial(`sip:${DEMO_CARE_DNIS}@127.0.0.1:48400`);
  await s.caller.established();
  await sleep(1200);
  await s.caller.phone.sendDtmf('4321#1');
  await until('the call reaches alice', () => viewOf(s.app.app, 'alice').interaction?.state === 'connected');
  for (const n of s.agents.keys()) if (n !== 'alice') r = await cmd(s.app.app, s.a(n).token, { type: 'set-available' });
  return viewOf(s.app.app, 'alice').interaction!.id;
}

test('consult an agent → merge → leave, on real phones: who hears whom at each step (tones), and each agent wraps their own part', async (t) => {
  const s = await setup(t, ['alice', 'bob']);
  const iid = await callAlice(s);
  const { caller } = s;
  const alice = s.a('alice').ear;
  const bob = s.a('bob').ear;
  await sleep(2000);

  let r = await cmd(s.app.app, s.a('alice').token, { type: 'transfer', interactionId: iid, kind: 'consult', to: { type: 'agent', agentId: 'bob' } });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.equal(r.state.interaction?.transfer?.phase, 'talking', "bob's open line takes the consult at once");
  assert.equal(r.state.interaction?.held, true);
  assert.equal(r.state.interaction?.capabilities.canMerge, true);
  assert.equal(viewOf(s.app.app, 'bob').interaction?.transferredFrom?.agentName, 'Alice Nguyen');
  await sleep(2500);

  r = await cmd(s.app.app, s.a('alice').token, { type: 'merge', interactionId: iid });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.equal(r.state.interaction?.conference, true);
  assert.equal(r.state.interaction?.parties.length, 3);
  assert.equal(r.state.interaction?.capabilities.canLeave, true);
  await sleep(2500);

  r = await cmd(s.app.app, s.a('alice').token, { type: 'leave-conference', interactionId: iid });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.equal(r.state.activity, 'wrap');
  assert.equal(r.state.interaction?.endCause, 'left-conference');
  await sleep(2500);
  assert.equal(viewOf(s.app.app, 'bob').interaction?.state, 'connected', 'bob and the caller go on');
  assert.equal(viewOf(s.app.app, 'alice').voice.status, 'connected', "alice's open line stays up");

  await s.caller.phone.hangup();
  await until('bob wraps', () => viewOf(s.app.app, 'bob').activity === 'wrap');
  r = await cmd(s.app.app, s.a('alice').token, { type: 'wrap', interactionId: iid, outcomeId: 'follow-up' });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  const bobIid = viewOf(s.app.app, 'bob').interaction!.id;
  r = await cmd(s.app.app, s.a('bob').token, { type: 'wrap', interactionId: bobIid, outcomeId: 'resolved' });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  await sleep(300);

  // What each phone heard, in order (before, consult, merged, after alice left).
  const tones = { caller: TONE.caller, alice: TONE.alice, bob: TONE.bob };
  const heard = { caller: heardInOrder(caller, tones), alice: heardInOrder(alice, tones), bob: heardInOrder(bob, tones) };
  assert.deepEqual(heard.caller, ['alice', 'alice+bob', 'bob'], 'the caller: alice; (held: neither agent); both merged; bob once alice left');
  assert.deepEqual(heard.alice, ['caller', 'bob', 'caller+bob'], 'alice: the caller; bob alone in the consult; both merged; then nothing');
  assert.deepEqual(heard.bob, ['alice', 'caller+alice', 'caller'], 'bob: alice in the consult; both merged; the caller once alice left');
  const withMusic = heardInOrder(caller, tones, 20, true);
  assert.ok(inOrder(withMusic, ['alice', 'other', 'alice+bob']), `the held caller heard music between (${withMusic.join(', ')})`);

  // Each part in its own record: alice's keeps the steps and who remained; bob's says who handed it on.
  await s.app.app.switchboard.telephony!.desk.keeper.flush();
  const recs = s.app.app.switchboard.telephony!.records;
  const ra = (await recs.get(iid))!;
  const rb = (await recs.get(bobIid))!;
  assert.deepEqual([ra.outcomeId, ra.endCause, rb.outcomeId, rb.agentId], ['follow-up', 'left-conference', 'resolved', 'bob']);
  assert.deepEqual(
    (ra.steps ?? []).map((x) => x.step),
    ['started', 'answered', 'merged', 'left'],
  );
  assert.ok(
    ra.legs.every((l) => l.endedAt !== null),
    "alice's record: every leg ended, with its time",
  );
  assert.equal(rb.transferredFrom?.agentId, 'alice');
});

test('blind transfer to a number (the sandbox, 1 kHz): alice wraps at once, the caller hears the number; a consult cancelled brings the caller back to alice', async (t) => {
  const s = await setup(t, ['alice']);
  const iid = await callAlice(s);
  const { caller } = s;
  await sleep(1500);
  let r = await cmd(s.app.app, s.a('alice').token, { type: 'transfer', interactionId: iid, kind: 'consult', to: { type: 'number', number: '0491 570 301' } });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.equal(r.state.interaction?.transfer?.phase, 'ringing', 'the no-answer number rings');
  await sleep(1500);
  r = await cmd(s.app.app, s.a('alice').token, { type: 'cancel-consult', interactionId: iid });
  assert.equal(r.state.interaction?.transfer, null);
  assert.equal(r.state.interaction?.held, false);
  await sleep(2000);

  r = await cmd(s.app.app, s.a('alice').token, { type: 'transfer', interactionId: iid, kind: 'blind', to: { type: 'number', number: '0491 570 101' } });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.equal(r.state.activity, 'wrap', 'alice wraps at once');
  assert.equal(r.state.interaction?.endCause, 'transferred');
  await sleep(3500);
  await s.caller.phone.hangup();
  await sleep(300);
  const heard = heardInOrder(caller, { alice: TONE.alice, number: TONE.sandbox }, 20, true);
  assert.ok(
    inOrder(heard, ['alice', 'other', 'alice', 'number']) && heard.at(-1) === 'number' && !heard.slice(heard.lastIndexOf('alice') + 1).includes('alice'),
    `the caller: alice; music while the consult rang; alice again after the cancel; the number after the blind transfer (${heard.join(', ')})`,
  );
  await s.app.app.switchboard.telephony!.desk.keeper.flush();
  const rec = (await s.app.app.switchboard.telephony!.records.get(iid))!;
  assert.deepEqual(
    (rec.steps ?? []).map((x) => `${x.kind}:${x.step}`),
    ['consult:started', 'consult:cancelled', 'blind:started', 'blind:completed'],
  );
});

test("a desk phone's own transfer button (baresip's SIP REFER to bob's agent number) is the same blind transfer: the caller then hears bob", async (t) => {
  const s = await setup(t, ['alice', 'bob']);
  const iid = await callAlice(s);
  await sleep(1500);
  s.a('alice').phone.command('transfer', 'sip:1002@127.0.0.1:48400');
  await until('alice wraps', () => viewOf(s.app.app, 'alice').activity === 'wrap' || viewOf(s.app.app, 'alice').interaction?.state === 'wrap');
  await until('bob has the caller', () => viewOf(s.app.app, 'bob').interaction?.state === 'connected');
  assert.equal(viewOf(s.app.app, 'bob').interaction?.transferredFrom?.kind, 'blind');
  await s.a('alice').phone.waitEvent('CALL_CLOSED'); // the phone ends its side once told the transfer worked (NOTIFY 200)
  await sleep(2500);
  await s.caller.phone.hangup();
  await sleep(300);
  const heard = heardInOrder(s.caller, { alice: TONE.alice, bob: TONE.bob });
  assert.deepEqual(heard, ['alice', 'bob'], 'the caller heard alice, then bob');
  await s.app.app.switchboard.telephony!.desk.keeper.flush();
  const rec = (await s.app.app.switchboard.telephony!.records.get(iid))!;
  assert.deepEqual(
    (rec.steps ?? []).map((x) => `${x.kind}:${x.step}`),
    ['blind:started', 'blind:completed'],
  );
});
