import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { verifySecret } from '@switchboard/shared';

const CLI = fileURLToPath(new URL('../src/cli/hash-secret.ts', import.meta.url));
const run = (input: string) => spawnSync(process.execPath, ['--import', 'tsx', CLI], { input, encoding: 'utf8' });

test('hash-secret prints a scrypt hash of the secret read from stdin', async () => {
  const r = run('s3cret pass\n');
  assert.equal(r.status, 0, r.stderr);
  const hash = r.stdout.trim();
  assert.ok(await verifySecret('s3cret pass', hash), `not a hash of the input: ${hash}`);
  assert.equal(await verifySecret('s3cret pass\n', hash), false, 'the trailing newline is not part of the secret');
});

test('hash-secret refuses an empty secret', () => {
  const r = run('');
  assert.equal(r.status, 2);
  assert.match(r.stderr, /no secret given/);
  assert.equal(r.stdout, '');
});
