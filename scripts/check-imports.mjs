#!/usr/bin/env node
// Enforces DESIGN.md's import rules: which @switchboard package may import which.
// A forbidden import (or a relative path reaching into another package) fails the run.
import { readdirSync, readFileSync, statSync, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

const ALLOWED = {
  shared: [],
  sip: ['shared'],
  media: ['shared'],
  telephony: ['shared', 'sip', 'media'],
  core: ['shared'],
  protocol: ['shared'],
  store: ['shared', 'core', 'protocol'],
  server: ['shared', 'sip', 'media', 'telephony', 'core', 'protocol', 'store', 'sdk', 'dialer-sim'],
  sdk: ['shared', 'protocol'],
  'adapter-ui': ['sdk', 'protocol'],
  'dialer-sim': ['shared', 'core'],
};
// Third-party packages that must stay out of the pure domain.
const FORBIDDEN_EXTERNAL = {
  core: /^(node:(dgram|net|http|https|fs|child_process)|fastify|pg|better-sqlite3|kysely|ws|werift)/,
  shared: /^(fastify|pg|better-sqlite3|kysely|ws|werift|pino)/,
  protocol: /^(node:|fastify|pg|better-sqlite3|kysely|werift)/,
};

const root = resolve(new URL('..', import.meta.url).pathname);
const problems = [];
const importRe = /(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|^\s*import\s+['"]([^'"]+)['"]/gm;

function files(dir, out = []) {
  if (!existsSync(dir)) return out;
  for (const n of readdirSync(dir)) {
    const p = join(dir, n);
    if (statSync(p).isDirectory()) files(p, out);
    else if (/\.(ts|tsx|mts)$/.test(n)) out.push(p);
  }
  return out;
}

for (const pkg of readdirSync(join(root, 'packages'))) {
  const allowed = ALLOWED[pkg];
  if (!allowed) {
    problems.push(`packages/${pkg}: not in the import-rule table (scripts/check-imports.mjs)`);
    continue;
  }
  const pkgDir = join(root, 'packages', pkg);
  for (const f of files(join(pkgDir, 'src'))) {
    const text = readFileSync(f, 'utf8');
    for (const m of text.matchAll(importRe)) {
      const spec = m[1] ?? m[2] ?? m[3];
      const rel = f.slice(root.length + 1);
      const sb = spec.match(/^@switchboard\/([^/]+)/);
      if (sb && sb[1] !== pkg && !allowed.includes(sb[1])) problems.push(`${rel}: ${pkg} may not import @switchboard/${sb[1]}`);
      if (spec.startsWith('.')) {
        const target = resolve(join(f, '..'), spec);
        if (!target.startsWith(pkgDir + '/')) problems.push(`${rel}: relative import '${spec}' leaves the package`);
      }
      const bad = FORBIDDEN_EXTERNAL[pkg];
      if (bad && bad.test(spec)) problems.push(`${rel}: ${pkg} must stay free of '${spec}'`);
    }
  }
}

if (problems.length) {
  console.error(`Import rules broken (${problems.length}):\n  ` + problems.join('\n  '));
  process.exit(1);
}
console.log('import rules: ok');
