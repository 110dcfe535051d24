/**
 * Benchmark: inbound calls end to end through the real server and its
 * telephony engine: sipp callers dial the demo care line, the IVR answers
 * and collects an account number (RFC 4733 digits), the call joins the queue,
 * the Router offers it to the longest-idle Available agent, the engine
 * bridges it onto the agent's open call-me line (a sipp phone), the caller
 * hangs up after a hold time, the campaign's auto-wrap closes the wrap and
 * the agent is Available again. The rate ramps up step by step.
 *
 *   node --import tsx bench/calls-e2e.ts [--agents=20] [--rates=2,5,10] [--step-seconds=20] [--hold=3] [--wrap=1]
 *
 * Options: --agents N agents logged in over HTTP + WebSocket (SDK), each
 * connected by "Call me" with the line kept open to one sipp UAS (one call
 * per agent, RTP all the time); --rates calls/s per step; --step-seconds how
 * long callers are started at each rate; --hold seconds a caller stays
 * bridged; --wrap the campaign's autoWrapSeconds; --prompt-ms how long a
 * caller waits after the answer before keying (the placeholder prompts are
 * two 300 ms tones); --stop-on-fail=P stop the ramp after a step with more
 * than P % of calls not reaching an agent (10).
 * Ports (all in 47000-49999): engine SIP 47000, its RTP 47100-48999, the
 * sandbox carrier (the demo trunk: callers come from its host) 47010 and 49500-49999, the
 * agents' sipp 49000 (RTP from 49010), the callers' sipp 49100 (49110).
 * The server runs in its own process (bench/support/calls-server.ts) so its
 * CPU is its own; sipp and this process are the load generators.
 * Per step it prints: calls offered, answered by an agent, failed; caller's
 * INVITE → 200 (IVR answer); INVITE → agent answer and IVR done → agent
 * answer (server's call records); agent answer → the agent's WebSocket
 * showing it; the routing decision p99 (the server's /metrics histogram
 * switchboard_routing_decision_seconds); server CPU and event-loop delay.
 * Capacity: N agents take at most N / (hold + wrap + ~0.3 s) calls/s; above
 * that calls wait in the queue (not a failure, but answer times grow).
 */
import { fork } from 'node:child_process';
import { mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { SwitchboardClient, type WebSocketCtor } from '@switchboard/sdk';
import { BENCH_PASSWORD, writeCallsWorkspace } from './support/calls-workspace';
import { serverChild } from './support/server-child';
import { killAllSipp, pcapDir, readSippStats, requireSipp, startSipp } from './support/sipp';
import { bucketQuantile, fmtMs, histogramBuckets, pct } from './support/figures';

const arg = (name: string, dflt: string): string => process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? dflt;
const AGENTS = Number(arg('agents', '20'));
const RATES = arg('rates', '2,5,10').split(',').map(Number);
const STEP_SECONDS = Number(arg('step-seconds', '20'));
const HOLD_SECONDS = Number(arg('hold', '3'));
const WRAP_SECONDS = Number(arg('wrap', '1'));
const PROMPT_MS = Number(arg('prompt-ms', '1200'));
const STOP_ON_FAIL = Number(arg('stop-on-fail', '10'));
const SIP_PORT = 47000;
const RTP_PORTS = '47100-48999';
const AGENT_SIPP_PORT = 49000;
const CALLER_SIPP_PORT = 49100;
const DNIS = '+61290000001';
// BENCH_SIPP_TRACE=1: sipp's message and error logs in the kept folder (with BENCH_KEEP=1).
const TRACE = process.env.BENCH_SIPP_TRACE ? ['-trace_msg', '-trace_err'] : [];
const SIPP_DIR = new URL('./sipp/', import.meta.url).pathname;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function pool<T>(items: T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) await fn(items[next++]!);
    }),
  );
}

