/**
 * Benchmark: 1,000 agents logged in with 1,000 event WebSockets, each changing
 * state (pause / available, alternating) several times. Measures the time from
 * sending a command to receiving its event on the agent's socket, and the
 * server process's CPU over the run.
 *
 *   node --import tsx bench/agents-ws.ts
 *
 * Env: BENCH_AGENTS (1000), BENCH_ROUNDS (6 commands per agent),
 * BENCH_CONCURRENCY (commands in flight, 8), BENCH_LOGIN_CONCURRENCY (8),
 * BENCH_FAST_HASH=1 (a cheaper scrypt cost in the one shared hash; see cheapScrypt),
 * SQLITE_SYNC=full (SQLite fsync on every commit, instead of the default normal, to see what fsync costs),
 * BENCH_SERVER_PROF=<dir> (write a CPU profile of the server there).
 * The server runs in a child process on a temp SQLite dir with a generated
 * workspace; one password is hashed once and the hash reused for every agent.
 * The login throttle counts failures only, so successful bench logins are
 * never throttled; the child still turns the per-address limit off
 * (config throttle.perAddress = 0, env LOGIN_THROTTLE_PER_ADDRESS=0) as a
 * load test from one address should.
 */
import { fork } from 'node:child_process';
import { randomBytes, scryptSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import WebSocket from 'ws';
import { hashSecret } from '@switchboard/shared';
import { SwitchboardClient, type WebSocketCtor } from '@switchboard/sdk';

const AGENTS = Number(process.env.BENCH_AGENTS ?? 1000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 6);
// 8 commands in flight already drives 1,000-2,000 state changes a second, far past what
// 1,000 people clicking produce; at 32 this single-process generator saturates its own
// core and the figure measures its queue, not the server (BENCH_CONCURRENCY=32 to see it).
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 8);
const LOGIN_CONCURRENCY = Number(process.env.BENCH_LOGIN_CONCURRENCY ?? 8);
const PASSWORD = 'bench-password';

async function pool<T>(items: T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) await fn(items[next++]!);
    }),
  );
}

/**
 * BENCH_FAST_HASH=1: the same scrypt$N$r$p$salt$key format verifySecret reads,
 * with N=1024 instead of 16384, so 1,000 logins do not take minutes on a busy
 * machine. Login cost is not what this bench measures.
 */
function cheapScrypt(secret: string): string {
  const salt = randomBytes(16);
  const key = scryptSync(secret.normalize('NFKC'), salt, 32, { N: 1024, r: 8, p: 1 });
  return `scrypt$1024$8$1$${salt.toString('base64url')}$${key.toString('base64url')}`;
}

/** Cumulative bucket counts of the server's command-duration histogram, from /metrics. */
async function commandBuckets(base: string): Promise<Map<number, number>> {
  const text = await (await fetch(base + '/metrics')).text();
  const out = new Map<number, number>();
  const re = /^switchboard_http_request_duration_seconds_bucket\{le="([^"]+)",method="POST",route="\/api\/v1\/agent\/commands"\} (\d+)$/gm;
  for (const m of text.matchAll(re)) out.set(m[1] === '+Inf' ? Infinity : Number(m[1]), Number(m[2]));
  return out;
}

/** The smallest bucket bound holding the p-th percentile of (after - before). */
function bucketQuantile(before: Map<number, number>, after: Map<number, number>, p: number): string {
  const bounds = [...after.keys()].sort((a, b) => a - b);
  const total = (after.get(Infinity) ?? 0) - (before.get(Infinity) ?? 0);
  for (const b of bounds) if ((after.get(b) ?? 0) - (before.get(b) ?? 0) >= (p / 100) * total) return b === Infinity ? '> 5 s' : `≤ ${b * 1000} ms`;
  return '?';
}

