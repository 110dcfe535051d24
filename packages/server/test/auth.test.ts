import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FakeClock } from '@switchboard/shared';
import { auth, errorOf, login, makeApp, removeDir } from './helpers';

test('login: ok, wrong password, unknown user', async (t) => {
  const { app, dir, close } = await makeApp();
  t.after(async () => {
    await close();
    removeDir(dir);
  });
  const ok = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'alice', password: 'demo1234' } });
  assert.equal(ok.statusCode, 200);
  const body = ok.json() as { token: string; expiresAt: string; user: { role: string; username: string } };
  assert.match(body.token, /^[A-Za-z0-9_-]{43}$/);
  assert.equal(body.user.role, 'agent');
  assert.ok(Date.parse(body.expiresAt) > Date.now() + 11 * 3600_000);

  const bad = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'alice', password: 'nope' } });
  assert.deepEqual([errorOf(bad).status, errorOf(bad).code], [401, 'INVALID_CREDENTIALS']);
  const unknown = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'zed', password: 'x' } });
  assert.equal(errorOf(unknown).code, 'INVALID_CREDENTIALS');

  const state = await app.inject({ method: 'GET', url: '/api/v1/agent/state', headers: auth(body.token) });
  assert.equal(state.statusCode, 200);
  assert.equal((state.json() as { agent: { username: string } }).agent.username, 'alice');
});

test('login throttle: failures slow attempts down (growing Retry-After) per username+address; they never lock bob out at his own desk or device, nor everyone behind a NAT; slow-downs are audited', async (t) => {
  const clock = new FakeClock(Date.now());
  const { app, dir, close } = await makeApp({ clock });
  t.after(async () => {
    await close();
    removeDir(dir);
  });
  const attempt = (username: string, password: string, ip: string, deviceId?: string) =>
    app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password, ...(deviceId ? { deviceId } : {}) }, remoteAddress: ip });
  const BOB_DEVICE = 'bob-laptop-7f3a9c2e41';

  // Bob has logged in from his desk before (address and device now known).
  assert.equal((await attempt('bob', 'demo1234', '10.1.1.1', BOB_DEVICE)).statusCode, 200);

  // Five wrong passwords for bob from anywhere: bob at his desk still gets in, with his device or without.
  for (let i = 0; i < 5; i++) assert.equal((await attempt('bob', 'wrong', `10.0.0.${i + 1}`)).statusCode, 401);
  assert.equal((await attempt('bob', 'demo1234', '10.1.1.1')).statusCode, 200, 'known address');
  assert.equal((await attempt('bob', 'demo1234', '10.1.1.1', BOB_DEVICE)).statusCode, 200, 'known device');

  // A sustained guesser (one address) is slowed down, more with every failure, never locked for good.
  const waits: number[] = [];
  for (let i = 0; i < 9; i++) {
    let r = await attempt('bob', 'wrong', '10.6.6.6');
    if (r.statusCode === 429) {
      assert.equal(errorOf(r).code, 'LOGIN_THROTTLED');
      const wait = Number(r.headers['retry-after']);
      assert.equal((errorOf(r).details as { scope: string }).scope, 'username-address');
      waits.push(wait);
      clock.advance(wait * 1000);
      r = await attempt('bob', 'wrong', '10.6.6.6');
    }
    assert.equal(r.statusCode, 401, `attempt ${i} is judged once its wait is over`);
  }
  assert.deepEqual(waits, [1, 2, 4], 'Retry-After doubles after the five free failures');
  const slowed = await attempt('bob', 'demo1234', '10.6.6.6');
  assert.equal(slowed.statusCode, 429, "even the right password waits at the guesser's address");
  assert.match(errorOf(slowed).message, /wait 8 s/);
  // ... and bob at his desk or on his device anywhere is not affected.
  assert.equal((await attempt('bob', 'demo1234', '10.1.1.1')).statusCode, 200);
  assert.equal((await attempt('bob', 'demo1234', '10.7.7.7', BOB_DEVICE)).statusCode, 200);

  // Guessing bob from many addresses: strangers are slowed down (username counter); bob's device is not.
  for (let i = 0; i < 12; i++) await attempt('bob', 'wrong', `10.2.0.${i + 1}`);
  const stranger = await attempt('bob', 'demo1234', '10.3.3.3');
  assert.equal(stranger.statusCode, 429);
  assert.equal((errorOf(stranger).details as { scope: string }).scope, 'username');
  assert.equal((await attempt('bob', 'demo1234', '10.3.3.3', BOB_DEVICE)).statusCode, 200);

  // A contact centre's NAT: 25 failures over many usernames from it. Carol, who logged in from
  // there before, is not affected; dave, new there, waits a little, then gets in.
  assert.equal((await attempt('carol', 'demo1234', '10.9.9.9')).statusCode, 200);
  for (let i = 0; i < 25; i++) await attempt(`nobody${i}`, 'x', '10.9.9.9');
  assert.equal((await attempt('carol', 'demo1234', '10.9.9.9')).statusCode, 200);
  const dave = await attempt('dave', 'demo1234', '10.9.9.9');
  assert.equal(dave.statusCode, 429);
  assert.equal((errorOf(dave).details as { scope: string }).scope, 'address');
  clock.advance(Number(dave.headers['retry-after']) * 1000);
  assert.equal((await attempt('dave', 'demo1234', '10.9.9.9')).statusCode, 200);

  // Each slow-down that began for bob is in his audit.
  const rows = (await app.switchboard.store.audit.listAudit('bob', 100)).filter((r) => r.kind === 'login');
  assert.deepEqual(rows.map((r) => [r.to, (r.detail as { scope: string }).scope]).sort(), [
    ['throttled', 'username'],
    ['throttled', 'username-address'],
  ]);
  assert.equal((await app.inject({ method: 'GET', url: '/healthz' })).statusCode, 200);
});