async function until(what: string, cond: () => boolean, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out: ${what}`);
    await sleep(50);
  }
}

interface Row {
  id: string;
  createdAt: number;
  answeredAt: number | null;
  timeInQueueMs: number | null;
  state: string;
  endCause: string | null;
  agentId: string | null;
  ivr: string;
}

async function main(): Promise<void> {
  requireSipp();
  const pcaps = pcapDir();
  const dir = mkdtempSync(join(tmpdir(), 'sb-bench-calls-'));
  // sipp's working folder: the agent phone's silence (1 s of u-law 0xFF), the caller's pcaps, its stats files.
  writeFileSync(join(dir, 'silence.ulaw'), Buffer.alloc(8000, 0xff));
  symlinkSync(pcaps, join(dir, 'pcap'));
  writeFileSync(join(dir, 'caller.xml'), readFileSync(join(SIPP_DIR, 'caller.xml'), 'utf8').replaceAll('{{PROMPT_MS}}', String(PROMPT_MS)));
  const { file: wsFile, usernames } = writeCallsWorkspace(dir, AGENTS, WRAP_SECONDS);

  const child = fork(new URL('./support/calls-server.ts', import.meta.url).pathname, {
    execArgv: ['--import', 'tsx'],
    env: {
      ...process.env,
      BENCH_DATA_DIR: join(dir, 'data'),
      BENCH_WORKSPACE: wsFile,
      BENCH_SIP_PORT: String(SIP_PORT),
      BENCH_RTP_PORTS: RTP_PORTS,
      BENCH_LOG: join(dir, 'server-warnings.log'),
    },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const { cleanup, cleanedUp, fromChild, cpu } = serverChild(child, dir, { beforeKill: killAllSipp });
  const records = async (since: number): Promise<Row[]> => (child.send({ type: 'records', since }), (await fromChild<{ rows: Row[] }>('records')).rows);
  const { port } = await fromChild<{ port: number }>('listening');
  const base = `http://127.0.0.1:${port}`;
  console.log(`server up (pid ${child.pid}): HTTP ${port}, SIP ${SIP_PORT}, ${AGENTS} agents; hold ${HOLD_SECONDS} s, auto-wrap ${WRAP_SECONDS} s, keys after ${PROMPT_MS} ms`);

  // The agents' phones: one sipp UAS answering every call-me INVITE and keeping it up.
  const phones = startSipp(
    ['-sf', join(SIPP_DIR, 'agent-phone.xml'), '-i', '127.0.0.1', '-p', String(AGENT_SIPP_PORT), '-mi', '127.0.0.1', '-mp', String(AGENT_SIPP_PORT + 10), ...TRACE],
    dir,
  );
  void phones.done.then((code) => !cleanedUp() && console.error(`agents' sipp exited (${code}): ${phones.stderr()}`));
  await sleep(500);

  // Agents: log in, open the event socket, "Call me" with the line kept open, Available.
  const clients = usernames.map((u, i) => new SwitchboardClient({ baseUrl: base, WebSocket: WebSocket as unknown as WebSocketCtor, clientId: `bench-calls-${i}` }));
  const seenConnected = new Map<string, number>(); // interaction id → when an agent's socket showed it connected
  clients.forEach((c) =>
    c.onState((s) => {
      const i = s?.interaction;
      if (i && i.state === 'connected' && !seenConnected.has(i.id)) seenConnected.set(i.id, Date.now());
    }),
  );
  const tAgents = Date.now();
  await pool(
    clients.map((c, i) => [c, usernames[i]!] as const),
    8,
    async ([c, u]) => {
      await c.login(u, BENCH_PASSWORD);
      c.connect();
      await until(`${u}'s socket`, () => c.connectionStatus === 'open', 20_000);
      await c.command({ type: 'connect-voice', method: 'call-me', number: `sip:${u}@127.0.0.1:${AGENT_SIPP_PORT}`, persistent: true, saveAsDefault: false });
      await until(`${u}'s call-me line`, () => c.state?.voice.status === 'connected', 20_000);
      await c.command({ type: 'set-available' });
    },
  );
  const available = () => clients.filter((c) => c.state?.presence.kind === 'available' && c.state.activity === 'idle').length;
  console.log(`${AGENTS} agents logged in, lines open, Available in ${((Date.now() - tAgents) / 1000).toFixed(1)} s`);
  console.log(
    `capacity ≈ ${(AGENTS / (HOLD_SECONDS + WRAP_SECONDS + 0.3)).toFixed(1)} calls/s (agents / (hold + wrap)); machine: ${cpus().length} CPUs, load ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}\n`,
  );

  const header = [
    'calls/s',
    'offered',
    'agent',
    'failed',
    'INVITE→200 p50/p99',
    'INVITE→agent p50/p99',
    'IVR→agent p50/p99',
    'agent screen p99',
    'routing p99',
    'server CPU',
    'loop p99',
  ];
  console.log(header.join(' | '));
  let sustained = 0;
  for (const rate of RATES) {
    const calls = Math.max(1, Math.round(rate * STEP_SECONDS));
    const since = Date.now();
    const routingBefore = histogramBuckets(await (await fetch(base + '/metrics')).text(), 'switchboard_routing_decision_seconds');
    const cpuBefore = await cpu();
    const t0 = Date.now();
    const callers = startSipp(
      [
        `127.0.0.1:${SIP_PORT}`,
        '-sf',
        join(dir, 'caller.xml'),
        '-s',
        DNIS,
        '-i',
        '127.0.0.1',
        '-p',
        String(CALLER_SIPP_PORT),
        '-mi',
        '127.0.0.1',
        '-mp',
        String(CALLER_SIPP_PORT + 10),
        '-r',
        String(rate),
        '-m',
        String(calls),
        '-d',
        String(HOLD_SECONDS * 1000),
        '-recv_timeout',
        '30000',
        '-trace_stat',
        '-fd',
        '1',
        '-trace_rtt',
        '-rtt_freq',
        '1',
        ...TRACE,
      ],
      dir,
    );
    const code = await callers.done;
    if (code > 1) console.error(`callers' sipp exited ${code}: ${callers.stderr()}`);
    // Let the last calls wrap and their records close.
    await until('agents Available again', () => available() === AGENTS, (WRAP_SECONDS + 10) * 1000).catch(() => undefined);
    const wall = (Date.now() - t0) / 1000;
    const cpuAfter = await cpu();
    const routingAfter = histogramBuckets(await (await fetch(base + '/metrics')).text(), 'switchboard_routing_decision_seconds');
    const rows = (await records(since)).filter((r) => r.createdAt >= since);
    const sipp = readSippStats(dir, callers.proc.pid!);

    const answered = rows.filter((r) => r.answeredAt !== null);
    const failed = sipp.failed + (sipp.created - answered.length - sipp.failed > 0 ? sipp.created - answered.length - sipp.failed : 0);
    const toAgent = answered.map((r) => r.answeredAt! - r.createdAt).sort((a, b) => a - b);
    const queue = answered.map((r) => r.timeInQueueMs ?? 0).sort((a, b) => a - b);
    const rtt = sipp.rttMs.sort((a, b) => a - b);
    const screen = answered.flatMap((r) => (seenConnected.has(r.id) ? [seenConnected.get(r.id)! - r.answeredAt!] : [])).sort((a, b) => a - b);
    const cpuSecs = (cpuAfter.usage.user - cpuBefore.usage.user + cpuAfter.usage.system - cpuBefore.usage.system) / 1e6;
    const cols = [
      String(rate),
      String(sipp.created),
      String(answered.length),
      `${failed}${
        Object.keys(sipp.failures).length
          ? ` (${Object.entries(sipp.failures)
              .map(([k, v]) => `${k} ${v}`)
              .join(', ')})`
          : ''
      }`,
      `${fmtMs(pct(rtt, 50))} / ${fmtMs(pct(rtt, 99))}`,
      `${fmtMs(pct(toAgent, 50))} / ${fmtMs(pct(toAgent, 99))}`,
      `${fmtMs(pct(queue, 50))} / ${fmtMs(pct(queue, 99))}`,
      screen.length ? fmtMs(pct(screen, 99)) : '-',
      bucketQuantile(routingBefore, routingAfter, 99),
      `${((cpuSecs / wall) * 100).toFixed(0)}%`,
      fmtMs(cpuAfter.loopP99Ms),
    ];
    console.log(cols.join(' | '));
    const digitsLost = answered.filter((r) => r.ivr !== '42').length;
    if (digitsLost)
      console.log(
        `   ${digitsLost} answered calls did not get the digits "42" into the IVR (keyed before collection started, or lost): their answer time includes the 5 s no-input timeout`,
      );
    if (failed === 0 && answered.length === sipp.created) sustained = rate;
    if (sipp.created && (failed / sipp.created) * 100 > STOP_ON_FAIL) {
      console.log(`   more than ${STOP_ON_FAIL}% failed: the ramp stops here`);
      break;
    }
    await sleep(1000);
  }
  console.log(`\nsustained without failure: ${sustained || 'none'} calls/s (highest step with every call answered by an agent) with ${AGENTS} agents`);
  console.log(
    `machine load average ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')} on ${cpus().length} CPUs (shared: figures are noisy)`,
  );
  console.log('the Router alone (no telephony): node --import tsx bench/routing.ts');

  for (const c of clients) c.disconnect();
  child.send({ type: 'stop' });
  await Promise.race([new Promise((r) => child.once('exit', r)), sleep(10_000)]);
  cleanup();
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  killAllSipp();
  process.exit(1);
});
