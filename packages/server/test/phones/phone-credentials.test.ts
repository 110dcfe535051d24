import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { WorkspaceConfig } from '@switchboard/core';
import { FakeClock, silentLogger } from '@switchboard/shared';
import { digestHa1 } from '@switchboard/sip';
import { loadWorkspaceFile, openStore } from '@switchboard/store';
import { PhoneCredentials, generatePhonePassword } from '../../src/phones/phone-credentials';
import { loadPhoneConfig } from '../../src/phones/phone-config';
import { DEMO_WORKSPACE } from '../helpers';

/** The shared-password bootstrap and the engine's HA1 lookup, on a real (in-memory SQLite) store. No ports. */

const fastHash = async (s: string): Promise<string> => `test-hash:${s}`;

async function rig(sharedPassword: string | undefined) {
  const store = await openStore({ dataDir: ':memory:' });
  let ws: WorkspaceConfig = await loadWorkspaceFile(DEMO_WORKSPACE, { hash: fastHash });
  await store.workspace.applyWorkspace(ws);
  const make = (shared: string | undefined) => new PhoneCredentials({ store, clock: new FakeClock(1_000), log: silentLogger, workspace: () => ws, sharedPassword: shared });
  return {
    store,
    make,
    creds: make(sharedPassword),
    setWs(next: WorkspaceConfig) {
      ws = next;
    },
    ws: () => ws,
  };
}

test('bootstrap: every agent gets the shared password as HA1s for username and number; a second load rewrites nothing; the lookup answers per algorithm', async (t) => {
  const r = await rig('shared-pw');
  t.after(() => r.store.close());
  assert.deepEqual(await r.creds.seed(r.ws()), { seeded: 4, removed: 0 });
  assert.equal((await r.store.phoneCredentials.list('switchboard')).length, 8);
  assert.deepEqual(await r.creds.seed(r.ws()), { seeded: 0, removed: 0 }, 'nothing changed, nothing written');
  assert.equal(r.creds.ha1('alice', 'MD5'), digestHa1('MD5', 'alice', 'switchboard', 'shared-pw'));
  assert.equal(r.creds.ha1('1001', 'SHA-256'), digestHa1('SHA-256', '1001', 'switchboard', 'shared-pw'));
  assert.equal(r.creds.ha1('sam', 'MD5'), undefined, 'staff have no phone');
  assert.equal(r.creds.ha1('nobody', 'MD5'), undefined);
  assert.equal(r.creds.agentOf('1002'), 'bob');
});

test('an issued password survives workspace loads; the others follow the shared password, renumbering, removal, and SIP_PHONE_SHARED=off', async (t) => {
  const r = await rig('shared-pw');
  t.after(() => r.store.close());
  await r.creds.seed(r.ws());
  const issued = await r.creds.issue('alice');
  assert.ok(issued);
  assert.deepEqual(issued.users, ['alice', '1001']);
  assert.equal(await r.creds.issue('nobody'), undefined);
  assert.equal(r.creds.originOf('alice'), 'issued');

  // Another run with another SIP_PHONE_PASSWORD: bob, carol and dave follow; alice keeps hers.
  const next = r.make('changed-pw');
  assert.deepEqual(await next.seed(r.ws()), { seeded: 3, removed: 0 });
  assert.equal(next.ha1('alice', 'MD5'), digestHa1('MD5', 'alice', 'switchboard', issued.password));
  assert.equal(next.ha1('bob', 'MD5'), digestHa1('MD5', 'bob', 'switchboard', 'changed-pw'));

  // bob renumbered, alice renumbered, dave removed from the file.
  const ws = structuredClone(r.ws());
  ws.agents = ws.agents.filter((a) => a.id !== 'dave').map((a) => (a.id === 'bob' ? { ...a, agentNumber: '2002' } : a.id === 'alice' ? { ...a, agentNumber: '3001' } : a));
  r.setWs(ws);
  assert.deepEqual(await next.seed(ws), { seeded: 1, removed: 0 });
  assert.equal(next.ha1('2002', 'MD5'), digestHa1('MD5', '2002', 'switchboard', 'changed-pw'), "bob's new number registers");
  assert.equal(next.ha1('1002', 'MD5'), undefined, 'his old one does not');
  assert.equal(next.ha1('1001', 'MD5'), undefined, 'a number alice no longer has authenticates nobody');
  assert.equal(next.ha1('3001', 'MD5'), undefined, "alice's issued password was made for 1001: she needs a new one for 3001");
  assert.ok(next.ha1('alice', 'MD5'), 'her username still works');
  assert.equal(next.ha1('dave', 'MD5'), undefined, 'a removed agent authenticates nobody');

  // SIP_PHONE_SHARED=off: the shared rows go, the issued stay.
  const off = r.make(undefined);
  assert.deepEqual(await off.seed(ws), { seeded: 0, removed: 2 });
  assert.equal(off.ha1('bob', 'MD5'), undefined);
  assert.ok(off.ha1('alice', 'MD5'));
});

test('generated passwords: 20 characters of an alphabet without look-alikes, all different', () => {
  const seen = new Set<string>();
  for (let i = 0; i < 1000; i++) {
    const p = generatePhonePassword();
    assert.match(p, /^[a-km-np-zA2-9]{20}$/);
    seen.add(p);
  }
  assert.equal(seen.size, 1000);
});

test('phone settings from the environment: defaults, overrides, and refusals', () => {
  assert.deepEqual(loadPhoneConfig({}), { sharedPassword: true, throttle: { maxFailures: 20, windowSeconds: 60, blockSeconds: 300 } });
  assert.deepEqual(loadPhoneConfig({ SIP_PHONE_SHARED: 'off', SIP_AUTH_MAX_FAILURES: '0', SIP_AUTH_WINDOW_SECONDS: '10', SIP_AUTH_BLOCK_SECONDS: '3' }), {
    sharedPassword: false,
    throttle: { maxFailures: 0, windowSeconds: 10, blockSeconds: 3 },
  });
  assert.throws(() => loadPhoneConfig({ SIP_PHONE_SHARED: 'yes' }), /SIP_PHONE_SHARED/);
  assert.throws(() => loadPhoneConfig({ SIP_AUTH_BLOCK_SECONDS: '0' }), /SIP_AUTH_BLOCK_SECONDS/);
  assert.throws(() => loadPhoneConfig({ SIP_AUTH_MAX_FAILURES: 'many' }), /SIP_AUTH_MAX_FAILURES/);
});