const pct = (sorted: number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
const ms = (n: number): string => `${n.toFixed(2)} ms`;

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'sb-bench-'));
  const [passwordHash, pinHash] =
    process.env.BENCH_FAST_HASH === '1' ? [cheapScrypt(PASSWORD), cheapScrypt('1234')] : await Promise.all([hashSecret(PASSWORD), hashSecret('1234')]);
  const usernames = Array.from({ length: AGENTS }, (_, i) => `agent${String(i + 1).padStart(4, '0')}`);
  const workspace = {
    version: 1,
    name: 'Bench Contact Centre',
    region: 'AU',
    callInNumber: '+61290000000',
    teams: [{ id: 'floor', name: 'Floor' }],
    pauseReasons: [
      { id: 'break', name: 'Break' },
      { id: 'lunch', name: 'Lunch' },
    ],
    campaigns: [{ id: 'care', name: 'Care', direction: 'inbound' }],
    queues: [{ id: 'care-queue', name: 'Care queue', campaign: 'care' }],
    agents: usernames.map((u, i) => ({ username: u, displayName: `Agent ${i + 1}`, passwordHash, agentNumber: String(10000 + i), pinHash, team: 'floor', campaigns: ['care'] })),
    staff: [],
  };
  const wsFile = join(dir, 'workspace.yaml');
  writeFileSync(wsFile, JSON.stringify(workspace)); // JSON is YAML

  const child = fork(new URL('./agents-ws-server.ts', import.meta.url).pathname, {
    execArgv: ['--import', 'tsx', ...(process.env.BENCH_SERVER_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_SERVER_PROF}`] : [])],
    env: { ...process.env, BENCH_DATA_DIR: join(dir, 'data'), BENCH_WORKSPACE: wsFile },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  // Never leave the server behind, whatever happens here.
  process.once('exit', () => child.kill());
  const fromChild = <T>(type: string): Promise<T> =>
    new Promise((resolve, reject) => {
      const onMsg = (m: { type: string }) => {
        if (m.type === type) {
          child.off('message', onMsg);
          resolve(m as T);
        }
      };
      child.on('message', onMsg);
      child.once('exit', (code) => reject(new Error(`server exited (${code})`)));
    });
  const cpu = async () => await (child.send({ type: 'cpu' }), fromChild<{ usage: NodeJS.CpuUsage; rss: number; loopP99Ms: number; loopMaxMs: number }>('cpu'));
  const t0 = performance.now();
  const { port } = await fromChild<{ port: number }>('listening');
  const base = `http://127.0.0.1:${port}`;
  console.log(`server up in ${((performance.now() - t0) / 1000).toFixed(1)} s (pid ${child.pid}, ${AGENTS} agents loaded)`);

  // Log in.
  const clients = usernames.map((u, i) => new SwitchboardClient({ baseUrl: base, WebSocket: WebSocket as unknown as WebSocketCtor, clientId: `bench-tab-${i}` }));
  const tLogin = performance.now();
  await pool(
    usernames.map((u, i) => [u, clients[i]!] as const),
    LOGIN_CONCURRENCY,
    async ([u, c]) => {
      await c.login(u, PASSWORD);
    },
  );
  const loginSecs = (performance.now() - tLogin) / 1000;
  console.log(`logged in ${AGENTS} agents in ${loginSecs.toFixed(1)} s (${(AGENTS / loginSecs).toFixed(0)}/s; scrypt-bound)`);

  // Open the sockets and record when each event arrives, by agent and seq.
  const arrivals = clients.map(() => new Map<number, number>());
  const waiters = clients.map(() => new Map<number, () => void>());
  clients.forEach((c, i) =>
    c.onEvent((e) => {
      arrivals[i]!.set(e.seq, performance.now());
      waiters[i]!.get(e.seq)?.();
    }),
  );
  const tWs = performance.now();
  let reconnects = 0;
  clients.forEach((c) => c.onConnection((s) => s === 'reconnecting' && reconnects++));
  await pool(clients, 100, async (c) => {
    c.connect();
    while (c.connectionStatus !== 'open') await new Promise((r) => setTimeout(r, 5));
  });
  console.log(`opened ${AGENTS} WebSockets in ${((performance.now() - tWs) / 1000).toFixed(1)} s`);
  await pool(clients, 16, async (c) => {
    await c.command({ type: 'skip-voice' });
  });

  // The run: ROUNDS commands per agent, alternating pause / available, CONCURRENCY in flight.
  const jobs: Array<{ i: number; round: number }> = [];
  for (let round = 0; round < ROUNDS; round++) for (let i = 0; i < AGENTS; i++) jobs.push({ i, round });
  const latencies: number[] = [];
  let lost = 0;
  const bucketsBefore = await commandBuckets(base);
  const cpuBefore = await cpu();
  const selfBefore = process.cpuUsage();
  const tRun = performance.now();
  const previous = clients.map(() => Promise.resolve());
  await pool(jobs, CONCURRENCY, async ({ i, round }) => {
    const c = clients[i]!;
    // An agent's commands go one after another (pause, then available, ...).
    let release!: () => void;
    const mine = new Promise<void>((r) => (release = r));
    const before = previous[i]!;
    previous[i] = mine;
    await before;
    const sent = performance.now();
    const res = await c.command(round % 2 === 0 ? { type: 'pause', reasonId: round % 4 === 0 ? 'break' : 'lunch' } : { type: 'set-available' });
    let at = arrivals[i]!.get(res.seq);
    if (at === undefined) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          lost++;
          resolve();
        }, 5000);
        waiters[i]!.set(res.seq, () => {
          clearTimeout(timer);
          resolve();
        });
      });
      waiters[i]!.delete(res.seq);
      at = arrivals[i]!.get(res.seq);
    }
    if (at !== undefined) latencies.push(at - sent);
    release();
  });
  const runSecs = (performance.now() - tRun) / 1000;
  const cpuAfter = await cpu();
  const self = process.cpuUsage(selfBefore);
  const bucketsAfter = await commandBuckets(base);

  const cpuSecs = (cpuAfter.usage.user - cpuBefore.usage.user + cpuAfter.usage.system - cpuBefore.usage.system) / 1e6;
  latencies.sort((a, b) => a - b);
  console.log(`\ncommands: ${jobs.length} (${AGENTS} agents x ${ROUNDS}), ${CONCURRENCY} in flight, ${runSecs.toFixed(2)} s → ${(jobs.length / runSecs).toFixed(0)} commands/s`);
  console.log(`command sent → event received: p50 ${ms(pct(latencies, 50))}, p95 ${ms(pct(latencies, 95))}, p99 ${ms(pct(latencies, 99))}, max ${ms(latencies.at(-1)!)}`);
  console.log(
    `server-side command handling (request in → response out, from /metrics): p50 ${bucketQuantile(bucketsBefore, bucketsAfter, 50)}, p99 ${bucketQuantile(bucketsBefore, bucketsAfter, 99)}`,
  );
  console.log(`events lost (no event within 5 s): ${lost}; socket reconnects: ${reconnects}`);
  console.log(
    `server CPU during the run: ${cpuSecs.toFixed(2)} s over ${runSecs.toFixed(2)} s wall = ${((cpuSecs / runSecs) * 100).toFixed(0)}% of one core; RSS ${(cpuAfter.rss / 1048576).toFixed(0)} MiB`,
  );
  console.log(`server event-loop delay during the run: p99 ${ms(cpuAfter.loopP99Ms)}, max ${ms(cpuAfter.loopMaxMs)}`);
  console.log(
    `load generator (this process) CPU: ${((self.user + self.system) / 1e6).toFixed(2)} s = ${(((self.user + self.system) / 1e6 / runSecs) * 100).toFixed(0)}% of one core; machine load average ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')} on ${cpus().length} CPUs`,
  );
  console.log(`goal p99 < 25 ms: ${pct(latencies, 99) < 25 ? 'met' : 'NOT met'}`);

  for (const c of clients) c.disconnect();
  child.send({ type: 'stop' });
  await new Promise((r) => child.once('exit', r));
  rmSync(dir, { recursive: true, force: true });
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
