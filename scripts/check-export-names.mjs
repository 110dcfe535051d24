#!/usr/bin/env node
// No two packages export a type of the same name that means different things: a reader (or an
// import completion) must never have to ask which `Leg` this is. Every type-like name each
// package's public entry exports (interfaces, type aliases, classes, enums) is resolved to its
// declaration with the TypeScript checker; a name exported by two packages is fine only when
// both resolve to the same declaration (a true re-export) or the pair is allow-listed below
// with the reason the two are the same thing.
import { readdirSync, existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';

const root = new URL('..', import.meta.url).pathname;

/**
 * Names two packages may both export although the declarations differ, with why they mean
 * the same thing. Keep it short: renaming one side is almost always better.
 * Form: 'Name': ['pkg-a', 'pkg-b', 'why'].
 */
const ALLOWED = {};

// protocol's second entry (src/wire.ts) is re-exported by its index, so the indexes cover it.
const entries = readdirSync(join(root, 'packages'))
  .sort()
  .map((pkg) => ({ pkg, file: join(root, 'packages', pkg, 'src', 'index.ts') }))
  .filter((e) => existsSync(e.file));

const config = ts.getParsedCommandLineOfConfigFile(join(root, 'tsconfig.json'), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} });
const program = ts.createProgram({ rootNames: entries.map((e) => e.file), options: { ...config.options, noEmit: true } });
const checker = program.getTypeChecker();
const TYPE_FLAGS = ts.SymbolFlags.Interface | ts.SymbolFlags.TypeAlias | ts.SymbolFlags.Class | ts.SymbolFlags.Enum;

/** name -> [{ pkg, decl }] */
const byName = new Map();
for (const { pkg, file } of entries) {
  const sf = program.getSourceFile(file);
  const mod = sf && checker.getSymbolAtLocation(sf);
  if (!mod) continue;
  for (const exp of checker.getExportsOfModule(mod)) {
    const target = exp.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exp) : exp;
    if (!(target.flags & TYPE_FLAGS)) continue;
    const d = target.declarations?.[0];
    const decl = d ? `${relative(root, d.getSourceFile().fileName)}:${d.getSourceFile().getLineAndCharacterOfPosition(d.getStart()).line + 1}` : '?';
    const list = byName.get(exp.name) ?? [];
    if (!list.some((x) => x.pkg === pkg)) list.push({ pkg, decl });
    byName.set(exp.name, list);
  }
}

const problems = [];
for (const [name, list] of [...byName].sort(([a], [b]) => a.localeCompare(b))) {
  if (list.length < 2) continue;
  const decls = new Set(list.map((x) => x.decl));
  if (decls.size === 1) continue; // one declaration, re-exported: the same thing
  const allow = ALLOWED[name];
  if (allow && list.every((x) => allow.includes(x.pkg))) continue;
  problems.push(`  ${name}: ${list.map((x) => `${x.pkg} (${x.decl})`).join(', ')}`);
}

if (problems.length) {
  console.error(`Exported type names declared differently in more than one package (rename one, or re-export the one declaration):\n${problems.join('\n')}`);
  process.exit(1);
}
console.log(`exported type names: ${byName.size} across ${entries.length} package entries, none declared twice`);
