import { test } from 'node:test';
import assert from 'node:assert/strict';
import { auth, errorOf, login, makeApp, removeDir } from '../helpers';
import { redactUrl } from '../../src/http/request-log';
import { captureLog } from './log-capture';

test("the pages get helmet's headers with the CSP; the API keeps its own: not cacheable, nosniff, no Referer, a CSP that loads and frames nothing", async (t) => {
  const { app, dir, close } = await makeApp({ config: { crmOrigins: ['https://*.my.salesforce.com', 'https://crm.example.com'], apiOrigins: ['https://sb2.example.com'] } });
  t.after(async () => {
    await close();
    removeDir(dir);
  });
  const res = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'alice', password: 'demo1234' } });
  assert.equal(res.statusCode, 200);
  const state = await app.inject({ method: 'GET', url: '/api/v1/agent/state', headers: auth((res.json() as { token: string }).token) });
  for (const r of [res, state, await app.inject({ method: 'GET', url: '/api/v1/no-such-thing' })]) {
    assert.equal(r.headers['cache-control'], 'no-store');
    assert.equal(r.headers['x-content-type-options'], 'nosniff');
    assert.equal(r.headers['referrer-policy'], 'no-referrer');
    assert.equal(r.headers['content-security-policy'], "default-src 'none'; frame-ancestors 'none'");
    assert.equal(r.headers['cross-origin-resource-policy'], undefined, "helmet's headers stay off the API (other origins' pages call it under CORS)");
  }
  // The adapter's page (/), other pages, a path that does not exist.
  for (const r of [
    await app.inject({ method: 'GET', url: '/' }),
    await app.inject({ method: 'GET', url: '/healthz' }),
    await app.inject({ method: 'GET', url: '/nothing-here' }),
  ]) {
    assert.equal(r.headers['x-content-type-options'], 'nosniff');
    assert.equal(r.headers['referrer-policy'], 'no-referrer');
    assert.equal(r.headers['x-frame-options'], undefined, 'X-Frame-Options would refuse every CRM: frame-ancestors decides');
    assert.equal(r.headers['strict-transport-security'], undefined);
    assert.equal(r.headers['cross-origin-opener-policy'], 'same-origin', "helmet's defaults otherwise");
    assert.notEqual(r.headers['cache-control'], 'no-store');
    const csp = String(r.headers['content-security-policy']);
    assert.match(csp, /(^|;\s*)frame-ancestors 'self' https:\/\/\*\.my\.salesforce\.com https:\/\/crm\.example\.com(;|$)/);
    assert.match(csp, /(^|;\s*)connect-src 'self' https:\/\/sb2\.example\.com wss:\/\/sb2\.example\.com(;|$)/);
    // The CRM's own script (Open CTI, CIF, OpenFrame) comes from the CRM origins the adapter may be framed by.
    assert.match(csp, /(^|;\s*)script-src 'self' https:\/\/\*\.my\.salesforce\.com https:\/\/crm\.example\.com(;|$)/);
    assert.match(csp, /(^|;\s*)object-src 'none'(;|$)/);
    assert.doesNotMatch(csp, /upgrade-insecure-requests|unsafe-inline/, "none of helmet's default directives");
  }
});

test("by default only the server's own pages may frame the adapter", async (t) => {
  const { app, dir, close } = await makeApp();
  t.after(async () => {
    await close();
    removeDir(dir);
  });
  const csp = String((await app.inject({ method: 'GET', url: '/healthz' })).headers['content-security-policy']);
  assert.match(csp, /(^|;\s*)frame-ancestors 'self'(;|$)/);
  assert.match(csp, /(^|;\s*)connect-src 'self'(;|$)/);
  assert.match(csp, /(^|;\s*)script-src 'self'(;|$)/);
});

test("a Zendesk origin among CRM_ORIGINS lets the adapter load the ZAF SDK from Zendesk's CDN", async (t) => {
  const { app, dir, close } = await makeApp({ config: { crmOrigins: ['https://acme.zendesk.com'] } });
  t.after(async () => {
    await close();
    removeDir(dir);
  });
  const csp = String((await app.inject({ method: 'GET', url: '/healthz' })).headers['content-security-policy']);
  assert.match(csp, /(^|;\s*)script-src 'self' https:\/\/acme\.zendesk\.com https:\/\/static\.zdassets\.com(;|$)/);
});

test('/metrics: loopback clients only without METRICS_TOKEN (not through a proxy)', async (t) => {
  const { app, dir, close } = await makeApp();
  t.after(async () => {
    await close();
    removeDir(dir);
  });
  assert.equal((await app.inject({ method: 'GET', url: '/metrics', remoteAddress: '127.0.0.1' })).statusCode, 200);
  assert.equal((await app.inject({ method: 'GET', url: '/metrics', remoteAddress: '::1' })).statusCode, 200);
  const remote = errorOf(await app.inject({ method: 'GET', url: '/metrics', remoteAddress: '203.0.113.9' }));
  assert.deepEqual([remote.status, remote.code], [403, 'FORBIDDEN']);
  assert.match(remote.message, /METRICS_TOKEN/);
  const proxied = await app.inject({ method: 'GET', url: '/metrics', remoteAddress: '127.0.0.1', headers: { 'x-forwarded-for': '203.0.113.9' } });
  assert.equal(proxied.statusCode, 403, 'a request a local proxy forwarded is not local');
});

test('/metrics: with METRICS_TOKEN, the bearer token from anywhere, nothing without it', async (t) => {
  const { app, dir, close } = await makeApp({ config: { metricsToken: 'scrape-secret-123' } });
  t.after(async () => {
    await close();
    removeDir(dir);
  });
  const get = (headers: Record<string, string>, remoteAddress = '203.0.113.9') => app.inject({ method: 'GET', url: '/metrics', remoteAddress, headers });
  assert.equal(errorOf(await get({})).status, 401);
  assert.equal(errorOf(await get({}, '127.0.0.1')).status, 401, 'loopback needs the token too once it is set');
  assert.equal(errorOf(await get({ authorization: 'Bearer wrong' })).status, 401);
  const ok = await get({ authorization: 'Bearer scrape-secret-123' });
  assert.equal(ok.statusCode, 200);
  assert.match(ok.body, /switchboard_/);
});

test('a token in a query string is redacted in the request log', async (t) => {
  const log = captureLog('info');
  const { app, dir, close } = await makeApp({ logger: log.logger });
  t.after(async () => {
    await close();
    removeDir(dir);
  });
  const token = await login(app, 'sam', 'demo1234');
  await app.inject({ method: 'GET', url: `/api/v1/agents/alice/audit?limit=5&token=${token}&access_token=${token}` });
  await app.inject({ method: 'GET', url: `/metrics?api_key=${token}` });
  assert.ok(
    log.lines.some((l) => (l.req as { url?: string } | undefined)?.url === '/api/v1/agents/alice/audit?limit=5&token=[REDACTED]&access_token=[REDACTED]'),
    log.text(),
  );
  assert.ok(!log.text().includes(token), 'the token never reaches the log');
});

test('redactUrl keeps ordinary parameters and the path', () => {
  assert.equal(redactUrl('/x?limit=5'), '/x?limit=5');
  assert.equal(redactUrl('/x?Token=abc&limit=5&PASSWORD=p&flag'), '/x?Token=[REDACTED]&limit=5&PASSWORD=[REDACTED]&flag');
  assert.equal(redactUrl('/x?%74oken=abc'), '/x?%74oken=[REDACTED]');
  assert.equal(redactUrl('/plain'), '/plain');
});
