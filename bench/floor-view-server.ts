/**
 * The server side of bench/floor-view.ts, run as a child process (fork with IPC): the real app
 * with the telephony engine on (so the router holds queues; SIP on BENCH_SIP_PORT, no sandbox),
 * and a driver inside it that, on 'run', changes agents' states through the session hub (the
 * path an agent's command takes, audit included) and moves calls in and out of the router's
 * queues, logging each change with its wall-clock time for the parent to match to arrivals.
 * Env: BENCH_DATA_DIR, BENCH_WORKSPACE, BENCH_WORKSPACE_UI (the built workspace UI, served at /workspace/), BENCH_SIP_PORT, BENCH_RTP_MIN.
 */
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { buildApp, loadEngineConfig } from '@switchboard/server';

const wall = (): number => performance.timeOrigin + performance.now();
const sipPort = Number(process.env.BENCH_SIP_PORT);
const rtpMin = Number(process.env.BENCH_RTP_MIN);
const app = await buildApp({
  config: {
    dataDir: process.env.BENCH_DATA_DIR!,
    workspaceFile: process.env.BENCH_WORKSPACE!,
    adapterDir: '/nonexistent',
    workspaceUiDir: process.env.BENCH_WORKSPACE_UI ?? '/nonexistent',
    throttle: { windowMs: 15 * 60_000, perUsernameAddress: 5, perUsername: 10, perAddress: 0, maxDelayMs: 15 * 60_000 },
    connectionsPerAddress: 0,
    engine: {
      ...loadEngineConfig({}),
      enabled: true,
      sipPort,
      rtpPorts: { min: rtpMin, max: rtpMin + 19 },
      sandboxPort: 0,
      sandboxRtpPorts: { min: rtpMin + 20, max: rtpMin + 29 },
      recordingsDir: `${process.env.BENCH_DATA_DIR}/recordings`,
    },
  },
});
await app.listen({ host: '127.0.0.1', port: 0 });
const addr = app.server.address();
process.send!({ type: 'listening', port: typeof addr === 'object' && addr ? addr.port : 0 });
const loop = monitorEventLoopDelay({ resolution: 1 });

type Change = { agentId: string; presence: 'available' | 'paused'; at: number };

async function run(o: { agents: string[]; queues: string[]; calls: number; seconds: number; agentChangesPerSecond: number; callChangesPerSecond: number }) {
  const hub = app.switchboard.hub;
  const router = app.switchboard.telephony!.desk.router;
  // Everyone logged in (a session each, no phone), then 200 calls queued.
  for (const id of o.agents) {
    await hub.ensure(id, Date.now() + 3_600_000, true);
    await hub.command(id, undefined, { requestId: `skip-${id}`, command: { type: 'skip-voice' } });
  }
  let n = 0;
  const waiting: string[] = [];
  const enqueue = () => {
    const entryId = `bench-call-${++n}`;
    router.enqueue({ entryId, queueId: o.queues[n % o.queues.length]! });
    waiting.push(entryId);
  };
  for (let i = 0; i < o.calls; i++) enqueue();
  process.send!({ type: 'ready' });
  await new Promise<void>((r) => process.once('message', () => r()));

  loop.reset();
  loop.enable();
  const cpu0 = process.cpuUsage();
  const changes: Change[] = [];
  const presence = new Map<string, 'available' | 'paused'>(o.agents.map((a) => [a, 'paused']));
  let req = 0;
  let callChanges = 0;
  const end = wall() + o.seconds * 1000;
  const tickMs = 20;
  const agentsPerTick = (o.agentChangesPerSecond * tickMs) / 1000;
  const callsPerTick = (o.callChangesPerSecond * tickMs) / 1000;
  let agentDebt = 0;
  let callDebt = 0;
  const inFlight = new Set<Promise<unknown>>();
  while (wall() < end) {
    const tick = wall();
    agentDebt += agentsPerTick;
    callDebt += callsPerTick;
    for (; agentDebt >= 1; agentDebt--) {
      const agentId = o.agents[Math.floor(Math.random() * o.agents.length)]!;
      const to = presence.get(agentId) === 'paused' ? 'available' : 'paused';
      presence.set(agentId, to);
      changes.push({ agentId, presence: to, at: wall() });
      const p = hub.command(agentId, undefined, { requestId: `bench-${++req}`, command: to === 'paused' ? { type: 'pause', reasonId: 'break' } : { type: 'set-available' } });
      inFlight.add(p);
      void p.finally(() => inFlight.delete(p));
    }
    // A call leaves (answered elsewhere or abandoned) and another joins: 200 stay waiting.
    for (; callDebt >= 1; callDebt--) {
      const i = Math.floor(Math.random() * waiting.length);
      const [gone] = waiting.splice(i, 1);
      if (gone) router.remove(gone);
      enqueue();
      callChanges += 2;
    }
    await new Promise((r) => setTimeout(r, Math.max(0, tickMs - (wall() - tick))));
  }
  await Promise.allSettled([...inFlight]);
  const cpu = process.cpuUsage(cpu0);
  const floor = app.switchboard.floor!;
  process.send!({
    type: 'done',
    changes,
    callChanges,
    cpuMs: (cpu.user + cpu.system) / 1000,
    loopP99Ms: loop.percentile(99) / 1e6,
    loopMaxMs: loop.max / 1e6,
    delivered: floor.hub.delivered,
    rss: process.memoryUsage().rss,
  });
}

process.on('message', (m: { type: string } & Record<string, unknown>) => {
  if (m.type === 'run') void run(m as never).catch((err) => process.send!({ type: 'error', message: String(err?.stack ?? err) }));
  if (m.type === 'stop') void app.close().then(() => process.exit(0));
});
