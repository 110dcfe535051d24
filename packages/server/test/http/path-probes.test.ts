import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { listen, makeApp, removeDir } from '../helpers';
import { captureLog } from './log-capture';
import { get, rawRequest } from './raw-http';

// Sent as is on a raw socket: an HTTP client would normalise most of these away.
const TRAVERSAL = [
  '/../package.json',
  '/../../../../etc/passwd',
  '/%2e%2e/%2e%2e/etc/passwd',
  '/.%2e/.%2e/package.json',
  '/..%2f..%2fpackage.json',
  '/%2e%2e%2f%2e%2e%2fpackage.json',
  '/..\\..\\package.json',
  '/%5c..%5c..%5cpackage.json',
  '/assets/../../package.json',
  '/./../x',
  '//etc/passwd',
  '/index.html/..',
  '/index.html%00.js',
  '/%00',
  '/%c0%ae%c0%ae/package.json',
  '/%c0%ae%c0%ae%c0%af%c0%ae%c0%ae%c0%afetc/passwd',
  '/%ff',
  '/api/v1/%c0',
  '/api/v1/agents/%c0%ae/audit',
  '/%25c0%25ae/package.json',
  '/..;/package.json',
  '/' + 'a'.repeat(3000),
];

test('path traversal and undecodable paths answer 400/404 in the API error shape, with no stack in the log', async (t) => {
  const log = captureLog('info');
  const { dir, close } = await makeApp({ logger: log.logger });
  t.after(async () => {
    await close();
    removeDir(dir);
  });
  // makeApp serves no adapter: give it one so the static handler (where traversal used to fail) is in play.
  await close();
  const adapterDir = join(dir, 'adapter');
  mkdirSync(adapterDir);
  writeFileSync(join(adapterDir, 'index.html'), '<!doctype html><title>adapter</title>');
  const served = await makeApp({ dir, logger: log.logger, config: { adapterDir } });
  t.after(() => served.close());
  const port = Number(new URL(await listen(served.app)).port);

  assert.equal((await rawRequest(port, get('/'))).status, 200, 'the adapter is served');
  for (const path of TRAVERSAL) {
    const res = await rawRequest(port, get(path));
    assert.ok(res.status === 400 || res.status === 404, `${path} → ${res.status} ${res.body}`);
    const body = JSON.parse(res.body) as { error?: { code?: unknown; message?: unknown } };
    assert.equal(typeof body.error?.code, 'string', `${path}: ${res.body}`);
    assert.equal(typeof body.error?.message, 'string', `${path}: ${res.body}`);
    assert.deepEqual(Object.keys(body), ['error'], `${path}: ${res.body}`);
    assert.doesNotMatch(res.body, /"(name|version|dependencies)"|root:|FST_/, `${path}: ${res.body}`);
  }
  const errors = log.lines.filter((l) => (l.level as number) >= 50);
  assert.deepEqual(errors, [], 'nothing logged as an error');
  assert.doesNotMatch(log.text(), /"stack"/, 'no stack in the log');
});
