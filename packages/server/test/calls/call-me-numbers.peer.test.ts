import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { AgentView } from '@switchboard/protocol';
import { removeDir } from '../helpers';
import { agentToken, cmd, engineApp, sleep, until, viewOf } from './helpers';

// Ports: engine SIP 41400 (sandbox 41410), RTP 41420-41479, sandbox RTP 41480-41499.
// Real engine and sandbox carrier over real SIP/RTP; no external tools.

type Voice = AgentView['voice'];

test('"Call me" with the README\'s sandbox numbers (international or national format): answers, busy, no answer, answers after N s; the + stays; a per-call number must answer once before it counts as connected', async (t) => {
  const app = await engineApp(41400, undefined, { rtpPorts: { min: 41420, max: 41479 }, sandboxRtpPorts: { min: 41480, max: 41499 }, sipUriNumbers: false }, false);
  t.after(async () => {
    await app.close();
    removeDir(app.dir);
  });
  const tel = app.app.switchboard.telephony!;
  const engine = tel.stack.engine;
  const token = await agentToken(app.app, 'alice');
  const voice = (): Voice => viewOf(app.app, 'alice').voice;
  const trunkLegs = () => engine.listLegs().filter((l) => l.trunk !== undefined && l.state !== 'ended').length;
  const connect = (number: string, persistent: boolean, saveAsDefault = false) =>
    cmd(app.app, token, { type: 'connect-voice', method: 'call-me', number, persistent, saveAsDefault });
  const settle = async (what: string, ms = 10_000) => until(what, () => voice().status === 'connected' || voice().status === 'failed', ms);
  const disconnect = async () => {
    if (voice().status === 'connected') assert.equal((await cmd(app.app, token, { type: 'disconnect-voice' })).status, 200);
    await until('no trunk leg left', () => trunkLegs() === 0, 5000);
  };

  // The number goes to the trunk in E.164, + included (it used to lose the +: sip:61491570101 → 404).
  assert.deepEqual(tel.targetFor('+61491570101'), { trunk: 'sandbox', number: '+61491570101' });

  // 1. Persistent, international format, the "answers" number: connected, kept in E.164.
  let r = await connect('+61 491 570 101', true);
  assert.equal(r.status, 200, JSON.stringify(r.body));
  await settle('answers (+61 491 570 101)');
  assert.deepEqual([voice().status, voice().number], ['connected', '+61491570101'], JSON.stringify(voice()));
  await disconnect();

  // 2. National format, busy: fails with the cause, never "connected".
  r = await connect('0491 570 201', true);
  assert.equal(r.status, 200, JSON.stringify(r.body));
  await settle('busy (0491 570 201)');
  assert.equal(voice().status, 'failed');
  assert.match(voice().failure ?? '', /busy/i);

  // 3. National format, rings and never answers (TRUNK_RING_SECONDS is 3 in tests).
  r = await connect('0491570301', true);
  await settle('no answer (0491570301)', 10_000);
  assert.equal(voice().status, 'failed');
  assert.match(voice().failure ?? '', /did not answer/i);

  // 4. Answers after 2 seconds: connecting meanwhile, then connected.
  const started = Date.now();
  r = await connect('0491 570 502', true);
  await sleep(1000);
  assert.equal(voice().status, 'connecting');
  await settle('answers after 2 s (0491 570 502)');
  assert.equal(voice().status, 'connected');
  assert.ok(Date.now() - started >= 1900, `connected only once answered (${Date.now() - started} ms)`);
  await disconnect();

  // 5. Per call (line not kept open), national format: a check call proves it answers, then hangs up;
  //    "Save as default" keeps the E.164 form, not the text as typed.
  r = await connect('0491 570 101', false, true);
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.equal(voice().status, 'connecting', 'not connected before the number answered');
  await settle('per-call number answered its check call');
  assert.deepEqual([voice().status, voice().number], ['connected', '+61491570101']);
  assert.equal(viewOf(app.app, 'alice').defaults?.number, '+61491570101');
  await until('the check call is hung up', () => trunkLegs() === 0, 5000);
  assert.equal(tel.voice.connectedPath('alice')?.leg, undefined, 'no leg kept between calls');

  // 6. Per call, a number that never answers: failed, not "connected" (every offer would have failed into Auto Pause).
  await disconnect();
  r = await connect('0491570301', false);
  assert.equal(r.status, 200, JSON.stringify(r.body));
  await settle('per-call no answer', 10_000);
  assert.equal(voice().status, 'failed', JSON.stringify(voice()));
});

