#!/usr/bin/env node
// The one test command: import rules, type check, adapter build, then every
// test file (unit, store on SQLite and PostgreSQL, API, real SIP/RTP peers,
// Chromium) through Node's test runner with tsx for TypeScript.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync, existsSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const onlyUnit = process.argv.includes('--only-unit');
const filters = process.argv.slice(2).filter((a) => !a.startsWith('--'));

function run(cmd, args, opts = {}) {
  console.log(`\n> ${cmd} ${args.join(' ')}`);
  const r = spawnSync(cmd, args, { stdio: 'inherit', cwd: root, ...opts });
  if (r.status !== 0) {
    console.error(`\n${cmd} ${args[0] ?? ''} failed (exit ${r.status ?? r.signal})`);
    process.exit(r.status ?? 1);
  }
}

function walk(dir, out) {
  if (!existsSync(dir)) return out;
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name === 'dist') continue;
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p, out);
    else if (name.endsWith('.test.ts')) out.push(p.slice(root.length));
  }
  return out;
}

if (filters.length === 0) {
  // Import rules (dependency-cruiser) and each package.json declaring exactly what it imports.
  run('npm', ['run', '--silent', 'check:imports']);
  // Formatting and lint errors (Biome): an unformatted file fails the run (`npm run format` mends it).
  run('npm', ['run', '--silent', 'lint']);
  run('npx', ['tsc', '-p', 'tsconfig.json']);
  run('npx', ['tsc', '-p', 'packages/adapter-ui/tsconfig.json']);
  run('npx', ['tsc', '-p', 'packages/workspace-ui/tsconfig.json']);
  if (!onlyUnit) run('npm', ['run', 'build']);
}

let files = [];
for (const pkg of readdirSync(join(root, 'packages'))) walk(join(root, 'packages', pkg, 'test'), files);
// The benchmarks' own logic (how a tuned row is chosen) has tests beside it.
walk(join(root, 'bench', 'dialer', 'test'), files);
walk(join(root, 'bench', 'test'), files);
if (!onlyUnit) walk(join(root, 'e2e'), files);
if (onlyUnit) files = files.filter((f) => !f.includes('.e2e.') && !f.includes('.peer.'));
if (filters.length) files = files.filter((f) => filters.some((x) => f.includes(x)));
files.sort();
if (files.length === 0) {
  console.error('no test files matched');
  process.exit(1);
}
// The runner's timeout also bounds each test file as a whole (one process each): it must not be
// shorter than the longest file's own budget (crm-conformance's describe allows 600 s; its seven
// real-call tests took 180 s on CI's machine and were cut there). Tests set tighter ones themselves.
run('node', ['--import', 'tsx', '--test', '--test-reporter=spec', `--test-concurrency=${process.env.TEST_CONCURRENCY ?? 2}`, '--test-timeout=600000', ...files]);
