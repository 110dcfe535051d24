/**
 * The server side of bench/agents-ws.ts, run as a child process (fork with
 * IPC): builds the app on the given data dir and workspace, listens on an
 * ephemeral port, reports it, and answers CPU-usage requests.
 * Env: BENCH_DATA_DIR, BENCH_WORKSPACE.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { buildApp } from '@switchboard/server';

const app = await buildApp({
  config: {
    dataDir: process.env.BENCH_DATA_DIR!,
    workspaceFile: process.env.BENCH_WORKSPACE!,
    adapterDir: '/nonexistent',
    // Every bench client logs in from 127.0.0.1; the per-address limit (on failures) is off here.
    throttle: { windowMs: 15 * 60_000, perUsernameAddress: 5, perUsername: 10, perAddress: 0, maxDelayMs: 15 * 60_000 },
    // ...and so do all their sockets: no per-address connection cap (MAX_CONNECTIONS_PER_ADDRESS=0).
    connectionsPerAddress: 0,
  },
});
// The server's default is SQLITE_SYNC=normal; SQLITE_SYNC=full measures an fsync per commit.
if (process.env.SQLITE_SYNC === 'full') {
  const { sql } = await import('kysely');
  await sql`pragma synchronous = FULL`.execute(app.switchboard.store.db);
}
await app.listen({ host: '127.0.0.1', port: 0 });
const addr = app.server.address();
process.send!({ type: 'listening', port: typeof addr === 'object' && addr ? addr.port : 0 });
const loop = monitorEventLoopDelay({ resolution: 1 });
loop.enable();
process.on('message', (m: { type: string }) => {
  if (m.type === 'cpu') {
    process.send!({ type: 'cpu', usage: process.cpuUsage(), rss: process.memoryUsage().rss, loopP99Ms: loop.percentile(99) / 1e6, loopMaxMs: loop.max / 1e6 });
    loop.reset();
  }
  if (m.type === 'stop') void app.close().then(() => process.exit(0));
});
