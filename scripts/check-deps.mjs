#!/usr/bin/env node
// Every package's package.json declares exactly what the package imports: each module its
// code (src, and config files beside it) imports is in `dependencies`; each one only its tests
// import is in `dependencies` or `devDependencies`; nothing declared goes unused. Our own
// packages count like any other (`"@switchboard/shared": "0.1.0"`). Which of our packages may
// import which is checked separately by dependency-cruiser (.dependency-cruiser.cjs).
import { readdirSync, readFileSync, statSync, existsSync, writeFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join, relative } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
// `@types/x` serves x's types; tools run from the command line or a config are named here.
const USED_WITHOUT_IMPORT = { 'adapter-ui': ['vite'], 'workspace-ui': ['vite'] };
const builtins = new Set(builtinModules);
const importRe = /(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|^\s*import\s+['"]([^'"]+)['"]/gm;

function files(dir, out = []) {
  if (!existsSync(dir)) return out;
  for (const n of readdirSync(dir)) {
    if (n === 'node_modules' || n === 'dist') continue;
    const p = join(dir, n);
    if (statSync(p).isDirectory()) files(p, out);
    else if (/\.(ts|tsx|mts|mjs|js)$/.test(n)) out.push(p);
  }
  return out;
}

function packageOf(spec) {
  if (spec.startsWith('.') || spec.startsWith('/') || spec.startsWith('node:')) return null;
  const name = spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0];
  return builtins.has(name) ? null : name;
}

const fix = process.argv.includes('--fix');
const problems = [];
const fixes = new Map(); // package.json path -> { add: Map<name, 'dependencies'|'devDependencies'>, remove: Set<name> }
// A version range for a module some manifest already declares (ours are 0.1.0).
const knownRanges = new Map();
for (const m of [join(root, 'package.json'), ...readdirSync(join(root, 'packages')).map((p) => join(root, 'packages', p, 'package.json'))]) {
  if (!existsSync(m)) continue;
  const j = JSON.parse(readFileSync(m, 'utf8'));
  if (j.name?.startsWith('@switchboard/')) knownRanges.set(j.name, j.version);
  for (const [n, v] of Object.entries({ ...j.dependencies, ...j.devDependencies })) if (!knownRanges.has(n)) knownRanges.set(n, v);
}
for (const pkg of readdirSync(join(root, 'packages'))) {
  const dir = join(root, 'packages', pkg);
  const manifestPath = join(dir, 'package.json');
  if (!existsSync(manifestPath)) continue;
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
  const deps = new Set(Object.keys(manifest.dependencies ?? {}));
  const devDeps = new Set(Object.keys(manifest.devDependencies ?? {}));
  const used = new Set(USED_WITHOUT_IMPORT[pkg] ?? []);
  const todo = { add: new Map(), remove: new Set() };
  fixes.set(manifestPath, todo);
  for (const f of files(dir)) {
    // Tests and config files beside src (vite.config.ts) may use devDependencies.
    const isTest = !relative(dir, f).startsWith('src/');
    for (const m of readFileSync(f, 'utf8').matchAll(importRe)) {
      const name = packageOf(m[1] ?? m[2] ?? m[3]);
      if (!name || name === manifest.name) continue;
      used.add(name);
      const rel = relative(root, f);
      if (!isTest && !deps.has(name)) todo.add.set(name, 'dependencies');
      else if (isTest && !deps.has(name) && !devDeps.has(name) && !todo.add.has(name)) todo.add.set(name, 'devDependencies');
      if (!isTest && !deps.has(name)) problems.push(`packages/${pkg}/package.json: '${name}' is imported (first by ${rel}) but not in dependencies`);
      if (isTest && !deps.has(name) && !devDeps.has(name))
        problems.push(`packages/${pkg}/package.json: '${name}' is imported by tests (first by ${rel}) but not in devDependencies`);
    }
  }
  for (const name of [...deps, ...devDeps]) {
    const typesOf = name.startsWith('@types/') ? name.slice(7).replace(/^(.+)__(.+)$/, '@$1/$2') : null;
    if (used.has(name) || (typesOf && used.has(typesOf))) continue;
    todo.remove.add(name);
    problems.push(`packages/${pkg}/package.json: declares '${name}', which nothing in the package imports`);
  }
}

// One line per package and module: the first file that imports it is named.
const seen = new Set();
const unique = problems.filter((p) => {
  const key = p.replace(/ \(first by [^)]*\)/, '');
  if (seen.has(key)) return false;
  seen.add(key);
  return true;
});
if (unique.length && fix) {
  for (const [path, todo] of fixes) {
    if (!todo.add.size && !todo.remove.size) continue;
    const j = JSON.parse(readFileSync(path, 'utf8'));
    for (const name of todo.remove) {
      delete j.dependencies?.[name];
      delete j.devDependencies?.[name];
    }
    for (const [name, field] of todo.add) {
      const range = knownRanges.get(name);
      if (!range) {
        console.error(`${relative(root, path)}: no known version for '${name}'; add it by hand`);
        continue;
      }
      if (field === 'dependencies') delete j.devDependencies?.[name];
      j[field] = Object.fromEntries(Object.entries({ ...j[field], [name]: range }).sort(([a], [b]) => a.localeCompare(b)));
    }
    for (const f of ['dependencies', 'devDependencies']) if (j[f] && !Object.keys(j[f]).length) delete j[f];
    writeFileSync(path, `${JSON.stringify(j, null, 2)}\n`);
    console.log(`fixed ${relative(root, path)}`);
  }
  console.log('run npm install to update the lock file');
  process.exit(0);
}
if (unique.length) {
  console.error(`Package dependencies do not match imports (${unique.length}; \`node scripts/check-deps.mjs --fix\` mends them):\n  ${unique.join('\n  ')}`);
  process.exit(1);
}
console.log('package dependencies: every import declared, nothing unused');
