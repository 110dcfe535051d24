/**
 * The server side of bench/calls-e2e.ts, run as a child process (fork with
 * IPC) so its CPU is its own: the real app with the telephony engine on the
 * given ports, a temp SQLite dir and the bench's workspace. It reports its
 * HTTP port, answers CPU / event-loop / call-record requests, and stops on
 * request (or when the parent goes away).
 * Env: BENCH_DATA_DIR, BENCH_WORKSPACE, BENCH_SIP_PORT, BENCH_RTP_PORTS and BENCH_SANDBOX_RTP_PORTS (min-max),
 * BENCH_LOG (warnings go there).
 */
import { createWriteStream } from 'node:fs';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import pino from 'pino';
import { buildApp } from '@switchboard/server';
import { loadEngineConfig } from '@switchboard/server';

const env = process.env;
const [rtpMin, rtpMax] = (env.BENCH_RTP_PORTS ?? '47100-48999').split('-').map(Number) as [number, number];
const [sbMin, sbMax] = (env.BENCH_SANDBOX_RTP_PORTS ?? '49500-49999').split('-').map(Number) as [number, number];
const logger = pino({ level: 'warn', base: null }, createWriteStream(env.BENCH_LOG ?? '/dev/null'));
const app = await buildApp({
  logger,
  config: {
    dataDir: env.BENCH_DATA_DIR!,
    workspaceFile: env.BENCH_WORKSPACE!,
    adapterDir: '/nonexistent',
    // Every bench client logs in from 127.0.0.1; the per-address limit (on failures) is off here.
    throttle: { windowMs: 15 * 60_000, perUsernameAddress: 5, perUsername: 10, perAddress: 0, maxDelayMs: 15 * 60_000 },
    // ...and so do all their sockets: no per-address connection cap (MAX_CONNECTIONS_PER_ADDRESS=0).
    connectionsPerAddress: 0,
    engine: {
      ...loadEngineConfig({}),
      enabled: true,
      sipPort: Number(env.BENCH_SIP_PORT ?? 47000),
      rtpPorts: { min: rtpMin, max: rtpMax },
      // The sandbox carrier is the demo trunk: INVITEs from its host (127.0.0.1) are trusted
      // as the carrier's, which is how customers' calls arrive (others must authenticate as a phone).
      sandboxPort: Number(env.BENCH_SIP_PORT ?? 47000) + 10,
      sandboxRtpPorts: { min: sbMin, max: sbMax },
      recordingsDir: join(env.BENCH_DATA_DIR!, 'recordings'),
      // Agents' phones are sipp, reached as sip:agentN@127.0.0.1:port (CALL_ME_SIP_URIS=on).
      sipUriNumbers: true,
    },
  },
});
await app.listen({ host: '127.0.0.1', port: 0 });
const addr = app.server.address();
process.send!({ type: 'listening', port: typeof addr === 'object' && addr ? addr.port : 0 });

const loop = monitorEventLoopDelay({ resolution: 1 });
loop.enable();
const stop = (): void =>
  void app.close().then(
    () => process.exit(0),
    () => process.exit(1),
  );
process.on('disconnect', stop);
process.on('message', (m: { type: string; since?: number }) => {
  if (m.type === 'cpu') {
    process.send!({ type: 'cpu', usage: process.cpuUsage(), rss: process.memoryUsage().rss, loopP99Ms: loop.percentile(99) / 1e6, loopMaxMs: loop.max / 1e6 });
    loop.reset();
  }
  if (m.type === 'records') {
    void app.switchboard.store.calls.listRecent(10_000).then((rows) => {
      const since = m.since ?? 0;
      process.send!({
        type: 'records',
        rows: rows
          .filter((r) => r.createdAt >= since)
          .map((r) => ({
            id: r.interactionId,
            createdAt: r.createdAt,
            answeredAt: r.answeredAt,
            timeInQueueMs: r.timeInQueueMs,
            state: r.state,
            endCause: r.endCause,
            agentId: r.agentId,
            ivr: r.ivrData.map((e) => e.value).join(','),
          })),
      });
    });
  }
  if (m.type === 'stop') stop();
});
