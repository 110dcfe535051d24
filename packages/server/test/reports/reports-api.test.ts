import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { CDR_COLUMNS, intervalsReportSchema } from '@switchboard/protocol';
import { loadConfig } from '../../src/index';
import { auth, demoWorkspaceCopy, errorOf, login, makeApp, removeDir, type TestApp } from '../helpers';
import { seedCalls } from '../recordings/seed';

/** Reports API (issue 20.7): the CDR CSV and the interval figures, and who gets which calls. No fixed ports (inject). */

const T0 = Date.UTC(2026, 10, 2, 9, 0, 0);
const RANGE = `from=${new Date(T0).toISOString()}&to=${new Date(T0 + 3600_000).toISOString()}`;

describe('reports API', () => {
  let t: TestApp;
  let app: FastifyInstance;
  let wsDir: string;
  const tokens: Record<string, string> = {};
  before(async () => {
    const copy = demoWorkspaceCopy();
    wsDir = copy.dir;
    writeFileSync(
      copy.file,
      copy.demo.replace(
        '  - username: admin\n',
        '  - username: sue\n    displayName: Sue Sales\n    role: supervisor\n    team: sales\n    password: demo1234\n  - username: admin\n',
      ),
    );
    t = await makeApp({ config: { workspaceFile: copy.file, engine: { ...loadConfig({}).engine, enabled: false, recordingsDir: join(wsDir, 'rec') } } });
    app = t.app;
    await seedCalls(app.switchboard.store, join(wsDir, 'rec'), [
      { id: 'int_1', agentId: 'alice', createdAt: T0 + 60_000, talkSeconds: 30, number: '+61491570110' },
      { id: 'int_2', agentId: 'bob', createdAt: T0 + 20 * 60_000, talkSeconds: 50, recorded: false },
      { id: 'int_3', agentId: null, createdAt: T0 + 21 * 60_000, talkSeconds: null, recorded: false },
      { id: 'int_4', agentId: 'carol', campaignId: 'sales-outbound', queueId: null, direction: 'OUT', createdAt: T0 + 30 * 60_000, talkSeconds: 10, recorded: false },
      { id: 'int_out_of_range', agentId: 'alice', createdAt: T0 + 2 * 3600_000, recorded: false },
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
  const get = (user: string, url: string) => app.inject({ method: 'GET', url, headers: auth(tokens[user]!) });
  const cdrIds = async (user: string): Promise<string[]> => {
    const res = await get(user, `/api/v1/reports/cdr?${RANGE}`);
    assert.equal(res.statusCode, 200, res.body);
    return res.body
      .trim()
      .split('\r\n')
      .slice(1)
      .map((l) => l.split(',')[0]!);
  };

  it('CDR CSV: a header and one line per call in the range, oldest first, as an attachment', async () => {
    const res = await get('admin', `/api/v1/reports/cdr?${RANGE}`);
    assert.equal(res.headers['content-type'], 'text/csv; charset=utf-8');
    assert.match(String(res.headers['content-disposition']), /^attachment; filename="calls-2026-11-02-to-2026-11-02\.csv"$/);
    const lines = res.body.split('\r\n');
    assert.equal(lines[0], CDR_COLUMNS.join(','));
    assert.deepEqual(await cdrIds('admin'), ['int_1', 'int_2', 'int_3', 'int_4']);
    const first = lines[1]!.split(',');
    assert.equal(first[CDR_COLUMNS.indexOf('customer_number')], '+61491570110');
    assert.equal(first[CDR_COLUMNS.indexOf('talk_s')], '30');
    assert.equal(first[CDR_COLUMNS.indexOf('recorded')], 'yes');
  });

  it('authorisation matrix: agent refused, each supervisor their team’s calls (and their queues’ unanswered ones), admin all', async () => {
    assert.equal(errorOf(await get('alice', `/api/v1/reports/cdr?${RANGE}`)).code, 'FORBIDDEN');
    assert.equal(errorOf(await get('alice', `/api/v1/reports/intervals?${RANGE}&by=queue`)).code, 'FORBIDDEN');
    assert.deepEqual(await cdrIds('sam'), ['int_1', 'int_2', 'int_3']);
    assert.deepEqual(await cdrIds('sue'), ['int_4']);
    const sueQueues = intervalsReportSchema.parse((await get('sue', `/api/v1/reports/intervals?${RANGE}&by=queue`)).json());
    assert.ok(
      sueQueues.rows.every((r) => r.key === 'sales-queue'),
      JSON.stringify(sueQueues.rows),
    );
    const samAgents = intervalsReportSchema.parse((await get('sam', `/api/v1/reports/intervals?${RANGE}&by=agent`)).json());
    assert.deepEqual([...new Set(samAgents.rows.map((r) => r.key))].sort(), ['alice', 'bob']);
    assert.equal(errorOf(await app.inject({ method: 'GET', url: `/api/v1/reports/cdr?${RANGE}` })).status, 401);
  });

  it('intervals: the care queue per 15 minutes', async () => {
    const r = intervalsReportSchema.parse((await get('admin', `/api/v1/reports/intervals?${RANGE}&by=queue&serviceLevelSeconds=30`)).json());
    assert.deepEqual([r.intervalMinutes, r.serviceLevelSeconds], [15, 30]);
    assert.deepEqual(
      r.rows.map((x) => [x.start.slice(11, 16), x.key, x.offered, x.answered, x.abandoned, x.serviceLevel, x.ahtSeconds]),
      [
        ['09:00', 'care-queue', 1, 1, 0, 1, 32],
        ['09:15', 'care-queue', 2, 1, 1, 0.5, 52],
      ],
    );
  });

  it('validation: range order and length, by, the service level', async () => {
    for (const [q, field] of [
      [`${RANGE}&by=team`, 'by'],
      [`${RANGE}&by=queue&serviceLevelSeconds=0`, 'serviceLevelSeconds'],
      [`from=2026-11-02T00:00:00Z&to=2026-12-20T00:00:00Z&by=agent`, 'to'],
      [`from=2026-11-02T00:00:00Z&by=agent`, 'to'],
    ] as const) {
      const e = errorOf(await get('admin', `/api/v1/reports/intervals?${q}`));
      assert.equal(e.code, 'VALIDATION_FAILED');
      assert.ok(field in ((e.details?.fields ?? {}) as object), `${q}: ${JSON.stringify(e.details)}`);
    }
    assert.equal(errorOf(await get('admin', '/api/v1/reports/cdr?from=2026-11-03T00:00:00Z&to=2026-11-02T00:00:00Z')).code, 'VALIDATION_FAILED');
  });
});
