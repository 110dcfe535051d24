import { test } from 'node:test';
import assert from 'node:assert/strict';
import { WorkspaceError } from '../src/index';
import { workspaceDir } from './helpers/workspace-dir';

/** The workspace file's `crm` section: the CRM origins the adapter may be embedded in. */

const BASE = 'name: Test Centre\nregion: AU\ncallInNumber: "+61290000000"\n';
const ws = workspaceDir('sb-ws-crm-');
const load = (extra: string) => ws.load(BASE + extra);

test('crm: none by default', async () => {
  assert.deepEqual((await load('')).crm, { allowedOrigins: [] });
});

test('crm: origins and subdomain wildcards are kept as written', async () => {
  const ws = await load('crm:\n  allowedOrigins:\n    - https://acme.lightning.force.com\n    - https://*.crm.dynamics.com\n    - http://127.0.0.1:8080\n');
  assert.deepEqual(ws.crm, { allowedOrigins: ['https://acme.lightning.force.com', 'https://*.crm.dynamics.com', 'http://127.0.0.1:8080'] });
});

test('crm: a path, a trailing slash, another scheme, a non-URL or an unknown key is an error naming the entry', async () => {
  await assert.rejects(
    load('crm:\n  allowedOrigins:\n    - https://acme.example.com/app\n    - https://acme.example.com/\n    - ftp://files.example.com\n    - acme\n  origins: []\n'),
    (err: unknown) => {
      assert.ok(err instanceof WorkspaceError);
      const byPath = new Map(err.problems.map((p) => [p.path, p.message]));
      for (const i of [0, 1, 2, 3]) assert.match(byPath.get(`crm.allowedOrigins[${i}]`) ?? '', /is not an origin like https:\/\/crm\.example\.com/, JSON.stringify(err.problems));
      assert.ok(
        err.problems.some((p) => /origins/.test(p.path + p.message) && /unknown key/.test(p.message)),
        JSON.stringify(err.problems),
      );
      assert.ok(
        err.problems.every((p) => p.line !== null),
        'each problem has its line',
      );
      return true;
    },
  );
});
