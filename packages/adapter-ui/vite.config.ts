import { defineConfig } from 'vite';
import preact from '@preact/preset-vite';

// `npx vite` proxies the API (and its event WebSocket) to a running server, so the
// dev page stays same-origin like the served build. SWITCHBOARD_API picks the server.
const api = process.env.SWITCHBOARD_API ?? 'http://127.0.0.1:8080';

export default defineConfig({
  plugins: [preact()],
  base: './',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    // The adapter, and the demo caller page (served at /demo-caller/ when the demo is on).
    rollupOptions: { input: { main: 'index.html', 'demo-caller': 'demo-caller/index.html' } },
  },
  // rewriteWsOrigin: the server refuses an event socket from an origin not its own or CRM_ORIGINS (dev page only).
  server: { proxy: { '/api': { target: api, ws: true, changeOrigin: true, rewriteWsOrigin: true } } },
});
