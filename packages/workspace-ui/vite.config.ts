import { defineConfig } from 'vite';
import preact from '@preact/preset-vite';

// `npx vite` proxies the API to a running server, so the dev page stays same-origin
// like the served build (/workspace/). SWITCHBOARD_API picks the server.
const api = process.env.SWITCHBOARD_API ?? 'http://127.0.0.1:8080';

export default defineConfig({
  plugins: [preact()],
  // Relative asset URLs: the server serves this bundle under /workspace/.
  base: './',
  build: { outDir: 'dist', emptyOutDir: true, target: 'es2022', sourcemap: false },
  server: { proxy: { '/api': { target: api, changeOrigin: true } } },
});