test('tokens: missing, forged, malformed, expired (fake clock), revoked after logout', async (t) => {
  const clock = new FakeClock(Date.now());
  const { app, dir, close } = await makeApp({ clock });
  t.after(async () => {
    await close();
    removeDir(dir);
  });
  const get = (headers: Record<string, string>) => app.inject({ method: 'GET', url: '/api/v1/agent/state', headers });
  assert.deepEqual(pick(await get({})), [401, 'UNAUTHENTICATED']);
  assert.deepEqual(pick(await get(auth('A'.repeat(43)))), [401, 'TOKEN_INVALID']);
  assert.deepEqual(pick(await get({ authorization: 'Basic Zm9vOmJhcg==' })), [401, 'TOKEN_INVALID']);

  const token = await login(app, 'alice', 'demo1234');
  assert.equal((await get(auth(token))).statusCode, 200);
  clock.advance(6 * 3600_000);
  const later = await login(app, 'alice', 'demo1234'); // a newer token keeps the session alive longer
  clock.advance(6 * 3600_000 + 1);
  assert.deepEqual(pick(await get(auth(token))), [401, 'TOKEN_EXPIRED']);
  assert.notEqual(app.switchboard.hub.view('alice'), null, 'the session lives while a token of it is valid');
  clock.advance(6 * 3600_000 + 1000);
  assert.equal(app.switchboard.hub.view('alice'), null, 'once every token expired, the session is signed out');
  assert.deepEqual(pick(await get(auth(later))), [401, 'TOKEN_EXPIRED']);

  const t2 = await login(app, 'alice', 'demo1234');
  const out = await app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: auth(t2) });
  assert.equal(out.statusCode, 200);
  assert.deepEqual(pick(await get(auth(t2))), [401, 'TOKEN_INVALID']);
});

