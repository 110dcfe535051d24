import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hashSecret, verifySecret, isSecretHash } from '../src/index';

test('scrypt hashes verify the right secret only, and differ by salt', async () => {
  const a = await hashSecret('s3cret!');
  const b = await hashSecret('s3cret!');
  assert.ok(isSecretHash(a));
  assert.notEqual(a, b);
  assert.equal(await verifySecret('s3cret!', a), true);
  assert.equal(await verifySecret('s3cret?', a), false);
  assert.equal(await verifySecret('s3cret!', 'plain-text'), false);
});
