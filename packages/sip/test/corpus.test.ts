import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseMessage } from '../src/index';

const dir = join(import.meta.dirname, 'corpus');
export const expectations = JSON.parse(readFileSync(join(dir, 'expectations.json'), 'utf8')) as Record<string, { parse: string; status?: number; reason?: string }>;

test('every corpus file has an expectation', () => {
  const files = readdirSync(dir).filter((f) => f !== 'expectations.json');
  assert.deepEqual(files.sort(), Object.keys(expectations).sort());
});

for (const [file, exp] of Object.entries(expectations)) {
  test(`corpus ${file}: parser says ${exp.parse}${exp.status ? ` ${exp.status}` : ''}`, () => {
    const bytes = readFileSync(join(dir, file));
    const r = parseMessage(bytes);
    assert.equal(r.type, exp.parse, JSON.stringify(r.type === 'drop' ? r.reason : r.type === 'reject' ? r.reason : r.type));
    if (r.type === 'reject') {
      assert.equal(r.status, exp.status);
      assert.equal(r.reason, exp.reason);
    }
  });
}