test('roles: agent cannot list agents, supervisor can, only admin reloads the workspace', async (t) => {
  const { app, dir, close } = await makeApp();
  t.after(async () => {
    await close();
    removeDir(dir);
  });
  const alice = await login(app, 'alice', 'demo1234');
  const sam = await login(app, 'sam', 'demo1234');
  const admin = await login(app, 'admin', 'admin1234');

  assert.deepEqual(pick(await app.inject({ method: 'GET', url: '/api/v1/agents', headers: auth(alice) })), [403, 'FORBIDDEN']);
  const list = await app.inject({ method: 'GET', url: '/api/v1/agents', headers: auth(sam) });
  assert.equal(list.statusCode, 200);
  const rows = (list.json() as { agents: Array<{ username: string; loggedIn: boolean; dot: string | null }> }).agents;
  assert.deepEqual(rows.map((r) => r.username).sort(), ['alice', 'bob', 'carol', 'dave']);
  assert.equal(rows.find((r) => r.username === 'alice')?.loggedIn, true);
  assert.equal(rows.find((r) => r.username === 'bob')?.loggedIn, false);

  // Supervisors have no agent session.
  assert.deepEqual(pick(await app.inject({ method: 'GET', url: '/api/v1/agent/state', headers: auth(sam) })), [403, 'FORBIDDEN']);
  assert.deepEqual(pick(await app.inject({ method: 'POST', url: '/api/v1/admin/workspace/reload', headers: auth(sam) })), [403, 'FORBIDDEN']);
  const reload = await app.inject({ method: 'POST', url: '/api/v1/admin/workspace/reload', headers: auth(admin) });
  assert.equal(reload.statusCode, 200);
  assert.equal((reload.json() as { counts: Record<string, number> }).counts.agents, 4);
});

function pick(res: { statusCode: number; json(): unknown }): [number, string] {
  const e = errorOf(res);
  return [e.status, e.code];
}

test("a workspace reload ends a removed agent's session and gives live sessions the new pause reasons", async (t) => {
  const { cpSync, mkdtempSync, readFileSync, writeFileSync } = await import('node:fs');
  const { join } = await import('node:path');
  const { tmpdir } = await import('node:os');
  const { DEMO_WORKSPACE } = await import('./helpers');
  const wsDir = mkdtempSync(join(tmpdir(), 'sb-ws-'));
  const file = join(wsDir, 'ws.yaml');
  writeFileSync(file, readFileSync(DEMO_WORKSPACE, 'utf8'));
  // Announcement files are resolved next to the workspace file.
  cpSync(join(DEMO_WORKSPACE, '../announcements'), join(wsDir, 'announcements'), { recursive: true });
  cpSync(join(DEMO_WORKSPACE, '../prompts'), join(wsDir, 'prompts'), { recursive: true });
  const { app, dir, close } = await makeApp({ config: { workspaceFile: file } });
  t.after(async () => {
    await close();
    removeDir(dir);
    removeDir(wsDir);
  });
  const dave = await login(app, 'dave', 'demo1234');
  const alice = await login(app, 'alice', 'demo1234');
  const admin = await login(app, 'admin', 'admin1234');
  assert.equal((await app.inject({ method: 'GET', url: '/api/v1/agent/state', headers: auth(dave) })).statusCode, 200);
  const reasonsOf = async (token: string) =>
    ((await app.inject({ method: 'GET', url: '/api/v1/agent/state', headers: auth(token) })).json() as { pauseReasons: Array<{ id: string }> }).pauseReasons.map((r) => r.id);
  assert.ok((await reasonsOf(alice)).includes('training'));
  // Drop dave (the last agent block) from the file, and swap the Training pause reason for Coaching.
  const text = readFileSync(file, 'utf8');
  const without = text.replace(/^ {2}- username: dave\n(?: {4}.*\n)*/m, '').replace('  - id: training\n    name: Training\n', '  - id: coaching\n    name: Coaching\n');
  assert.notEqual(without, text, 'dave is in the demo workspace');
  writeFileSync(file, without);
  const reload = await app.inject({ method: 'POST', url: '/api/v1/admin/workspace/reload', headers: auth(admin) });
  assert.equal(reload.statusCode, 200, reload.body);
  assert.equal(app.switchboard.hub.view('dave'), null);
  const after = await app.inject({ method: 'GET', url: '/api/v1/agent/state', headers: auth(dave) });
  assert.equal(after.statusCode, 401);
  // alice's live session has the new list at once (no re-login).
  const now = await reasonsOf(alice);
  assert.ok(now.includes('coaching') && !now.includes('training'), `alice's reasons after the reload: ${now.join(', ')}`);
});
