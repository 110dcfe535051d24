import { test, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { FakeClock } from '@switchboard/shared';
import type { PhoneCredentialInput, Store } from '../../src/index';
import { demoConfig } from './fixtures';
import type { StoreHarness } from './store-suite';

const T0 = 1_790_000_000_000;

function cred(user: string, password: string, realm = 'switchboard'): PhoneCredentialInput {
  const text = `${user}:${realm}:${password}`;
  return { user, ha1Md5: createHash('md5').update(text).digest('hex'), ha1Sha256: createHash('sha256').update(text).digest('hex') };
}

/** The phone_credentials table's contract, run per dialect: HA1 rows per realm and user name, rotation, moves, refusals, restart. */
export function definePhoneCredentialsSuite(dialect: 'sqlite' | 'postgres', makeHarness: () => Promise<StoreHarness>): void {
  let h: StoreHarness;
  let store: Store;
  let clock: FakeClock;

  beforeEach(async () => {
    clock = new FakeClock(T0);
    h = await makeHarness();
    store = await h.open(clock);
    await store.workspace.applyWorkspace(await demoConfig());
  });
  afterEach(async () => {
    await store.close();
    await h.dispose();
  });

  test(`${dialect}: an agent's HA1s are stored per realm and user name (never a password) and survive a restart`, async () => {
    const stored = await store.phoneCredentials.replaceForAgent('alice', 'switchboard', [cred('alice', 'pw1'), cred('1001', 'pw1')], 'issued', T0);
    assert.equal(stored.length, 2);
    await store.close();
    store = await h.reopen(clock);
    const rows = await store.phoneCredentials.list('switchboard');
    assert.deepEqual(
      rows.map((r) => [r.agentId, r.user, r.origin, r.createdAt]),
      [
        ['alice', '1001', 'issued', T0],
        ['alice', 'alice', 'issued', T0],
      ],
    );
    assert.equal(rows[1]!.ha1Md5, createHash('md5').update('alice:switchboard:pw1').digest('hex'));
    assert.equal(rows[1]!.ha1Sha256, createHash('sha256').update('alice:switchboard:pw1').digest('hex'));
    assert.ok(!JSON.stringify(rows).includes('pw1'), 'the password itself is nowhere');
    assert.deepEqual(await store.phoneCredentials.list('elsewhere'), [], 'realms are apart');
  });

  test(`${dialect}: a rotation replaces every old HA1 of the agent at once, and other agents keep theirs`, async () => {
    await store.phoneCredentials.replaceForAgent('alice', 'switchboard', [cred('alice', 'old'), cred('1001', 'old')], 'shared', T0);
    await store.phoneCredentials.replaceForAgent('bob', 'switchboard', [cred('bob', 'b'), cred('1002', 'b')], 'shared', T0);
    await store.phoneCredentials.replaceForAgent('alice', 'switchboard', [cred('alice', 'new'), cred('1001', 'new')], 'issued', T0 + 5);
    const alice = await store.phoneCredentials.forAgent('alice', 'switchboard');
    assert.deepEqual(
      alice.map((r) => [r.user, r.ha1Md5, r.origin, r.createdAt]),
      [
        ['1001', cred('1001', 'new').ha1Md5, 'issued', T0 + 5],
        ['alice', cred('alice', 'new').ha1Md5, 'issued', T0 + 5],
      ],
    );
    assert.equal((await store.phoneCredentials.forAgent('bob', 'switchboard')).length, 2);
    // Replacing with nothing removes the agent's credentials.
    await store.phoneCredentials.replaceForAgent('alice', 'switchboard', [], 'shared', T0 + 6);
    assert.deepEqual(await store.phoneCredentials.forAgent('alice', 'switchboard'), []);
  });

  test(`${dialect}: a user name another agent held (a reassigned agent number) moves to the new holder`, async () => {
    await store.phoneCredentials.replaceForAgent('alice', 'switchboard', [cred('alice', 'a'), cred('1001', 'a')], 'shared', T0);
    await store.phoneCredentials.replaceForAgent('bob', 'switchboard', [cred('bob', 'b'), cred('1001', 'b')], 'shared', T0);
    const rows = await store.phoneCredentials.list('switchboard');
    assert.deepEqual(
      rows.map((r) => `${r.agentId}/${r.user}`),
      ['alice/alice', 'bob/1001', 'bob/bob'],
    );
  });

  test(`${dialect}: malformed HA1s, repeated user names and unknown agents are refused, and nothing is half written`, async () => {
    await store.phoneCredentials.replaceForAgent('alice', 'switchboard', [cred('alice', 'a')], 'shared', T0);
    await assert.rejects(store.phoneCredentials.replaceForAgent('alice', 'switchboard', [{ user: 'alice', ha1Md5: 'xyz', ha1Sha256: 'abc' }], 'issued', T0), TypeError);
    await assert.rejects(store.phoneCredentials.replaceForAgent('alice', 'switchboard', [cred('alice', 'a'), cred('alice', 'b')], 'issued', T0), TypeError);
    await assert.rejects(store.phoneCredentials.replaceForAgent('nobody', 'switchboard', [cred('nobody', 'n')], 'issued', T0));
    assert.deepEqual(
      (await store.phoneCredentials.list('switchboard')).map((r) => [r.user, r.ha1Md5]),
      [['alice', cred('alice', 'a').ha1Md5]],
    );
  });

  test(`${dialect}: several agents in one go (the startup seed), all or nothing`, async () => {
    await assert.rejects(
      store.phoneCredentials.replaceMany(
        'switchboard',
        [
          { agentId: 'alice', entries: [cred('alice', 's')] },
          { agentId: 'nobody', entries: [cred('nobody', 's')] },
        ],
        'shared',
        T0,
      ),
    );
    assert.deepEqual(await store.phoneCredentials.list('switchboard'), [], 'the first agent’s rows rolled back with the failure');
    const stored = await store.phoneCredentials.replaceMany(
      'switchboard',
      [
        { agentId: 'alice', entries: [cred('alice', 's'), cred('1001', 's')] },
        { agentId: 'bob', entries: [cred('bob', 's'), cred('1002', 's')] },
      ],
      'shared',
      T0,
    );
    assert.equal(stored.length, 4);
    assert.deepEqual(
      (await store.phoneCredentials.list('switchboard')).map((r) => `${r.agentId}/${r.user}`),
      ['alice/1001', 'alice/alice', 'bob/1002', 'bob/bob'],
    );
  });
}
