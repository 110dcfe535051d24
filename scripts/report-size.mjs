#!/usr/bin/env node
// Prints the adapter's built JS and CSS sizes, raw and gzipped (goal: < 50 KB gzipped in all).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

const dir = process.argv[2] ?? 'dist';
let js = 0,
  css = 0,
  raw = 0;
function walk(d) {
  for (const n of readdirSync(d)) {
    const p = join(d, n);
    if (statSync(p).isDirectory()) walk(p);
    else if (/\.(js|css)$/.test(n)) {
      const buf = readFileSync(p);
      const gz = gzipSync(buf, { level: 9 }).length;
      raw += buf.length;
      if (n.endsWith('.js')) js += gz;
      else css += gz;
    }
  }
}
walk(dir);
const label = process.argv[3] ?? 'adapter';
const kb = (n) => (n / 1024).toFixed(1) + ' KB';
// The 50 KB goal is the adapter's (a CRM side panel); the supervisors' workspace loads its pages on demand.
const goal = label === 'adapter' ? '; goal < 50 KB' : '';
console.log(`${label} size: js ${kb(js)} gzipped, css ${kb(css)} gzipped, total ${kb(js + css)} gzipped (${kb(raw)} raw)${goal}`);
