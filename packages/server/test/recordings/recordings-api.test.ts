import assert from 'node:assert/strict';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { recordingDetailSchema, recordingListSchema, type RecordingAccessRow } from '@switchboard/protocol';
import { loadConfig } from '../../src/index';
import { auth, demoWorkspaceCopy, errorOf, login, makeApp, removeDir, type TestApp } from '../helpers';
import { seedCalls, wavBytes, withRecordingsSection } from './seed';

/**
 * Recordings API (issue 20.5): search filters, the authorisation matrix (agent, supervisor of another
 * team, supervisor, admin), markers and peaks, tickets with byte ranges, the access log. No fixed ports (inject).
 */

const T0 = Date.UTC(2026, 10, 2, 9, 0, 0);
const RANGE = `from=${new Date(T0 - 3600_000).toISOString()}&to=${new Date(T0 + 24 * 3600_000).toISOString()}`;
const SUE = `  - username: sue
    displayName: Sue Sales
    role: supervisor
    team: sales
    password: demo1234
`;

describe('recordings API', () => {
  let t: TestApp;
  let app: FastifyInstance;
  let wsFile: string;
  let demoText: string;
  let wsDir: string;
  let recDir: string;
  const tokens: Record<string, string> = {};

  before(async () => {
    const copy = demoWorkspaceCopy();
    wsDir = copy.dir;
    wsFile = copy.file;
    demoText = copy.demo.replace('  - username: admin\n', `${SUE}  - username: admin\n`);
    writeFileSync(wsFile, demoText);
    t = await makeApp({ config: { workspaceFile: wsFile, engine: { ...loadConfig({}).engine, enabled: false, recordingsDir: join(wsDir, 'recordings') } } });
    app = t.app;
    recDir = join(wsDir, 'recordings');
    await seedCalls(app.switchboard.store, recDir, [
      { id: 'int_alice1', agentId: 'alice', createdAt: T0, talkSeconds: 4, number: '+61491570110' },
      { id: 'int_alice2', agentId: 'alice', createdAt: T0 + 60_000, talkSeconds: 12, number: '+61491570222', outcomeId: 'follow-up' },
      { id: 'int_bob1', agentId: 'bob', createdAt: T0 + 120_000, talkSeconds: 6 },
      { id: 'int_carol1', agentId: 'carol', campaignId: 'sales-outbound', queueId: null, direction: 'OUT', createdAt: T0 + 180_000, talkSeconds: 5, outcomeId: null },
      { id: 'int_norec', agentId: 'alice', createdAt: T0 + 240_000, recorded: false },
      { id: 'int_old', agentId: 'alice', createdAt: T0 - 48 * 3600_000, talkSeconds: 3 },
    ]);
    for (const [u, p] of [
      ['alice', 'demo1234'],
      ['sam', 'demo1234'],
      ['sue', 'demo1234'],
      ['admin', 'admin1234'],
    ] as const)
      tokens[u] = await login(app, u, p);
  });
  after(async () => {
    await t?.close();
    removeDir(t.dir);
    removeDir(wsDir);
  });

  const get = (user: string, url: string, headers: Record<string, string> = {}) => app.inject({ method: 'GET', url, headers: { ...auth(tokens[user]!), ...headers } });
  const search = async (user: string, extra = '') => {
    const res = await get(user, `/api/v1/recordings?${RANGE}${extra}`);
    assert.equal(res.statusCode, 200, res.body);
    return recordingListSchema.parse(res.json()).recordings.map((r) => r.interactionId);
  };
  const accessLog = async (id: string): Promise<RecordingAccessRow[]> => {
    const res = await get('admin', `/api/v1/admin/recordings/access-log?interactionId=${id}`);
    assert.equal(res.statusCode, 200, res.body);
    return (res.json() as { rows: RecordingAccessRow[] }).rows;
  };
  const ticket = async (user: string, id: string, purpose: 'play' | 'download') =>
    app.inject({ method: 'POST', url: `/api/v1/recordings/${id}/tickets`, headers: auth(tokens[user]!), payload: { purpose } });

  it('search: admin sees every recording in the range, newest first; calls without one and outside the range are left out', async () => {
    assert.deepEqual(await search('admin'), ['int_carol1', 'int_bob1', 'int_alice2', 'int_alice1']);
  });

  it('search filters: agent, campaign, number, outcome, duration', async () => {
    assert.deepEqual(await search('admin', '&agentId=alice'), ['int_alice2', 'int_alice1']);
    assert.deepEqual(await search('admin', '&campaignId=sales-outbound'), ['int_carol1']);
    assert.deepEqual(await search('admin', '&number=570222'), ['int_alice2']);
    assert.deepEqual(await search('admin', '&outcomeId=follow-up'), ['int_alice2']);
    assert.deepEqual(await search('admin', '&minDurationSeconds=6'), ['int_bob1', 'int_alice2']);
    assert.deepEqual(await search('admin', '&minDurationSeconds=5&maxDurationSeconds=6'), ['int_carol1', 'int_bob1']);
    const one = recordingListSchema.parse((await get('admin', `/api/v1/recordings?${RANGE}&agentId=alice&limit=1`)).json());
    assert.deepEqual([one.recordings.length, one.truncated], [1, true]);
    const r = one.recordings[0]!;
    assert.deepEqual([r.agentName, r.campaignName, r.outcomeName, r.durationMs, r.canDownload], ['Alice Nguyen', 'Customer Care', 'Follow-up', 12_000, true]);
  });

  it('search is validated: bad times, a reversed or too long range, unknown fields, bad numbers', async () => {
    const cases: Array<[string, string]> = [
      ['from=yesterday&to=2026-11-03T00:00:00Z', 'from'],
      ['from=2026-11-03T00:00:00Z&to=2026-11-02T00:00:00Z', 'to'],
      ['from=2024-01-01T00:00:00Z&to=2026-01-02T00:00:00Z', 'to'],
      [`${RANGE}&colour=red`, 'colour'],
      [`${RANGE}&number=abc`, 'number'],
      [`${RANGE}&minDurationSeconds=9&maxDurationSeconds=3`, 'maxDurationSeconds'],
      [`${RANGE}&limit=0`, 'limit'],
    ];
    for (const [q, field] of cases) {
      const e = errorOf(await get('admin', `/api/v1/recordings?${q}`));
      assert.equal(e.code, 'VALIDATION_FAILED', q);
      assert.ok(Object.keys((e.details?.fields as Record<string, string>) ?? {}).includes(field), `${q}: ${JSON.stringify(e.details)}`);
    }
  });

  it('authorisation matrix: agent none, supervisor of another team refused per recording, supervisor their team, admin all', async () => {
    // Agent: the demo workspace does not open recordings to agents.
    assert.equal(errorOf(await get('alice', `/api/v1/recordings?${RANGE}`)).code, 'FORBIDDEN');
    assert.equal(errorOf(await get('alice', '/api/v1/recordings/int_alice1')).code, 'FORBIDDEN');
    assert.equal(errorOf(await ticket('alice', 'int_alice1', 'play')).code, 'FORBIDDEN');
    // Supervisor of care (sam): alice's and bob's; supervisor of sales (sue): carol's.
    assert.deepEqual(await search('sam'), ['int_bob1', 'int_alice2', 'int_alice1']);
    assert.deepEqual(await search('sue'), ['int_carol1']);
    assert.deepEqual(await search('sam', '&agentId=carol'), [], 'a filter cannot widen the scope');
    const refused = errorOf(await get('sue', '/api/v1/recordings/int_alice1'));
    assert.deepEqual([refused.status, refused.code], [403, 'FORBIDDEN']);
    assert.equal(errorOf(await ticket('sue', 'int_alice1', 'play')).code, 'FORBIDDEN');
    assert.equal(errorOf(await get('sue', '/api/v1/recordings/int_alice1/audio')).code, 'FORBIDDEN', 'a bearer token does not get round it');
    assert.equal((await get('sam', '/api/v1/recordings/int_alice1')).statusCode, 200);
    assert.equal((await get('admin', '/api/v1/recordings/int_carol1')).statusCode, 200);
    assert.equal((await get('admin', '/api/v1/recordings/int_alice1')).statusCode, 200);
    // The refusals are in the access log, with who and why.
    const denied = (await accessLog('int_alice1')).filter((r) => r.action === 'denied');
    assert.ok(
      denied.some((r) => r.userId === 'sue' && r.role === 'supervisor'),
      JSON.stringify(denied),
    );
    assert.ok(denied.some((r) => r.userId === 'alice' && r.role === 'agent'));
    // The access log itself is for admins.
    assert.equal(errorOf(await get('sam', '/api/v1/admin/recordings/access-log')).code, 'FORBIDDEN');
    assert.equal(errorOf(await app.inject({ method: 'POST', url: '/api/v1/admin/recordings/retention', headers: auth(tokens.sam!) })).code, 'FORBIDDEN');
    // No token: 401; unknown recording: 404.
    assert.equal(errorOf(await app.inject({ method: 'GET', url: `/api/v1/recordings?${RANGE}` })).status, 401);
    assert.equal(errorOf(await app.inject({ method: 'GET', url: '/api/v1/recordings/int_alice1/audio' })).status, 401);
    assert.equal(errorOf(await get('admin', '/api/v1/recordings/int_nope')).code, 'NOT_FOUND');
    assert.equal(errorOf(await get('admin', '/api/v1/recordings/int_norec')).code, 'NOT_FOUND');
    assert.equal(errorOf(await get('admin', '/api/v1/recordings/..%2Fetc')).code, 'VALIDATION_FAILED');
  });

  it('detail: the markers as labelled points and the waveform peaks per side', async () => {
    const res = await get('sam', '/api/v1/recordings/int_alice1');
    const d = recordingDetailSchema.parse(res.json());
    assert.equal(d.fileDurationMs, 4000);
    assert.deepEqual(
      d.markers.map((m) => [m.kind, m.label, m.offsetMs]),
      [
        ['bookmark', 'Bookmark', 1000],
        ['announcement-start', 'Terms and conditions', 1500],
        ['announcement-end', 'Terms and conditions', 2500],
        ['pause', 'Recording paused', 3000],
        ['resume', 'Recording resumed', 3200],
      ],
    );
    assert.equal(d.peaks.customer.length, 800);
    assert.ok(
      d.peaks.customer.every((p) => Math.abs(p - 0.24) < 0.01),
      'the customer side: a steady 8000/32768',
    );
    assert.equal(d.peaks.agent[10], 0, 'the agent side is silent in its first half');
    assert.ok(Math.abs(d.peaks.agent[790]! - 0.12) < 0.01, 'and at half the level in its second');
  });

  it('play: a ticket URL serves byte ranges (206, 416), the whole file (200), and the play is logged once', async () => {
    const before = (await accessLog('int_alice2')).length;
    const tk = await ticket('sam', 'int_alice2', 'play');
    assert.equal(tk.statusCode, 200, tk.body);
    const { url } = tk.json() as { url: string };
    assert.match(url, /^\/api\/v1\/recordings\/int_alice2\/audio\?ticket=[A-Za-z0-9_-]{20,}$/);
    const file = wavBytes(12);
    const whole = await app.inject({ method: 'GET', url });
    assert.equal(whole.statusCode, 200);
    assert.equal(whole.headers['content-type'], 'audio/wav');
    assert.equal(whole.headers['accept-ranges'], 'bytes');
    assert.equal(whole.headers['content-disposition'], undefined, 'play is inline');
    assert.ok(whole.rawPayload.equals(file));
    const part = await app.inject({ method: 'GET', url, headers: { range: 'bytes=1000-1999' } });
    assert.equal(part.statusCode, 206);
    assert.equal(part.headers['content-range'], `bytes 1000-1999/${file.length}`);
    assert.ok(part.rawPayload.equals(file.subarray(1000, 2000)));
    const tail = await app.inject({ method: 'GET', url, headers: { range: 'bytes=-100' } });
    assert.ok(tail.rawPayload.equals(file.subarray(file.length - 100)));
    const open = await app.inject({ method: 'GET', url, headers: { range: `bytes=${file.length - 10}-` } });
    assert.equal(open.headers['content-range'], `bytes ${file.length - 10}-${file.length - 1}/${file.length}`);
    const bad = await app.inject({ method: 'GET', url, headers: { range: `bytes=${file.length}-` } });
    assert.deepEqual([bad.statusCode, errorOf(bad).code, bad.headers['content-range']], [416, 'RANGE_NOT_SATISFIABLE', `bytes */${file.length}`]);
    // Five requests, one play.
    const rows = await accessLog('int_alice2');
    assert.equal(rows.length - before, 1);
    assert.deepEqual([rows[0]!.action, rows[0]!.userId, rows[0]!.role], ['play', 'sam', 'supervisor']);
    // A ticket is for its recording only, and not a made-up one.
    const other = await app.inject({ method: 'GET', url: url.replace('int_alice2', 'int_alice1') });
    assert.equal(errorOf(other).code, 'TOKEN_INVALID');
    assert.equal(errorOf(await app.inject({ method: 'GET', url: '/api/v1/recordings/int_alice2/audio?ticket=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' })).code, 'TOKEN_INVALID');
  });

  it('download: a download ticket (attachment) and a bearer request both logged as downloads', async () => {
    const tk = (await ticket('admin', 'int_bob1', 'download')).json() as { url: string };
    const res = await app.inject({ method: 'GET', url: tk.url });
    assert.equal(res.statusCode, 200);
    assert.equal(res.headers['content-disposition'], 'attachment; filename="recording-int_bob1.wav"');
    const bearer = await get('sam', '/api/v1/recordings/int_bob1/audio');
    assert.equal(bearer.statusCode, 200);
    await get('sam', '/api/v1/recordings/int_bob1/audio', { range: 'bytes=5000-' }); // a seek: not a new download
    const rows = (await accessLog('int_bob1')).filter((r) => r.action === 'download');
    assert.deepEqual(
      rows.map((r) => [r.userId, r.detail?.via]),
      [
        ['sam', 'bearer'],
        ['admin', 'ticket'],
      ],
    );
  });

  it('a ticket dies with the login it was made for', async () => {
    const admin2 = await login(app, 'admin', 'admin1234');
    const tk = (await app.inject({ method: 'POST', url: '/api/v1/recordings/int_alice1/tickets', headers: auth(admin2), payload: { purpose: 'play' } })).json() as { url: string };
    assert.equal((await app.inject({ method: 'GET', url: tk.url, headers: { range: 'bytes=0-99' } })).statusCode, 206);
    assert.equal((await app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: auth(admin2) })).statusCode, 200);
    const after = errorOf(await app.inject({ method: 'GET', url: tk.url, headers: { range: 'bytes=100-199' } }));
    assert.deepEqual([after.status, after.code], [401, 'TOKEN_INVALID']);
  });

  it('the workspace policy: agents may play their own calls only; download limited to admins', async () => {
    writeFileSync(wsFile, withRecordingsSection(demoText, 'recordings:\n  play: [agent, supervisor, admin]\n  download: [admin]\n'));
    const reload = await app.inject({ method: 'POST', url: '/api/v1/admin/workspace/reload', headers: auth(tokens.admin!) });
    assert.equal(reload.statusCode, 200, reload.body);
    try {
      assert.deepEqual(await search('alice'), ['int_alice2', 'int_alice1']);
      assert.equal((await get('alice', '/api/v1/recordings/int_alice1')).statusCode, 200);
      assert.equal(errorOf(await get('alice', '/api/v1/recordings/int_bob1')).code, 'FORBIDDEN', "bob's call is not alice's");
      assert.equal((await ticket('alice', 'int_alice1', 'play')).statusCode, 200);
      assert.equal(errorOf(await ticket('alice', 'int_alice1', 'download')).code, 'FORBIDDEN');
      assert.equal(errorOf(await ticket('sam', 'int_alice1', 'download')).code, 'FORBIDDEN', 'download is for admins now');
      assert.equal((await ticket('admin', 'int_alice1', 'download')).statusCode, 200);
      assert.equal(recordingListSchema.parse((await get('sam', `/api/v1/recordings?${RANGE}`)).json()).recordings[0]!.canDownload, false);
    } finally {
      writeFileSync(wsFile, demoText);
      await app.inject({ method: 'POST', url: '/api/v1/admin/workspace/reload', headers: auth(tokens.admin!) });
    }
  });

  it('a bad recordings policy in the workspace file fails the reload and changes nothing', async () => {
    writeFileSync(wsFile, withRecordingsSection(demoText, 'recordings:\n  play: [everyone]\n  retentionDays: 0\n'));
    const res = await app.inject({ method: 'POST', url: '/api/v1/admin/workspace/reload', headers: auth(tokens.admin!) });
    writeFileSync(wsFile, demoText);
    assert.equal(errorOf(res).code, 'WORKSPACE_INVALID');
    assert.match(res.body, /recordings\.play/);
    assert.match(res.body, /recordings\.retentionDays/);
    assert.equal(errorOf(await get('alice', `/api/v1/recordings?${RANGE}`)).code, 'FORBIDDEN', 'still closed to agents');
    assert.ok(existsSync(join(recDir, 'int_alice1.wav')));
  });
});
