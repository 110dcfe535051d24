#!/usr/bin/env node
// Bundles the server and our workspace packages into one ESM file; third-party
// packages stay in node_modules (native ones like better-sqlite3 cannot be bundled).
import { build } from 'esbuild';

const root = new URL('..', import.meta.url).pathname;
await build({
  // The RTP I/O thread's script goes beside main.mjs, where the media engine looks for it.
  entryPoints: { main: root + 'packages/server/src/main.ts', 'media-io-worker': root + 'packages/media/src/io/media-io-worker.ts' },
  outdir: root + 'packages/server/dist',
  outExtension: { '.js': '.mjs' },
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  sourcemap: true,
  logLevel: 'warning',
  banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
  plugins: [
    {
      name: 'externals',
      setup(b) {
        b.onResolve({ filter: /^[^./]/ }, (args) => (args.path.startsWith('@switchboard/') ? undefined : { external: true }));
      },
    },
  ],
});
console.log('server bundled: packages/server/dist/main.mjs (+ media-io-worker.mjs)');