test('toll fraud: "Call me" takes only E.164 numbers the dial plan allows (or the agent\'s own phone), manual dial too, and the engine refuses any call out through a trunk the dial plan does not allow; refusals carry DIAL_PLAN_REFUSED and are audited', async (t) => {
  const app = await engineApp(41400, undefined, { rtpPorts: { min: 41420, max: 41479 }, sandboxRtpPorts: { min: 41480, max: 41499 }, sipUriNumbers: false }, false);
  t.after(async () => {
    await app.close();
    removeDir(app.dir);
  });
  const tel = app.app.switchboard.telephony!;
  const engine = tel.stack.engine;
  const token = await agentToken(app.app, 'alice');
  const trunkLegs = () => engine.listLegs().filter((l) => l.trunk !== undefined).length;
  const connect = (number: string) => cmd(app.app, token, { type: 'connect-voice', method: 'call-me', number, persistent: true, saveAsDefault: false });

  // Not a phone number: refused at the command, nothing changes, nothing is dialled. Control
  // characters stop at the request schema (400 VALIDATION_FAILED); a URI or stray text at the
  // number check (422 INVALID_PHONE_NUMBER).
  for (const [bad, status, code] of [
    ['sip:evil@1.2.3.4:5060', 422, 'INVALID_PHONE_NUMBER'],
    ['+61491570101\u0007', 400, 'VALIDATION_FAILED'],
    ['+61\t491 570 101', 400, 'VALIDATION_FAILED'],
    ['+6149157\u00000101', 400, 'VALIDATION_FAILED'],
    ['evil@1.2.3.4', 422, 'INVALID_PHONE_NUMBER'],
  ] as const) {
    const r = await connect(bad);
    assert.equal(r.status, status, `${JSON.stringify(bad)}: ${JSON.stringify(r.body)}`);
    assert.equal((r.body.error as { code: string }).code, code, JSON.stringify(r.body));
  }
  // Valid numbers the demo's dial plan (AU only, no premium rate) refuses.
  const refused: Array<[string, string]> = [
    ['+1 900 555 0123', 'country-not-allowed'],
    ['0011 1 900 555 0123', 'country-not-allowed'],
    ['+44 20 7946 0000', 'country-not-allowed'],
    ['1900 123 456', 'number-type-blocked'],
  ];
  for (const [number, reason] of refused) {
    const r = await connect(number);
    assert.equal(r.status, 422, `${number}: ${JSON.stringify(r.body)}`);
    const err = r.body.error as { code: string; message: string; details: { reason: string } };
    assert.deepEqual([err.code, err.details.reason], ['DIAL_PLAN_REFUSED', reason], number);
  }
  assert.equal(viewOf(app.app, 'alice').voice.status, 'none', 'a refused number changes nothing');
  assert.equal(trunkLegs(), 0, 'nothing was dialled');

  // Manual dial: refused before anything rings.
  let r = await connect('+61491570101');
  await until('alice connected', () => viewOf(app.app, 'alice').voice.status === 'connected');
  const before = trunkLegs();
  r = await cmd(app.app, token, { type: 'dial', number: '+1 900 555 0123', campaignId: null });
  assert.equal(r.status, 422, JSON.stringify(r.body));
  assert.equal((r.body.error as { code: string }).code, 'DIAL_PLAN_REFUSED');
  r = await cmd(app.app, token, { type: 'dial', number: '1900 123 456', campaignId: null });
  assert.equal((r.body.error as { code: string }).code, 'DIAL_PLAN_REFUSED');
  assert.equal(viewOf(app.app, 'alice').activity, 'idle');
  assert.equal(trunkLegs(), before, 'no customer leg');

  // Any other call the engine places out through a trunk (a campaign, a later feature) meets the same guard.
  await assert.rejects(
    engine.originate({ to: { trunk: 'sandbox', number: '+19005550123' }, context: { agentId: 'alice', purpose: 'campaign' } }),
    (e: Error & { code?: string }) => e.code === 'DIAL_PLAN_REFUSED',
  );
  await assert.rejects(engine.originate({ to: { trunk: 'sandbox', number: 'sip:evil@1.2.3.4:5060' } }), (e: Error & { code?: string }) => e.code === 'DIAL_PLAN_REFUSED');
  assert.equal(trunkLegs(), before);

  // Each refusal is in alice's audit, with what was refused and why.
  const audit = async () => {
    await app.app.switchboard.hub.flush();
    const rows = await app.app.switchboard.store.audit.listAudit('alice', 500);
    return rows.filter((row) => row.kind === 'notice' && row.to === 'DIAL_PLAN_REFUSED').map((row) => row.detail as { purpose: string; number: string; reason: string });
  };
  let rows: Array<{ purpose: string; number: string; reason: string }> = [];
  for (let i = 0; i < 50 && rows.length < 7; i++) {
    rows = await audit();
    if (rows.length < 7) await sleep(50);
  }
  const seen = rows.map((x) => `${x.purpose} ${x.number} ${x.reason}`).sort();
  assert.deepEqual(seen, [
    'call-me +19005550123 country-not-allowed',
    'call-me +19005550123 country-not-allowed',
    'call-me +442079460000 country-not-allowed',
    'call-me +611900123456 number-type-blocked',
    'campaign +19005550123 country-not-allowed',
    'manual-dial +19005550123 country-not-allowed',
    'manual-dial +611900123456 number-type-blocked',
  ]);
});
