import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { z } from 'zod';
import { clientMessageSchema, loginRequestSchema, routes, safeString, safeText } from '../src/index';

interface Def {
  type: string;
  shape?: Record<string, z.ZodType>;
  options?: z.ZodType[];
  innerType?: z.ZodType;
  in?: z.ZodType;
  out?: z.ZodType;
  element?: z.ZodType;
  keyType?: z.ZodType;
  valueType?: z.ZodType;
  checks?: Array<{ _zod: { def: { format?: string; pattern?: RegExp } } }>;
}
const defOf = (s: z.ZodType): Def => (s as unknown as { _zod: { def: Def } })._zod.def;

/** Every string leaf of a schema, with its path. */
function stringLeaves(schema: z.ZodType, path: string, out: Array<[string, z.ZodType]> = []): Array<[string, z.ZodType]> {
  const d = defOf(schema);
  if (d.type === 'string') out.push([path, schema]);
  for (const [k, v] of Object.entries(d.shape ?? {})) stringLeaves(v, `${path}.${k}`, out);
  (d.options ?? []).forEach((o, i) => stringLeaves(o, `${path}|${i}`, out));
  for (const inner of [d.innerType, d.in, d.out, d.element, d.keyType, d.valueType]) if (inner) stringLeaves(inner, path, out);
  return out;
}

const BAD = ['a\u0000b', '\u0007', 'x\u001b[31m', 'a\u007f', 'a\u009b', 'a\ud800b'];

test('every string the API accepts (bodies, path params, query, WebSocket) refuses control characters', () => {
  const inputs: Array<[string, z.ZodType]> = [['ws', clientMessageSchema]];
  for (const [name, r] of Object.entries(routes)) {
    for (const part of ['body', 'params', 'query'] as const) {
      const s = (r as { [k in typeof part]?: z.ZodType })[part];
      if (s) inputs.push([`${name}.${part}`, s]);
    }
  }
  const leaves = inputs.flatMap(([name, s]) => stringLeaves(s, name));
  assert.ok(leaves.length >= 20, `found ${leaves.length} string fields`);
  for (const [path, leaf] of leaves) {
    const regexes = (defOf(leaf).checks ?? []).map((c) => c._zod.def).filter((c) => c.format === 'regex' && c.pattern);
    for (const bad of BAD) {
      assert.ok(
        regexes.some((c) => !c.pattern!.test(bad)),
        `${path} accepts ${JSON.stringify(bad)}: build it from safeString()/safeText() (packages/protocol/src/safe-string.ts)`,
      );
    }
  }
});

test('safeString refuses control characters; safeText keeps line breaks and tabs', () => {
  for (const bad of BAD) assert.equal(safeString().safeParse(bad).success, false, JSON.stringify(bad));
  assert.equal(safeString().safeParse('Zoë O’Brien 😀').success, true);
  assert.equal(safeString().safeParse('two\nlines').success, false);
  assert.equal(safeText().safeParse('two\r\nlines\tand a tab').success, true);
  for (const bad of BAD) assert.equal(safeText().safeParse(bad).success, false, JSON.stringify(bad));
  const r = loginRequestSchema.safeParse({ username: 'alice\u0000', password: 'x' });
  assert.equal(r.success, false);
  assert.match(JSON.stringify(r.error?.issues), /control characters/);
});
