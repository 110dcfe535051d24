import { test } from 'node:test';
import assert from 'node:assert/strict';
import { inflateRawSync } from 'node:zlib';
import { CrmError, type ClickToDial } from '../src/index';
import { RELAYED_DIALOUT, ZendeskHost, runZendeskBackground } from '../src/zendesk/zendesk-host';
import { ZAF_SDK_URL } from '../src/zendesk/zaf';
import { solidPng, zendeskAppZip, zendeskManifest } from '../src/zendesk/zendesk-app';
import { FakeEnvironment } from './fake-environment';
import { fakeZaf } from './fake-zaf';

const isCode = (code: string) => (e: unknown) => e instanceof CrmError && e.code === code;

async function setup(o: Parameters<typeof fakeZaf>[0] = {}, inZendesk = true) {
  const env = new FakeEnvironment('?crm=zendesk&origin=https%3A%2F%2Facme.zendesk.com&app_guid=g-top');
  const fake = fakeZaf(o);
  env.serve(ZAF_SDK_URL, () => (env.globals.ZAFClient = { init: () => (inZendesk ? fake.client : false) }));
  return { env, fake, host: new ZendeskHost(env) };
}

test("init loads the ZAF SDK from Zendesk, reads the agent and listens for Talk's dial-out (direct and relayed)", async () => {
  const { env, fake, host } = await setup();
  await host.init();
  assert.deepEqual(
    env.loaded.map((l) => l.src),
    [ZAF_SDK_URL],
  );
  assert.deepEqual(
    fake.calls.map((c) => [c.method, ...c.args]),
    [
      ['get', 'currentUser'],
      ['on', 'voice.dialout'],
      ['on', RELAYED_DIALOUT],
    ],
  );
  const got: ClickToDial[] = [];
  host.onClickToDial((r) => got.push(r));
  fake.emit('voice.dialout', { number: '+61491570110' });
  fake.emit(RELAYED_DIALOUT, { number: ' 0491570111 ' });
  fake.emit('voice.dialout', {});
  assert.deepEqual(
    got.map((g) => g.number),
    ['+61491570110', '0491570111'],
  );
  const outside = await setup({}, false);
  await assert.rejects(outside.host.init(), (e: unknown) => isCode('CRM_SCRIPT_FAILED')(e) && /origin and app_guid/.test((e as Error).message));
});

test('ringing: the app shows, end users are searched by phone; one found is displayed to the agent (Talk Partner Edition), none opens a new ticket', async () => {
  const { fake, host } = await setup({ users: [{ id: 55, name: 'Ada Lovelace' }] });
  await host.init();
  const r = await host.screenPop({ interactionId: 'i', direction: 'inbound', customerNumber: '+61491570110' });
  assert.deepEqual(r.opened, { id: '55', name: 'Ada Lovelace', type: 'user' });
  const tail = fake.calls.slice(-3).map((c) => c.args);
  assert.deepEqual(tail[0], ['popover', 'show']);
  assert.deepEqual(tail[1], [{ url: `/api/v2/search.json?query=${encodeURIComponent('type:user role:end-user phone:*91570110')}` }]);
  assert.deepEqual(tail[2], [{ url: '/api/v2/channels/voice/agents/7/users/55/display.json', type: 'POST' }]);

  const none = await setup();
  await none.host.init();
  assert.equal((await none.host.screenPop({ interactionId: 'i', direction: 'inbound', customerNumber: '+61491570110' })).opened, null);
  assert.deepEqual(none.fake.calls.at(-1)!.args, ['routeTo', 'ticket', 'new']);
});

