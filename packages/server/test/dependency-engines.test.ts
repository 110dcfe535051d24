import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { ROOT } from './helpers';

type V = [number, number, number];
const parse = (s: string): { v: V; parts: number } => {
  const nums = s
    .replace(/^v/, '')
    .split('.')
    .filter((p) => p !== 'x' && p !== '*' && p !== '');
  return { v: [Number(nums[0] ?? 0), Number(nums[1] ?? 0), Number(nums[2] ?? 0)], parts: nums.length };
};
const cmp = (a: V, b: V): number => a[0] - b[0] || a[1] - b[1] || a[2] - b[2];

/** Enough of npm's range syntax for `engines.node` fields (>=, >, <, <=, ^, ~, x-ranges, ||). */
export function nodeRangeAdmits(range: string, version: string): boolean {
  const v = parse(version).v;
  return range.split('||').some((alt) => {
    const comps = alt
      .trim()
      .replace(/([<>=^~]+)\s+/g, '$1')
      .split(/\s+/)
      .filter(Boolean);
    return comps.every((c) => {
      if (c === '*') return true;
      const op = /^[<>=^~]*/.exec(c)![0];
      const { v: b, parts } = parse(c.slice(op.length));
      switch (op) {
        case '>=':
          return cmp(v, b) >= 0;
        case '>':
          return cmp(v, b) > 0;
        case '<=':
          return cmp(v, b) <= 0;
        case '<':
          return cmp(v, b) < 0;
        case '^':
          return v[0] === b[0] && cmp(v, b) >= 0;
        case '~':
          return v[0] === b[0] && (parts < 2 || v[1] === b[1]) && cmp(v, b) >= 0;
        default: // a bare or x-range version: 20, 20.x, 20.19
          return v[0] === b[0] && (parts < 2 || v[1] === b[1]) && (parts < 3 || v[2] === b[2]);
      }
    });
  });
}

test('the range reader reads the forms used in package-lock.json', () => {
  assert.equal(nodeRangeAdmits('>=22', '20.19.0'), false);
  assert.equal(nodeRangeAdmits('>= 8', '20.19.0'), true);
  assert.equal(nodeRangeAdmits('^20.19.0 || >=22.12.0', '20.19.0'), true);
  assert.equal(nodeRangeAdmits('^20.19.0 || >=22.12.0', '20.10.0'), false);
  assert.equal(nodeRangeAdmits('18 || 20 || >=22', '20.19.0'), true);
  assert.equal(nodeRangeAdmits('20.x || 22.x', '21.0.0'), false);
  assert.equal(nodeRangeAdmits('>=16 || 14 >=14.17', '14.18.0'), true);
  assert.equal(nodeRangeAdmits('*', '20.19.0'), true);
});

/**
 * Issue 14 item 8: `npm ci` warned that content-disposition@3 and cookie@2 want Node 22 while
 * the README names Node 20. Every package in the lock file must accept the lowest Node the
 * root package.json's engines names.
 */
test('every locked dependency supports the Node the README and engines name', () => {
  const pkg = JSON.parse(readFileSync(`${ROOT}package.json`, 'utf8')) as { engines: { node: string } };
  const lowest = /^>=\s*([\d.]+)$/.exec(pkg.engines.node)?.[1];
  assert.ok(lowest, `engines.node is a plain ">=" range: ${pkg.engines.node}`);
  const readme = readFileSync(`${ROOT}README.md`, 'utf8');
  assert.ok(readme.includes(`Node.js ${lowest}`), `the README names Node.js ${lowest}`);
  const lock = JSON.parse(readFileSync(`${ROOT}package-lock.json`, 'utf8')) as { packages: Record<string, { version?: string; engines?: { node?: string } }> };
  const refused = Object.entries(lock.packages)
    .filter(([, p]) => p.engines?.node && !nodeRangeAdmits(p.engines.node, lowest))
    .map(([path, p]) => `${path.replace(/^.*node_modules\//, '')}@${p.version} wants node ${p.engines!.node}`);
  assert.deepEqual(refused, []);
});
