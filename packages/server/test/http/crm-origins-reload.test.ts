import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { DEMO_WORKSPACE, auth, errorOf, listen, login, makeApp, removeDir } from '../helpers';

/**
 * The workspace file's crm.allowedOrigins, beside the server-wide CRM_ORIGINS: CORS on the API,
 * the event socket's origin check and the pages' frame-ancestors follow a reload, no restart.
 */
test('an origin added to crm.allowedOrigins is allowed after a reload (CORS, event socket, frame-ancestors); one not listed is refused', async (t) => {
  const wsDir = mkdtempSync(join(tmpdir(), 'sb-ws-crm-'));
  const file = join(wsDir, 'ws.yaml');
  const demo = readFileSync(DEMO_WORKSPACE, 'utf8');
  writeFileSync(file, demo);
  // Announcement and prompt files are resolved next to the workspace file.
  cpSync(join(DEMO_WORKSPACE, '../announcements'), join(wsDir, 'announcements'), { recursive: true });
  cpSync(join(DEMO_WORKSPACE, '../prompts'), join(wsDir, 'prompts'), { recursive: true });
  const SERVER_WIDE = 'https://crm.example.com';
  const ADDED = 'https://acme.lightning.force.com';
  const WILD = 'https://*.crm6.dynamics.com';
  const ROGUE = 'https://rogue.example.net';
  const { app, dir, close } = await makeApp({ config: { workspaceFile: file, crmOrigins: [SERVER_WIDE] } });
  t.after(async () => {
    await close();
    removeDir(dir);
    removeDir(wsDir);
  });
  const base = await listen(app);
  const admin = await login(app, 'admin', 'admin1234');

  const cors = async (origin: string) =>
    (await app.inject({ method: 'POST', url: '/api/v1/auth/login', headers: { origin }, payload: { username: 'alice', password: 'demo1234' } })).headers[
      'access-control-allow-origin'
    ];
  const preflight = async (origin: string) =>
    (
      await app.inject({
        method: 'OPTIONS',
        url: '/api/v1/agent/commands',
        headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type' },
      })
    ).headers['access-control-allow-origin'];
  const socket = (origin: string) =>
    new Promise<number>((resolve) => {
      const ws = new WebSocket(`${base.replace(/^http/, 'ws')}/api/v1/events`, { origin });
      ws.once('open', () => {
        ws.once('close', () => resolve(101));
        ws.close();
      });
      ws.once('unexpected-response', (_req, res) => {
        resolve(res.statusCode ?? 0);
        ws.terminate();
      });
      ws.once('error', () => undefined);
    });
  const frameAncestors = async () => {
    const csp = String((await app.inject({ method: 'GET', url: '/' })).headers['content-security-policy']);
    return /(?:^|;)\s*frame-ancestors ([^;]*)/.exec(csp)?.[1]?.trim();
  };
  const reload = async (text: string) => {
    writeFileSync(file, text);
    return app.inject({ method: 'POST', url: '/api/v1/admin/workspace/reload', headers: auth(admin) });
  };

  // Before: only the server-wide origin.
  assert.equal(await cors(SERVER_WIDE), SERVER_WIDE);
  assert.equal(await cors(ADDED), undefined);
  assert.equal(await socket(ADDED), 403);
  assert.equal(await frameAncestors(), `'self' ${SERVER_WIDE}`);

  // The file lists a Salesforce org and every Dynamics org in a region: allowed at once.
  assert.equal((await reload(`${demo}\ncrm:\n  allowedOrigins:\n    - ${ADDED}\n    - "${WILD}"\n`)).statusCode, 200);
  for (const origin of [ADDED, 'https://contoso.crm6.dynamics.com', SERVER_WIDE]) {
    assert.equal(await cors(origin), origin, origin);
    assert.equal(await preflight(origin), origin, origin);
    assert.equal(await socket(origin), 101, origin);
  }
  assert.equal(await frameAncestors(), `'self' ${SERVER_WIDE} ${ADDED} ${WILD}`);
  // The CRM's own script (Open CTI, CIF) comes from those origins too.
  assert.match(
    String((await app.inject({ method: 'GET', url: '/' })).headers['content-security-policy']),
    new RegExp(`script-src 'self' ${SERVER_WIDE} ${ADDED} https://\\*\\.crm6`),
  );

  // One not listed: no CORS headers, the socket refused, not in frame-ancestors.
  for (const origin of [ROGUE, 'https://crm6.dynamics.com', 'http://acme.lightning.force.com']) {
    assert.equal(await cors(origin), undefined, origin);
    assert.equal(await preflight(origin), undefined, origin);
    assert.equal(await socket(origin), 403, origin);
  }
  assert.doesNotMatch((await frameAncestors()) ?? '', /rogue/);

  // Removed from the file: refused again after the next reload; CRM_ORIGINS stays.
  assert.equal((await reload(demo)).statusCode, 200);
  assert.equal(await cors(ADDED), undefined);
  assert.equal(await socket(ADDED), 403);
  assert.equal(await cors(SERVER_WIDE), SERVER_WIDE);
  assert.equal(await frameAncestors(), `'self' ${SERVER_WIDE}`);

  // A malformed origin refuses the reload whole: what was allowed stays allowed.
  await reload(`${demo}\ncrm:\n  allowedOrigins:\n    - ${ADDED}\n`);
  const bad = errorOf(await reload(`${demo}\ncrm:\n  allowedOrigins:\n    - https://acme.example.com/app\n`));
  assert.equal(bad.code, 'WORKSPACE_INVALID');
  assert.match(JSON.stringify(bad), /crm\.allowedOrigins\[0\].*is not an origin/);
  assert.equal(await cors(ADDED), ADDED, 'the last good list is still in force');
});
