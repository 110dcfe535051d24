import { test } from 'node:test';
import assert from 'node:assert/strict';
import WebSocket from 'ws';
import { listen, makeApp, removeDir } from '../helpers';
import { originAllowed } from '../../src/http/allowed-origins';

const CRM = ['https://*.my.salesforce.com', 'https://crm.example.com'];

test('originAllowed: exact origins and https://*.domain wildcards only', () => {
  assert.equal(originAllowed('https://crm.example.com', CRM), true);
  assert.equal(originAllowed('https://acme.my.salesforce.com', CRM), true);
  assert.equal(originAllowed('https://a.b.my.salesforce.com', CRM), true);
  assert.equal(originAllowed('https://my.salesforce.com', CRM), false, 'the bare domain is not under *.');
  assert.equal(originAllowed('http://acme.my.salesforce.com', CRM), false, 'the scheme must match');
  assert.equal(originAllowed('https://acme.my.salesforce.com.evil.test', CRM), false);
  assert.equal(originAllowed('https://evilmy.salesforce.com', CRM), false);
  assert.equal(originAllowed('https://crm.example.com:8443', CRM), false);
  assert.equal(originAllowed('null', CRM), false);
  assert.equal(originAllowed('https://crm.example.com', []), false);
});

test('a CRM origin gets CORS headers on the API and its preflight; any other origin gets none', async (t) => {
  const { app, dir, close } = await makeApp({ config: { crmOrigins: CRM } });
  t.after(async () => {
    await close();
    removeDir(dir);
  });
  const preflight = (origin: string) =>
    app.inject({
      method: 'OPTIONS',
      url: '/api/v1/agent/commands',
      headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type,x-client-id' },
    });

  for (const origin of ['https://crm.example.com', 'https://acme.my.salesforce.com']) {
    const pre = await preflight(origin);
    assert.equal(pre.statusCode, 204, origin);
    assert.equal(pre.headers['access-control-allow-origin'], origin);
    assert.match(String(pre.headers['access-control-allow-methods']), /POST/);
    assert.match(String(pre.headers['access-control-allow-headers']), /authorization/);
    assert.match(String(pre.headers['access-control-allow-headers']), /x-client-id/);
    assert.equal(pre.headers['access-control-allow-credentials'], undefined, 'bearer tokens, no cookies');
    assert.equal(pre.headers['access-control-max-age'], '600');
    const res = await app.inject({ method: 'POST', url: '/api/v1/auth/login', headers: { origin }, payload: { username: 'alice', password: 'demo1234' } });
    assert.equal(res.statusCode, 200);
    assert.equal(res.headers['access-control-allow-origin'], origin);
    assert.match(String(res.headers['access-control-expose-headers']), /x-request-id/);
    assert.match(String(res.headers.vary), /origin/i, 'caches keep answers per origin');
    // Error answers carry them too, so the page can read the error code.
    const bad = await app.inject({ method: 'GET', url: '/api/v1/agent/state', headers: { origin } });
    assert.equal(bad.statusCode, 401);
    assert.equal(bad.headers['access-control-allow-origin'], origin);
  }

  for (const origin of ['https://rogue.example.net', 'https://my.salesforce.com', 'http://crm.example.com', 'null']) {
    const pre = await preflight(origin);
    assert.equal(pre.headers['access-control-allow-origin'], undefined, origin);
    assert.equal(pre.headers['access-control-allow-methods'], undefined, origin);
    const res = await app.inject({ method: 'POST', url: '/api/v1/auth/login', headers: { origin }, payload: { username: 'alice', password: 'demo1234' } });
    assert.equal(res.headers['access-control-allow-origin'], undefined, origin);
  }
  // No Origin (curl, the SDK in Node): no CORS headers, the API answers as before.
  const plain = await app.inject({ method: 'GET', url: '/healthz' });
  assert.equal(plain.statusCode, 200);
  assert.equal(plain.headers['access-control-allow-origin'], undefined);
});

test('with no CRM_ORIGINS no origin gets CORS headers', async (t) => {
  const { app, dir, close } = await makeApp();
  t.after(async () => {
    await close();
    removeDir(dir);
  });
  const res = await app.inject({ method: 'GET', url: '/healthz', headers: { origin: 'https://crm.example.com' } });
  assert.equal(res.statusCode, 200);
  assert.equal(res.headers['access-control-allow-origin'], undefined);
});

test("the event WebSocket opens from the server's own origin, a CRM origin or no origin; another origin is refused with 403", async (t) => {
  const { app, dir, close } = await makeApp({ config: { crmOrigins: CRM } });
  t.after(async () => {
    await close();
    removeDir(dir);
  });
  const base = await listen(app);
  const open = (origin: string | undefined) =>
    new Promise<number>((resolve) => {
      const ws = new WebSocket(`${base.replace(/^http/, 'ws')}/api/v1/events`, origin ? { origin } : {});
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
  assert.equal(await open(undefined), 101);
  assert.equal(await open(base), 101, "the adapter's own page");
  assert.equal(await open('https://crm.example.com'), 101);
  assert.equal(await open('https://acme.my.salesforce.com'), 101);
  assert.equal(await open('https://rogue.example.net'), 403);
  assert.equal(await open('http://127.0.0.1:1'), 403, 'same host name, another port: another origin');
});
