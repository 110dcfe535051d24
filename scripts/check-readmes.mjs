#!/usr/bin/env node
// Each package's README says what the package may import ("- **May import**: ..." in its
// "At a glance" section); this keeps that line equal to the rule dependency-cruiser enforces
// (.dependency-cruiser.cjs's ALLOWED table), so the README cannot drift from the checked rule.
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const require = createRequire(import.meta.url);
const rules = require(join(root, '.dependency-cruiser.cjs')).forbidden;
const problems = [];
for (const pkg of readdirSync(join(root, 'packages')).sort()) {
  const readme = join(root, 'packages', pkg, 'README.md');
  if (!existsSync(join(root, 'packages', pkg, 'package.json'))) continue;
  if (!existsSync(readme)) {
    problems.push(`packages/${pkg}: no README.md`);
    continue;
  }
  // The allowed list, read back from the generated rule's comment: "<pkg>'s code may import only: a, b (DESIGN.md)."
  const rule = rules.find((r) => r.name === `${pkg}-imports`);
  const allowed = rule ? rule.comment.replace(/^.*may import only: /, '').replace(/ \(DESIGN\.md\)\.$/, '') : null;
  const want = allowed === null || allowed === 'nothing of ours' ? [] : allowed.split(', ');
  const line = readFileSync(readme, 'utf8').match(/^- \*\*May import\*\*: (.*)$/m);
  if (!line) {
    problems.push(`packages/${pkg}/README.md: no "- **May import**: ..." line`);
    continue;
  }
  const said = line[1].startsWith('nothing of ours') ? [] : [...line[1].matchAll(/`([^`]+)`/g)].map((m) => m[1]).filter((n) => !n.includes('.') && !n.includes(' '));
  if (said.join(',') !== want.join(',')) problems.push(`packages/${pkg}/README.md: says it may import [${said.join(', ')}], the rule says [${want.join(', ')}]`);
}
if (problems.length) {
  console.error(`Package READMEs out of step with the import rules:\n  ${problems.join('\n  ')}`);
  process.exit(1);
}
console.log('package READMEs: every "May import" line matches .dependency-cruiser.cjs');
