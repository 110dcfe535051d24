import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp, loadConfig } from '../src/index';
import { ROOT, removeDir } from './helpers';

const BAD_WORKSPACE = `name: Broken
region: australia
callInNumber: "+61290000000"
agents:
  - username: alice
    displayName: Alice
    password: x
    agentNumber: 1001
    pin: 12
    colour: blue
`;

test('a bad workspace file stops buildApp with WORKSPACE_INVALID listing the problems', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'sb-start-'));
  t.after(() => removeDir(dir));
  const file = join(dir, 'ws.yaml');
  writeFileSync(file, BAD_WORKSPACE);
  await assert.rejects(buildApp({ config: { dataDir: join(dir, 'data'), workspaceFile: file } }), (err: { code: string; message: string }) => {
    assert.equal(err.code, 'WORKSPACE_INVALID');
    assert.match(err.message, /region/);
    assert.match(err.message, /colour/);
    return true;
  });
});

test('main exits non-zero and prints the workspace problems for a person to read', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'sb-start-'));
  t.after(() => removeDir(dir));
  const file = join(dir, 'ws.yaml');
  writeFileSync(file, BAD_WORKSPACE);
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'packages/server/src/main.ts')], {
    cwd: ROOT,
    env: { ...process.env, WORKSPACE_FILE: file, DATA_DIR: join(dir, 'data'), PORT: '0', LOG_LEVEL: 'silent' },
    encoding: 'utf8',
    timeout: 60_000,
  });
  assert.equal(r.status, 1, r.stderr);
  assert.match(r.stderr, /cannot start/);
  assert.match(r.stderr, /Workspace file .* problems/);
  assert.match(r.stderr, /agents\[0\]\.colour/);
});

test('config comes from the environment with defaults, and bad values are refused', () => {
  const c = loadConfig({});
  assert.deepEqual([c.host, c.port, c.dataDir, c.databaseUrl, c.workspaceFile, c.logLevel], ['127.0.0.1', 8080, './data', undefined, 'config/demo-workspace.yaml', 'info']);
  assert.deepEqual(c.throttle, { windowMs: 900_000, perUsernameAddress: 5, perUsername: 10, perAddress: 20, maxDelayMs: 900_000 });
  const d = loadConfig({ HOST: '0.0.0.0', PORT: '9000', DATABASE_URL: 'postgres://x/y', LOGIN_THROTTLE_PER_ADDRESS: '0' });
  assert.deepEqual([d.host, d.port, d.databaseUrl, d.throttle.perAddress], ['0.0.0.0', 9000, 'postgres://x/y', 0]);
  assert.deepEqual([loadConfig({ TRUST_PROXY: '1' }).trustProxy, loadConfig({ TRUST_PROXY: 'true' }).trustProxy, c.trustProxy], [1, true, false]);
  assert.throws(() => loadConfig({ PORT: 'eighty' }), /PORT must be/);
  assert.throws(() => loadConfig({ PORT: '70000' }), /PORT must be at most/);
});

test('the built adapter is served at /, the API stays JSON', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'sb-start-'));
  const adapterDir = join(dir, 'dist');
  const { mkdirSync } = await import('node:fs');
  mkdirSync(adapterDir);
  writeFileSync(join(adapterDir, 'index.html'), '<!doctype html><title>adapter</title>');
  const app = await buildApp({ config: { dataDir: join(dir, 'data'), workspaceFile: join(ROOT, 'config/demo-workspace.yaml'), adapterDir } });
  t.after(async () => {
    await app.close();
    removeDir(dir);
  });
  const page = await app.inject({ method: 'GET', url: '/' });
  assert.equal(page.statusCode, 200);
  assert.match(page.body, /<title>adapter<\/title>/);
  const missing = await app.inject({ method: 'GET', url: '/api/v1/nope' });
  assert.equal(missing.statusCode, 404);
  assert.equal((missing.json() as { error: { code: string } }).error.code, 'NOT_FOUND');
});
