import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { existsSync, writeFileSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { decodeG711, encodeG711, renderTone, writeRtpHeader } from '@switchboard/media';
import { FullIcePeer, channel, readWav, tempDir, toneBlocks } from '@switchboard/testkit';
import { auth, demoWorkspaceCopy, errorOf, listen, login, rawSocket } from '../helpers';
import { FloorWatch } from './floor-watch';
import { Baresip, makeToneWav, sleep, until, viewOf } from './helpers';
import { Ear, TONE, callIn, heardInOrder, setup, type PhoneLayout } from './transfer-phones';

/**
 * Listen, whisper, barge (issue 20.4) on a real call: a caller, alice and a supervisor's phone,
 * each playing its own tone; what each phone heard proves who hears whom in each mode. And the
 * authorisation matrix of the monitor routes on that live call (agent, supervisor of another
 * team, supervisor of the team, admin). Every step shows on the floor WebSocket of each
 * supervisor who sees alice (who, mode, state), pushed; alice's own stream is told nothing.
 *
 * Ports (this file's block, 32800-33299): engine SIP 32900, sandbox 32910, RTP 32920-32979,
 * sandbox RTP 32980-32999; baresips: caller 33000, alice 33100, supervisor 33200 (each base..+81).
 */
const LAYOUT: PhoneLayout = {
  engine: 32900,
  rtpPorts: { min: 32920, max: 32979 },
  sandboxRtpPorts: { min: 32980, max: 32999 },
  // bob and carol are not started here.
  bases: { caller: 33000, alice: 33100, bob: 33000, carol: 33000 },
};
const SUP_TONE = TONE.carol; // 1900 Hz: 250 Hz and more from the caller's and alice's
const SUE = `  - username: sue
    displayName: Sue Sales
    role: supervisor
    team: sales
    password: demo1234
`;
const PHASE_MS = 3000;
/** The Web Connect supervisor's tone (a browser's microphone), apart from every phone's. */
const WEB_TONE = 2300;

type Inject = Awaited<ReturnType<FastifyInstance['inject']>>;

test('listen → whisper → listen → barge → whisper → stop on a real call: tones prove who hears whom; the supervisor hanging up leaves the call; the routes’ authorisation matrix; the floor stream shows each step to every supervisor who sees alice, and alice is not told', async (t) => {
  const copy = demoWorkspaceCopy();
  writeFileSync(copy.file, copy.demo.replace('  - username: admin\n', `${SUE}  - username: admin\n`));
  const s = await setup(t, ['alice'], { layout: LAYOUT, workspaceFile: copy.file });
  const app = s.app.app;
  const wavs = tempDir('monitor-peer');
  makeToneWav(join(wavs, 'sup.wav'), SUP_TONE, 120);
  const supPhone = new Baresip({ name: 'sup', base: 33200, audioWav: join(wavs, 'sup.wav') });
  t.after(() => supPhone.stop());
  await supPhone.start();
  const sup = new Ear(supPhone);

  const iid = await callIn(s, s.caller, 'alice');
  const tok = {
    alice: s.a('alice').token,
    sam: await login(app, 'sam', 'demo1234'),
    sue: await login(app, 'sue', 'demo1234'),
    admin: await login(app, 'admin', 'admin1234'),
  };
  // The floors of sam (alice's team), admin (every team) and sue (another team), and alice's own stream.
  const base = await listen(app);
  const floor = { sam: await FloorWatch.open(base, tok.sam), admin: await FloorWatch.open(base, tok.admin), sue: await FloorWatch.open(base, tok.sue) };
  t.after(() => Object.values(floor).forEach((f) => f.close()));
  const bothShow = (want: Parameters<FloorWatch['shows']>[1]) => Promise.all([floor.sam.shows('alice', want), floor.admin.shows('alice', want)]);
  const aliceStream = await rawSocket(base);
  t.after(() => aliceStream.ws.close());
  aliceStream.ws.send(JSON.stringify({ type: 'hello', token: tok.alice, clientId: 'tab-monitor-alice' }));
  await until('alice’s snapshot', () => aliceStream.messages.some((m) => m.type === 'snapshot'));
  await bothShow(null);
  const url = (id = iid) => `/api/v1/floor/calls/${id}/monitor`;
  const call = (who: keyof typeof tok, method: 'GET' | 'POST' | 'PUT' | 'DELETE', payload?: Record<string, unknown>, id = iid): Promise<Inject> =>
    app.inject({ method, url: url(id), headers: auth(tok[who]), ...(payload ? { payload } : {}) });
  const stateNow = async () => ((await call('sam', 'GET')).json() as { monitor: { state: string; endCause: string | null } | null }).monitor;

  // The matrix, on the live call: an agent has no such route; sue's team is sales (alice is care).
  for (const [m, body] of [['GET'], ['POST', { mode: 'listen', number: supPhone.uri }], ['PUT', { mode: 'barge' }], ['DELETE']] as const) {
    const a = errorOf(await call('alice', m, body));
    assert.deepEqual([a.status, a.code], [403, 'FORBIDDEN'], `agent ${m}`);
    const o = errorOf(await call('sue', m, body));
    assert.deepEqual([o.status, o.code], [403, 'FORBIDDEN'], `supervisor of another team ${m}`);
  }
  assert.equal(s.caller.phone.events.filter((e) => e.type === 'CALL_INCOMING').length, 0);
  assert.equal(supPhone.events.length, 0, 'nobody rang the supervisor’s phone');
  for (const who of ['sam', 'admin'] as const) {
    const r = await call(who, 'GET');
    assert.equal(r.statusCode, 200, `${who} GET ${r.body}`);
    assert.deepEqual(r.json(), { monitor: null });
  }
  assert.deepEqual(
    [errorOf(await call('sam', 'GET', undefined, 'int_nosuchcall')).status, errorOf(await call('admin', 'GET', undefined, 'int_nosuchcall')).code],
    [404, 'NOT_FOUND'],
  );
  const bad = errorOf(await call('sam', 'POST', { mode: 'shout', number: supPhone.uri }));
  assert.equal(bad.code, 'VALIDATION_FAILED');

  // Sam listens: his phone rings and answers; he is in the call, heard by nobody.
  const aliceBefore = aliceStream.messages.length;
  let r = await call('sam', 'POST', { mode: 'listen', number: supPhone.uri });
  assert.equal(r.statusCode, 200, r.body);
  assert.equal((r.json() as { state: string }).state, 'calling');
  const since = (r.json() as { since: string }).since;
  await sup.established();
  const shown = await bothShow({ state: 'listening', mode: 'listen', supervisorId: 'sam', supervisorName: 'Sam Supervisor' });
  const { rev, ...seen } = shown[1]!;
  assert.deepEqual(
    seen,
    { supervisorId: 'sam', supervisorName: 'Sam Supervisor', mode: 'listen', state: 'listening', since, endCause: null },
    'admin sees who and how (not the number rung)',
  );
  assert.equal(rev, 2, 'calling, then started: two changes');
  await waitState(stateNow, 'listening');
  // Someone else is on it: admin passes the scope check and is refused by the call (409).
  const busy = errorOf(await call('admin', 'POST', { mode: 'barge', number: supPhone.uri }));
  assert.deepEqual([busy.status, busy.code], [409, 'ACTION_NOT_ALLOWED']);
  assert.equal(errorOf(await call('admin', 'PUT', { mode: 'barge' })).code, 'ACTION_NOT_ALLOWED', 'only the supervisor on the call switches');
  await sleep(PHASE_MS);
  const STATE = { listen: 'listening', whisper: 'whispering', barge: 'barging' } as const;
  for (const mode of ['whisper', 'listen', 'barge', 'whisper'] as const) {
    r = await call('sam', 'PUT', { mode });
    assert.equal(r.statusCode, 200, r.body);
    assert.equal((r.json() as { mode: string }).mode, mode);
    // The switch reaches both floors within the phase (the phase's length is what the tones measure).
    await Promise.all([sleep(PHASE_MS), bothShow({ state: STATE[mode], mode, supervisorId: 'sam' })]);
  }
  r = await call('sam', 'DELETE');
  assert.equal(r.statusCode, 200, r.body);
  assert.deepEqual([(r.json() as { state: string }).state, (r.json() as { endCause: string }).endCause], ['ended', 'stopped']);
  await bothShow({ state: 'ended', endCause: 'stopped', supervisorId: 'sam', mode: 'whisper' });
  assert.equal(floor.sue.agents.has('alice'), false, 'sue (another team) never sees alice, nor her call’s monitoring');
  // Listen, whisper, barge and stop told alice nothing (the manual is silent, peers do not; a barge is heard).
  const toAlice = aliceStream.messages.slice(aliceBefore);
  assert.deepEqual(
    toAlice.map((m) => m.type),
    [],
    `alice’s stream got ${JSON.stringify(toAlice).slice(0, 300)}`,
  );
  await until('the supervisor phone hung up', () => supPhone.events.some((e) => e.type === 'CALL_CLOSED'));
  await sleep(1500);
  assert.equal(viewOf(app, 'alice').interaction?.state, 'connected', 'the call goes on after Stop');

  // What the supervisor heard: both sides, all along (read before a second call makes a new dump).
  const tones = { caller: TONE.caller, alice: TONE.alice, sup: SUP_TONE };
  assert.deepEqual(heardInOrder(sup, tones), ['caller+alice'], 'the supervisor hears the caller and alice in every mode');

  // Admin may monitor any call; the supervisor hanging up leaves the call intact.
  r = await call('admin', 'POST', { mode: 'listen', number: supPhone.uri });
  assert.equal(r.statusCode, 200, r.body);
  // (Its phone answers at once: 'calling' may be coalesced away within one floor flush.)
  await bothShow({ state: 'listening', supervisorId: 'admin', supervisorName: 'Administrator' });
  await waitState(stateNow, 'listening');
  await sleep(1500);
  supPhone.hangup();
  await bothShow({ state: 'ended', endCause: 'supervisor-hangup', supervisorId: 'admin' });
  await waitState(stateNow, 'ended');
  assert.equal((await stateNow())?.endCause, 'supervisor-hangup');
  await sleep(1500);
  assert.equal(viewOf(app, 'alice').interaction?.state, 'connected', 'the call goes on after the supervisor hung up');

  // Sam again, over Web Connect (a full-ICE WebRTC peer standing in for his browser), whispering.
  const web = new WebPhone(WEB_TONE);
  t.after(() => web.close());
  r = await call('sam', 'POST', { mode: 'whisper', sdp: await web.offer() });
  assert.equal(r.statusCode, 200, r.body);
  const started = r.json() as { state: string; voice: string; number: string | null; sdp: string };
  assert.deepEqual([started.state, started.voice, started.number], ['whispering', 'web', null]);
  await bothShow({ state: 'whispering', mode: 'whisper', supervisorId: 'sam' });
  await web.answer(started.sdp);
  await until('the web peer hears the call', () => web.seconds(TONE.caller) > 1.5 && web.seconds(TONE.alice) > 1.5, 25_000);
  await sleep(PHASE_MS);
  r = await call('sam', 'DELETE');
  assert.equal(r.statusCode, 200, r.body);
  await bothShow({ state: 'ended', endCause: 'stopped', supervisorId: 'sam', mode: 'whisper' });
  await sleep(1000);
  assert.equal(viewOf(app, 'alice').interaction?.state, 'connected', 'the call goes on after the web supervisor stops');

  s.caller.phone.hangup();
  await until('alice wraps', () => viewOf(app, 'alice').activity === 'wrap');
  await sleep(300);

  // The caller: alice throughout, the supervisor only while barging (never in listen or whisper).
  const callerHeard = heardInOrder(s.caller, tones);
  assert.deepEqual(callerHeard, ['alice', 'alice+sup', 'alice'], `the caller heard ${callerHeard.join(', ')}`);
  const supSeconds = seconds(s.caller, SUP_TONE);
  assert.ok(supSeconds > PHASE_MS / 1000 - 1 && supSeconds < PHASE_MS / 1000 + 0.6, `the caller heard the supervisor for ${supSeconds} s: the barge's ${PHASE_MS / 1000} s only`);
  // Alice: the caller throughout, the supervisor while whispering and barging, not while listening.
  const aliceHeard = heardInOrder(s.a('alice').ear, tones);
  assert.deepEqual(aliceHeard, ['caller', 'caller+sup', 'caller', 'caller+sup', 'caller'], `alice heard ${aliceHeard.join(', ')}`);
  const aliceSup = seconds(s.a('alice').ear, SUP_TONE);
  assert.ok(aliceSup > (3 * PHASE_MS) / 1000 - 2.5 && aliceSup < (3 * PHASE_MS) / 1000 + 1, `alice heard the supervisor for ${aliceSup} s (whisper, barge, whisper)`);

  // Web Connect whisper: alice heard the browser's tone, the caller never did.
  const aliceWeb = seconds(s.a('alice').ear, WEB_TONE);
  assert.ok(aliceWeb > PHASE_MS / 1000 - 1, `alice heard the web supervisor for ${aliceWeb} s`);
  const callerWeb = seconds(s.caller, WEB_TONE);
  assert.ok(callerWeb <= 0.1, `the caller never heard the web supervisor’s whisper (${callerWeb} s)`);
  const echo = web.seconds(WEB_TONE);
  assert.ok(echo <= 0.1, `nor did the web supervisor hear themselves (${echo} s)`);

  // The record: who, which mode, when.
  const tel = app.switchboard.telephony!;
  await tel.desk.keeper.flush();
  const rec = (await tel.records.get(iid))!;
  const steps = (rec.steps ?? []).filter((x) => x.kind === 'monitor').map((x) => `${x.step}:${String(x.detail.mode)}:${x.by}`);
  assert.deepEqual(steps, [
    'monitor-calling:listen:sam',
    'monitor-started:listen:sam',
    'monitor-switched:whisper:sam',
    'monitor-switched:listen:sam',
    'monitor-switched:barge:sam',
    'monitor-switched:whisper:sam',
    'monitor-ended:whisper:sam',
    'monitor-calling:listen:admin',
    'monitor-started:listen:admin',
    'monitor-ended:listen:admin',
    'monitor-started:whisper:sam',
    'monitor-ended:whisper:sam',
  ]);
  // The call's recording (care-inbound records): the supervisor is on the agent's side while barging only;
  // the whispers (phone and browser) and the listening are not recorded.
  assert.ok(rec.recording.file, 'the call was recorded');
  await until('the recording is finished', () => existsSync(rec.recording.file!) && readWav(rec.recording.file!).samples.length > 0);
  const wav = readWav(rec.recording.file!);
  const right = channel(wav.samples, wav.channels, 1);
  const onRight = (f: number) => toneBlocks(right, f, wav.rate, 0.12, 5e3).filter(Boolean).length * 0.02;
  const recSup = onRight(SUP_TONE);
  assert.ok(recSup > PHASE_MS / 1000 - 1 && recSup < PHASE_MS / 1000 + 0.6, `the recording holds the supervisor for ${recSup} s: the barge's ${PHASE_MS / 1000} s only`);
  assert.ok(onRight(WEB_TONE) <= 0.1, `the web whisper is not recorded (${onRight(WEB_TONE)} s)`);
  assert.ok(onRight(TONE.alice) > 5, 'alice is on the right channel throughout');
  const at = (rec.steps ?? []).filter((x) => x.kind === 'monitor').map((x) => x.at);
  assert.ok(
    at.every((v, i) => i === 0 || v >= at[i - 1]!),
    'in time order',
  );
});

async function waitState(now: () => Promise<{ state: string } | null>, want: string): Promise<void> {
  const end = Date.now() + 10_000;
  let last: string | undefined;
  while (Date.now() < end) {
    last = (await now())?.state;
    if (last === want) return;
    await sleep(100);
  }
  assert.fail(`monitor state ${last}, not ${want}`);
}

/** Seconds of a tone in what a phone heard (20 ms blocks). */
function seconds(ear: Ear, freq: number): number {
  const w = readWav(ear.phone.recordings().dec!);
  return toneBlocks(w.samples, freq, w.rate, 0.12, 5e3).filter(Boolean).length * 0.02;
}

/** A browser's Web Connect stand-in: a full-ICE WebRTC peer sending its tone and keeping what it hears. */
class WebPhone {
  private readonly peer = new FullIcePeer();
  private readonly heard: number[] = [];
  private timer: NodeJS.Timeout | undefined;
  private readonly tone: Int16Array;
  constructor(freq: number) {
    // As loud as the phones' tones (sox vol 0.5): heard at its share in a mix.
    this.tone = renderTone({ freqs: [freq], amplitude: 16000 }, 1000);
  }
  async offer(): Promise<string> {
    const o = JSON.parse(await this.peer.createOffer()) as { sdp: string };
    const tr = this.peer.pc.getTransceivers()[0]!;
    tr.onTrack.subscribe((track) =>
      track.onReceiveRtp.subscribe((rtp) => {
        const pcm = new Int16Array(rtp.payload.length);
        decodeG711('PCMU', rtp.payload, 0, rtp.payload.length, pcm);
        this.heard.push(...pcm);
      }),
    );
    return o.sdp;
  }
  async answer(sdp: string): Promise<void> {
    await this.peer.acceptAnswer(JSON.stringify({ type: 'answer', sdp }));
    const tr = this.peer.pc.getTransceivers()[0]!;
    let seq = 1;
    let ts = 0;
    this.timer = setInterval(() => {
      const b = Buffer.alloc(172);
      writeRtpHeader(b, 0, 0, seq++ & 0xffff, ts, 0x5eb);
      encodeG711('PCMU', this.tone, ts % 6400, 160, b, 12);
      ts += 160;
      void tr.sender.sendRtp(b).catch(() => undefined);
    }, 20);
  }
  seconds(freq: number): number {
    return toneBlocks(Int16Array.from(this.heard), freq, 8000, 0.12, 5e3).filter(Boolean).length * 0.02;
  }
  async close(): Promise<void> {
    clearInterval(this.timer);
    await this.peer.close().catch(() => undefined);
  }
}