test('wrap creates a voice ticket with the call as its voice comment, then the notes as an internal note', async () => {
  const { fake, host } = await setup();
  await host.init();
  const res = await host.logActivity({
    interactionId: 'int1',
    direction: 'inbound',
    customerNumber: '+61491570110',
    subject: 'Call from +61491570110',
    startedAt: Date.UTC(2026, 11, 6),
    durationSeconds: 61.6,
    outcome: 'Resolved',
    notes: 'Reset the password.',
    recordingUrl: 'https://sb/r/int1',
    record: { id: '55', name: 'Ada', type: 'user' },
  });
  assert.deepEqual(res, { id: '901' });
  const [create, note] = fake.calls.slice(-2).map((c) => c.args[0] as { url: string; type: string; data: string });
  assert.equal(create!.url, '/api/v2/channels/voice/tickets.json');
  const t = (JSON.parse(create!.data) as { ticket: Record<string, unknown> }).ticket;
  assert.equal(t.via_id, 45);
  assert.equal(t.requester_id, 55);
  assert.deepEqual(t.voice_comment, {
    from: '+61491570110',
    to: '',
    started_at: '2026-12-06T00:00:00.000Z',
    call_duration: 62,
    recording_url: 'https://sb/r/int1',
    answered_by_id: 7,
  });
  assert.equal(note!.url, '/api/v2/tickets/901.json');
  assert.deepEqual(JSON.parse(note!.data), { ticket: { comment: { body: 'Reset the password.\n\nOutcome: Resolved\n\nSwitchboard interaction: int1', public: false } } });

  const refused = await setup({ failRequest: '/channels/voice/tickets' });
  await refused.host.init();
  await assert.rejects(
    refused.host.logActivity({
      interactionId: 'i',
      direction: 'outbound',
      customerNumber: '+6129',
      subject: 's',
      startedAt: 0,
      durationSeconds: 0,
      outcome: null,
      notes: '',
      recordingUrl: null,
      record: null,
    }),
    (e: unknown) => isCode('CRM_CALL_FAILED')(e) && /403/.test((e as Error).message),
  );
});

test('a get or invoke Zendesk never answers is a timeout, though the ZAF SDK resolves it with its TimeoutError', async () => {
  const silent = await setup({ unanswered: 'get' });
  await assert.rejects(silent.host.init(), (e: unknown) => isCode('CRM_TIMEOUT')(e) && (e as Error).message === 'Zendesk did not answer reading the current user within 5 s');
  const hidden = await setup({ unanswered: 'invoke' });
  await hidden.host.init();
  await assert.rejects(hidden.host.setVisible(true), (e: unknown) => isCode('CRM_TIMEOUT')(e) && /showing the app within 5 s/.test((e as Error).message));
});

test("the background instance relays Talk's dial-out to the top bar instance", async () => {
  const { env, fake } = await setup();
  await runZendeskBackground(env);
  fake.emit('voice.dialout', { number: '+61491570110' });
  await new Promise((r) => setTimeout(r, 10));
  assert.deepEqual(fake.triggered, [{ guid: 'g-top', event: RELAYED_DIALOUT, data: { number: '+61491570110' } }]);
});

/** The entries of a zip, inflated (enough of the format to check ours). */
function unzip(buf: Buffer): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  let p = 0;
  while (buf.readUInt32LE(p) === 0x04034b50) {
    const method = buf.readUInt16LE(p + 8);
    const size = buf.readUInt32LE(p + 18);
    const nameLen = buf.readUInt16LE(p + 26);
    const extra = buf.readUInt16LE(p + 28);
    const name = buf.subarray(p + 30, p + 30 + nameLen).toString('utf8');
    const data = buf.subarray(p + 30 + nameLen + extra, p + 30 + nameLen + extra + size);
    out.set(name, method === 8 ? inflateRawSync(data) : data);
    p += 30 + nameLen + extra + size;
  }
  assert.equal(buf.readUInt32LE(buf.length - 22), 0x06054b50, 'ends with the central directory record');
  return out;
}

test('the app zip Zendesk uploads: manifest (top bar + background, https only), translations and PNG logos', () => {
  const files = unzip(zendeskAppZip({ adapterUrl: 'https://sb.example/' }));
  assert.deepEqual([...files.keys()], ['manifest.json', 'translations/en.json', 'assets/logo.png', 'assets/logo-small.png']);
  const m = JSON.parse(files.get('manifest.json')!.toString()) as {
    location: { support: { top_bar: { url: string; size: unknown }; background: { url: string } } };
    frameworkVersion: string;
  };
  assert.equal(m.location.support.top_bar.url, 'https://sb.example/?crm=zendesk');
  assert.deepEqual(m.location.support.top_bar.size, { width: '320px', height: '520px' });
  assert.equal(m.location.support.background.url, 'https://sb.example/?crm=zendesk&zafRole=background');
  assert.equal(m.frameworkVersion, '2.0');
  const logo = files.get('assets/logo.png')!;
  assert.deepEqual([...logo.subarray(1, 4)].map((c) => String.fromCharCode(c)).join(''), 'PNG');
  assert.equal(logo.readUInt32BE(16), 320, 'the logo is 320 px wide');
  assert.equal(solidPng(128, 128, [0, 0, 0]).readUInt32BE(20), 128);
  assert.throws(() => zendeskManifest({ adapterUrl: 'http://sb.example/' }), isCode('CRM_BAD_INPUT'));
});
