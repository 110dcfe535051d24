import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EVENT_CLOSE_CODES } from '@switchboard/protocol';
import { listen, login, makeApp, rawSocket, removeDir, until } from '../helpers';

type Raw = Awaited<ReturnType<typeof rawSocket>>;

async function hello(base: string, token: string, clientId: string): Promise<Raw & { code: () => number | null }> {
  const r = await rawSocket(base);
  let code: number | null = null;
  void r.closed.then((c) => (code = c));
  r.ws.send(JSON.stringify({ type: 'hello', token, clientId }));
  await until(() => code !== null || r.messages.some((m) => m.type === 'snapshot'), `an answer to ${clientId}'s hello`);
  return { ...r, code: () => code };
}

test('an agent may hold MAX_EVENT_SOCKETS_PER_AGENT event sockets; one more is closed with tooManySockets', async (t) => {
  const { app, dir, close } = await makeApp({ config: { socketsPerAgent: 3 } });
  t.after(async () => {
    await close();
    removeDir(dir);
  });
  const base = await listen(app);
  const alice = await login(app, 'alice', 'demo1234');
  const bob = await login(app, 'bob', 'demo1234');

  const tabs = [await hello(base, alice, 'tab-aaaa-0001'), await hello(base, alice, 'tab-aaaa-0002'), await hello(base, alice, 'tab-aaaa-0003')];
  for (const tab of tabs) assert.ok(tab.messages.some((m) => m.type === 'snapshot'));

  // A fourth tab: refused with the documented close code and a message saying why.
  const extra = await hello(base, alice, 'tab-aaaa-0004');
  await until(() => extra.code() !== null, 'the extra socket closes');
  assert.equal(extra.code(), EVENT_CLOSE_CODES.tooManySockets);
  assert.equal(EVENT_CLOSE_CODES.tooManySockets, 4429);
  assert.ok(
    extra.messages.some((m) => m.type === 'error' && m.code === 'RATE_LIMITED'),
    JSON.stringify(extra.messages),
  );
  assert.ok(!extra.messages.some((m) => m.type === 'snapshot'));
  assert.equal([...app.switchboard.hub.connections()].length, 3);

  // Another agent is not affected.
  const bobTab = await hello(base, bob, 'tab-bbbb-0001');
  assert.ok(bobTab.messages.some((m) => m.type === 'snapshot'));

  // A tab reconnecting while its old socket still counts replaces that socket rather than being refused.
  const again = await hello(base, alice, 'tab-aaaa-0002');
  assert.ok(
    again.messages.some((m) => m.type === 'snapshot'),
    'the reconnecting tab gets in',
  );
  await until(() => tabs[1]!.code() !== null, 'the stale socket closes');
  assert.equal(tabs[1]!.code(), EVENT_CLOSE_CODES.replaced);

  // When a tab closes, a new one gets in (the first tab, still open, stays the owner).
  tabs[2]!.ws.close();
  await until(() => tabs[2]!.code() !== null, 'the third tab closes');
  await until(() => [...app.switchboard.hub.connections()].length === 3, 'the server forgets the closed socket');
  const later = await hello(base, alice, 'tab-aaaa-0005');
  assert.ok(later.messages.some((m) => m.type === 'snapshot'));

  // Only the owner acts: the one-owner rule is unchanged.
  const owners = later.messages.filter((m) => m.type === 'ownership');
  assert.deepEqual(
    owners.map((m) => m.owner),
    [false],
  );
  for (const s of [...tabs, again, later, bobTab]) s.ws.close();
});

test('the default cap is a handful (5), configurable with MAX_EVENT_SOCKETS_PER_AGENT', async () => {
  const { loadConfig } = await import('../../src/config');
  assert.equal(loadConfig({}).socketsPerAgent, 5);
  assert.equal(loadConfig({ MAX_EVENT_SOCKETS_PER_AGENT: '12' }).socketsPerAgent, 12);
});
