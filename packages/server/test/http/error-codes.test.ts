import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CoreError, DialerError, DialerErrorCode } from '@switchboard/core';
import { MediaError } from '@switchboard/media';
import { ERROR_CODE_LIST, errorBodySchema } from '@switchboard/protocol';
import { IllegalTransitionError, SwitchboardError } from '@switchboard/shared';
import { SipError } from '@switchboard/sip';
import { StoreDataError, StoreError } from '@switchboard/store';
import { TelephonyError } from '@switchboard/telephony';
import { mapError } from '../../src/http/error-handler';
import { CLIENT_CODE_OF, STATUS_BY_CODE } from '../../src/http/error-status';
import { makeApp, removeDir } from '../helpers';

const sorted = (xs: Iterable<string>): string[] => [...xs].sort();

test("the server's status table, protocol's list and the served OpenAPI document name the same codes", async (t) => {
  assert.deepEqual(sorted(Object.keys(STATUS_BY_CODE)), sorted(ERROR_CODE_LIST), 'table ⇔ list');
  for (const [code, status] of Object.entries(STATUS_BY_CODE)) assert.ok(status >= 400 && status <= 599, `${code}: ${status} is an error status`);

  const { app, dir, close } = await makeApp();
  t.after(async () => {
    await close();
    removeDir(dir);
  });
  const doc = (await app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json() as {
    components: { schemas: { ErrorCode: { enum: string[]; 'x-status-by-code': Record<string, number> } } };
    paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, { schema: unknown }> }> }>>;
  };
  const schema = doc.components.schemas.ErrorCode;
  assert.deepEqual(sorted(schema.enum), sorted(ERROR_CODE_LIST), 'OpenAPI enum ⇔ list');
  assert.deepEqual(schema['x-status-by-code'], { ...STATUS_BY_CODE }, 'OpenAPI statuses ⇔ table');
  // Every operation's error response carries the same enum.
  for (const [path, ops] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(ops)) {
      const body = op.responses.default?.content?.['application/json']?.schema as { properties: { error: { properties: { code: { enum: string[] } } } } } | undefined;
      if (!body) continue;
      assert.deepEqual(sorted(body.properties.error.properties.code.enum), sorted(ERROR_CODE_LIST), `${method} ${path}`);
    }
  }
});

test('every package code leaves as a protocol code with the table status; our own faults say nothing more', () => {
  for (const [code, clientCode] of Object.entries(CLIENT_CODE_OF)) {
    const m = mapError(new SwitchboardError(code, `secret detail of ${code}`, { leg: 'leg_1' }));
    assert.equal(m.code, clientCode, code);
    assert.equal(m.status, STATUS_BY_CODE[clientCode], code);
    if (clientCode === 'INTERNAL') assert.equal(m.message, 'Internal error', `${code} hides its message`);
    assert.equal(errorBodySchema.safeParse({ error: { code: m.code, message: m.message } }).success, true);
  }
  const cases: Array<[Error, string, number]> = [
    [new IllegalTransitionError('activity', 'idle', 'wrap'), 'ILLEGAL_TRANSITION', 409],
    [new CoreError('UNKNOWN_PAUSE_REASON', 'no such reason'), 'UNKNOWN_PAUSE_REASON', 422],
    [new DialerError(DialerErrorCode.DoNotCall, 'on the list'), 'ACTION_NOT_ALLOWED', 409],
    [new DialerError(DialerErrorCode.BadConfig, 'bad pacing'), 'WORKSPACE_INVALID', 422],
    [new StoreError('database unreachable'), 'NOT_READY', 503],
    [new StoreDataError('CONFLICT', 'callback cb_1 already exists'), 'CONFLICT', 409],
    [new TelephonyError('TEL_NO_SUCH_LEG', 'no leg leg_1', 404), 'NOT_FOUND', 404],
    [new TelephonyError('TEL_INVALID_STATE', 'leg leg_1 has ended', 409), 'ACTION_NOT_ALLOWED', 409],
    [new SipError('SIP_TIMEOUT', 'Timer B fired'), 'INTERNAL', 500],
    [new MediaError('MEDIA_NO_PORT', 'no RTP port left'), 'INTERNAL', 500],
    [new SwitchboardError('NOT_A_CODE_ANYONE_DECLARED', 'oops'), 'INTERNAL', 500],
  ];
  for (const [err, code, status] of cases) assert.deepEqual([mapError(err).code, mapError(err).status], [code, status], err.message);
});

test('no HTTP error status is written anywhere in the server but the error table', () => {
  const src = new URL('../../src/', import.meta.url).pathname;
  // connection-limits.ts answers on the raw socket before Fastify exists (408, 431): Node's own statuses.
  const exempt = new Set(['http/error-status.ts', 'http/connection-limits.ts']);
  const literal = /\b(?:status|code)\(\s*[45]\d\d\s*\)|\bstatus(?:Code)?:\s*[45]\d\d\b/;
  const offenders: string[] = [];
  for (const rel of readdirSync(src, { recursive: true }) as string[]) {
    if (!rel.endsWith('.ts') || exempt.has(rel)) continue;
    readFileSync(join(src, rel), 'utf8')
      .split('\n')
      .forEach((line, i) => literal.test(line) && offenders.push(`${rel}:${i + 1}: ${line.trim()}`));
  }
  assert.deepEqual(offenders, [], 'statuses come from STATUS_BY_CODE');
});
