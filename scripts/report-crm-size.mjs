#!/usr/bin/env node
// The size of each CRM bridge in the adapter's Vite build (packages/adapter-ui/dist), gzipped:
// what a panel inside that CRM downloads on top of the adapter itself (the bridge's lazy chunk
// and the shared chunks it imports that the adapter's entry does not). Prints a Markdown table;
// --readme rewrites the table between the bridge-sizes markers in packages/crm/README.md.
// Build first: npm run build -w @switchboard/adapter-ui.
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

const root = new URL('../', import.meta.url).pathname;
const assets = join(root, 'packages/adapter-ui/dist/assets');
if (!existsSync(assets)) {
  console.error(`${assets} is missing: run npm run build -w @switchboard/adapter-ui first`);
  process.exit(1);
}
const files = readdirSync(assets);
const gz = (name) => gzipSync(readFileSync(join(assets, name)), { level: 9 }).length;
/** The chunks a chunk imports statically (Vite's `from"./x.js"` / `import"./x.js"`), not the dynamic `import("./x.js")`. */
const staticImports = (name) => [...readFileSync(join(assets, name), 'utf8').matchAll(/(?:from|import)\s*"\.\/([^"]+\.js)"/g)].map((m) => m[1]);
const closure = (name, seen = new Set()) => {
  if (seen.has(name)) return seen;
  seen.add(name);
  for (const i of staticImports(name)) closure(i, seen);
  return seen;
};
const find = (re) => {
  const f = files.find((n) => re.test(n));
  if (!f) throw new Error(`no chunk matching ${re} in ${assets}`);
  return f;
};

const main = find(/^main-.*\.js$/);
const base = closure(main);
const css = files.filter((n) => /^main-.*\.css$/.test(n));
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
const adapterGz = [...base].reduce((s, n) => s + gz(n), 0) + css.reduce((s, n) => s + gz(n), 0);

const bridges = [
  ['Salesforce Open CTI', 'salesforce'],
  ['Dynamics 365 CIF', 'dynamics'],
  ['ServiceNow OpenFrame', 'servicenow'],
  ['Zendesk ZAF', 'zendesk'],
];
const rows = bridges.map(([label, key]) => {
  const chunk = find(new RegExp(`^${key}-host-.*\\.js$`));
  const extra = [...closure(chunk)].filter((n) => !base.has(n));
  const own = gz(chunk);
  const total = extra.reduce((s, n) => s + gz(n), 0);
  return { label, key, own, total, withAdapter: adapterGz + total, shared: extra.filter((n) => n !== chunk) };
});

const lines = [
  '| bridge (`?crm=`) | its chunk, gzipped | downloaded on demand (with shared helpers), gzipped | adapter + bridge, gzipped |',
  '|---|---|---|---|',
  `| none (standalone) | - | - | ${kb(adapterGz)} |`,
  ...rows.map((r) => `| ${r.label} (\`${r.key}\`) | ${kb(r.own)} | ${kb(r.total)} | ${kb(r.withAdapter)} |`),
];
const table = lines.join('\n');
console.log(table);
console.log(`\nadapter entry ${main} with its static imports and CSS: ${kb(adapterGz)} gzipped (goal < 50 KB with any one bridge)`);
for (const r of rows) if (r.shared.length) console.log(`${r.key}: shared chunks loaded with it: ${r.shared.join(', ')}`);
const over = rows.filter((r) => r.withAdapter >= 50 * 1024);
if (over.length) {
  console.error(`over 50 KB gzipped with: ${over.map((r) => r.key).join(', ')}`);
  process.exitCode = 1;
}

if (process.argv.includes('--readme')) {
  const readme = join(root, 'packages/crm/README.md');
  const text = readFileSync(readme, 'utf8');
  const start = '<!-- bridge-sizes -->';
  const end = '<!-- /bridge-sizes -->';
  if (!text.includes(start) || !text.includes(end)) throw new Error(`${readme} lacks the ${start} … ${end} markers`);
  const next = text.replace(new RegExp(`${start}[\\s\\S]*?${end}`), `${start}\n${table}\n${end}`);
  writeFileSync(readme, next);
  console.log(`\nwritten into ${readme}`);
}
