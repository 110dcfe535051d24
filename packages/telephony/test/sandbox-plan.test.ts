import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { SANDBOX_DEMO_CALLER_ID, SANDBOX_DEMO_NUMBERS, SANDBOX_PLAN, SANDBOX_REWRITE, sandboxBehaviour } from '../src/index';

test('sandbox number plan', () => {
  assert.deepEqual(sandboxBehaviour('1000'), { kind: 'answer', afterMs: 0, audio: 'tone' });
  assert.deepEqual(sandboxBehaviour('+10005551234'), { kind: 'answer', afterMs: 0, audio: 'tone' });
  assert.deepEqual(sandboxBehaviour('1001'), { kind: 'answer', afterMs: 0, audio: 'wav' });
  assert.deepEqual(sandboxBehaviour('1002'), { kind: 'answer', afterMs: 0, audio: 'echo' });
  assert.deepEqual(sandboxBehaviour('2000'), { kind: 'busy' });
  assert.deepEqual(sandboxBehaviour('3000'), { kind: 'no_answer' });
  assert.deepEqual(sandboxBehaviour('4000'), { kind: 'invalid' });
  assert.deepEqual(sandboxBehaviour('503'), { kind: 'answer', afterMs: 3000, audio: 'tone' });
  assert.deepEqual(sandboxBehaviour('51299'), { kind: 'answer', afterMs: 12000, audio: 'tone' });
  assert.deepEqual(sandboxBehaviour('6000'), { kind: 'machine', afterMs: 1000 });
  assert.deepEqual(sandboxBehaviour('7000'), { kind: 'invalid' });
  assert.deepEqual(sandboxBehaviour('5'), { kind: 'invalid' });
  assert.deepEqual(sandboxBehaviour('alice'), { kind: 'invalid' });
});

test('the README table is the plan', () => {
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
  const section = readme.slice(readme.indexOf('## Sandbox carrier number plan'));
  const rows = section
    .split('\n')
    .filter((l) => l.startsWith('|') && !/^\|\s*-/.test(l))
    .slice(1) // the header
    .map((l) =>
      l
        .split('|')
        .slice(1, -1)
        .map((c) => c.trim()),
    );
  const demo = rows.findIndex((r) => r[0] === 'dial');
  const plan = demo === -1 ? rows : rows.slice(0, demo);
  assert.deepEqual(
    plan.map(([pattern, behaviour]) => ({ pattern, behaviour })),
    SANDBOX_PLAN.map((e) => ({ ...e })),
  );
  assert.notEqual(demo, -1, 'the README lists the demo numbers');
  assert.deepEqual(
    rows.slice(demo + 1).map(([dial, sandbox, behaviour]) => ({ dial, sandbox, behaviour })),
    SANDBOX_DEMO_NUMBERS.map((d) => ({ dial: `\`${d.dial}\``, sandbox: `\`${d.rule.replace}\``, behaviour: d.behaviour })),
  );
});

test('each demo number rewrites onto the plan entry it promises', () => {
  const expected: Record<string, string> = { '1': 'answer', '2': 'busy', '3': 'no_answer', '4': 'invalid', '5': 'answer', '6': 'machine' };
  for (const d of SANDBOX_DEMO_NUMBERS) {
    const digit = d.dial.replace(/\s/g, '')[7]!;
    const e164 = `+61491570${digit}23`;
    const rule = SANDBOX_REWRITE.find((r) => new RegExp(`^${r.match}$`).test(e164));
    assert.ok(rule, `${d.dial}: a rule matches ${e164}`);
    const sandbox = e164.replace(new RegExp(`^${rule.match}$`), rule.replace);
    assert.equal(sandboxBehaviour(sandbox).kind, expected[digit], `${d.dial} → ${sandbox}`);
  }
  // The demo caller's own number answers when an agent calls it back.
  const back = SANDBOX_REWRITE.find((r) => new RegExp(`^${r.match}$`).test(SANDBOX_DEMO_CALLER_ID))!;
  assert.equal(sandboxBehaviour(SANDBOX_DEMO_CALLER_ID.replace(new RegExp(`^${back.match}$`), back.replace)).kind, 'answer');
});
