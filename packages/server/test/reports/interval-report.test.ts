import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { CallRecord } from '@switchboard/core';
import { intervalReport } from '../../src/reports/interval-report';
import { csvField, cdrLine, CDR_HEADER } from '../../src/reports/cdr-csv';
import { callRecord } from '../recordings/seed';

/** The 15-minute figures and the CSV lines, from hand-made call records. */

const T0 = Date.UTC(2026, 10, 2, 9, 0, 0);
const MIN = 60_000;
const rec = (id: string, at: number, o: { talk?: number | null; wait?: number | null; agent?: string; queue?: string | null; wrap?: number }): CallRecord =>
  callRecord(
    {
      id,
      agentId: o.agent ?? 'alice',
      createdAt: at,
      talkSeconds: o.talk === undefined ? 60 : o.talk,
      timeInQueueMs: o.wait === undefined ? 5000 : o.wait,
      queueId: o.queue,
      wrapSeconds: o.wrap ?? 0,
      recorded: false,
    },
    '/tmp',
  );

test('per queue: offered, answered, abandoned, service level, AHT and occupancy per 15 minutes', () => {
  const calls = [
    rec('a', T0 + 1 * MIN, { talk: 115, wait: 5000, wrap: 0 }), // answered at +1:05, handled 115 s
    rec('b', T0 + 2 * MIN, { talk: 225, wait: 40_000, wrap: 10, agent: 'bob' }), // waited 40 s: outside a 20 s service level; handled 235 s
    rec('c', T0 + 4 * MIN, { talk: null }), // abandoned
    rec('d', T0 + 16 * MIN, { talk: 295, wait: 1000 }), // next interval
    rec('e', T0 + 5 * MIN, { talk: 60, queue: 'sales-queue' }), // another queue
  ];
  const sessions = [
    { agentId: 'alice', sessionId: 's1', start: T0 - 60 * MIN, end: null },
    { agentId: 'bob', sessionId: 's2', start: T0 + 5 * MIN, end: T0 + 10 * MIN },
  ];
  const rows = intervalReport({
    from: T0,
    to: T0 + 30 * MIN,
    now: T0 + 60 * MIN,
    by: 'queue',
    serviceLevelSeconds: 20,
    calls,
    sessions,
    keys: new Map([['care-queue', 'Care queue']]),
    queueAgents: new Map([['care-queue', new Set(['alice', 'bob'])]]),
  });
  assert.deepEqual(
    rows.map((r) => [r.start.slice(11, 16), r.name, r.offered, r.answered, r.abandoned, r.serviceLevel, r.ahtSeconds]),
    [
      ['09:00', 'Care queue', 3, 2, 1, 0.333, 175],
      ['09:15', 'Care queue', 1, 1, 0, 1, 295],
    ],
  );
  // 09:00-09:15: 115 s + 235 s handling (talk and wrap) over alice's 15 min + bob's 5 min logged in.
  assert.equal(rows[0]!.occupancy, Math.round(((115 + 235) / (20 * 60)) * 1000) / 1000);
  // 09:15-09:30: d answered 09:16:05, 295 s busy, over alice's 15 min.
  assert.equal(rows[1]!.occupancy, Math.round((295 / 900) * 1000) / 1000);
});

test('per agent: the agent’s calls and logged-in time; nobody logged in: occupancy null', () => {
  const calls = [rec('a', T0 + MIN, { talk: 60 }), rec('b', T0 + 2 * MIN, { talk: 60, agent: 'bob' })];
  const rows = intervalReport({
    from: T0,
    to: T0 + 15 * MIN,
    now: T0 + 60 * MIN,
    by: 'agent',
    serviceLevelSeconds: 20,
    calls,
    sessions: [{ agentId: 'alice', sessionId: 's1', start: T0, end: T0 + 10 * MIN }],
    keys: new Map([
      ['alice', 'Alice'],
      ['bob', 'Bob'],
    ]),
  });
  assert.deepEqual(
    rows.map((r) => [r.name, r.offered, r.answered, r.occupancy]),
    [
      ['Alice', 1, 1, 0.1],
      ['Bob', 1, 1, null],
    ],
  );
});

test('CSV: header, fields quoted when needed, formulas defused, E.164 numbers kept', () => {
  assert.equal(CDR_HEADER.split(',')[0], 'interaction_id');
  assert.equal(csvField('plain'), 'plain');
  assert.equal(csvField('a,b'), '"a,b"');
  assert.equal(csvField('say "hi"'), '"say ""hi"""');
  assert.equal(csvField('=cmd()'), "'=cmd()");
  assert.equal(csvField('+SUM(1)'), "'+SUM(1)");
  assert.equal(csvField('+61491570110'), '+61491570110');
  assert.equal(csvField(null), '');
  const line = cdrLine(rec('int_x', T0, { talk: 61, wait: 4400, wrap: 3 }));
  const cols = CDR_HEADER.trim().split(',');
  const vals = line.trim().split(',');
  const get = (k: string) => vals[cols.indexOf(k)];
  assert.equal(vals.length, cols.length);
  assert.deepEqual(
    [get('interaction_id'), get('created_at'), get('talk_s'), get('wrap_s'), get('time_in_queue_s'), get('recorded')],
    ['int_x', '2026-11-02T09:00:00.000Z', '61', '3', '4', 'no'],
  );
});

test('a session still open counts as logged in up to now, not to the end of the range', () => {
  const rows = intervalReport({
    from: T0,
    to: T0 + 24 * 60 * MIN,
    now: T0 + 20 * MIN,
    by: 'agent',
    serviceLevelSeconds: 20,
    calls: [rec('a', T0 + MIN, { talk: 90 })],
    sessions: [{ agentId: 'alice', sessionId: 's1', start: T0, end: null }],
    keys: new Map([['alice', 'Alice']]),
  });
  assert.deepEqual(
    rows.map((r) => [r.start.slice(11, 16), r.offered, r.occupancy]),
    [
      ['09:00', 1, 0.1],
      ['09:15', 0, 0],
    ],
  );
});
