/**
 * Concurrent bridged calls with media and stereo recording, driven by sipp, against a bare
 * dgram relay in the same run:
 *
 *   generator ──RTP──▶ engine leg A ══bridge══ leg B ──▶ sipp uas -rtp_echo ──▶ leg B ══ leg A ──▶ generator
 *   generator ──RTP──▶ bare relay socket A ── socket B ──▶ sipp uas -rtp_echo ──▶ B ── A ──▶ generator
 *   generator ──RTP──▶ sipp uas -rtp_echo ──▶ generator                                  (--direct)
 *
 * Calls are set up by sipp (uac → engine → uas); every bridge is recorded (stereo WAV). The
 * generator (bench/rtp-generator.c, compiled with gcc into .tmp/ on first use; --generator=node
 * for the old Node one) sends 50 packets/s of 172 bytes per call with a send time in the payload
 * and times each echo by its kernel receive timestamp: loss, and added jitter = p99 of (delay −
 * the stream's minimum delay). A step passes with no loss and p99 added jitter under 5 ms. The
 * same generator measures every path, so the engine / bare ratio is fair. Each call is 100
 * packets/s in and 100 out at the engine (or the bare relay). Printed per step: the CPU of the
 * relay under test (per call too), of the generator and of sipp, and the machine's idle share
 * (a shared machine shows here); for the engine, its event-loop delay p99 and the FrameTicker's
 * time per wake-up (players, recorders).
 *
 *   node --import tsx bench/telephony-media.ts [--calls=100,200,300,400,500] [--seconds=5] [--runs=1]
 *        [--bare-only] [--bare-threads=N] [--io-threads=N] [--engine-only] [--direct] [--no-record] [--generator=c|node] [--prof]
 *        [--all-steps] [--no-settle] [--engine-flags=--max-semi-space-size=4] [--heap-sample=alloc|promoted|live] [--tsx]
 *
 * Both relays run as children from an esbuild bundle under plain node (as `npm start` runs the
 * server); after set-up each child runs one full GC (steady state, see settle()). Per step the
 * relay also reports its event-loop delay p99 (net of the monitor's 5 ms interval), user/sys
 * CPU, GC pauses by kind and CPU per thread. --all-steps measures every step after a failure
 * (A/B runs). --engine-flags passes Node/V8 flags to the engine child (--flags-both: the bare
 * relay too). --prof writes CPU profiles of both relays into .tmp/prof/<role>/ (main thread:
 * the larger file); --heap-sample writes the engine's sampled allocations over the media phase.
 *
 * SRTP: this bench is plain RTP only (sipp and the C generator have no SRTP). SRTP's cost through
 * the same relay step, against plain RTP in the same run, is bench/srtp.ts (in-process SRTP
 * phones; results in bench/results/srtp.md).
 * --runs=N repeats the sweep and prints each run's ceilings. --io-threads=N puts the engine's RTP
 * sockets on N I/O threads (MediaEngine ioThreads); --bare-threads=N splits the bare relay over
 * N worker threads: the multi-threaded ceiling to compare it with.
 *
 * On a shared machine the figures swing with other work (see the idle column): run it under
 * `chrt -f 10` (every process of the rig then preempts ordinary work, bare relay and engine
 * alike), and compare A/B runs back to back.
 *
 * Ports: engine SIP 29591, engine RTP 40000-44999 (a bench-only range: 500 calls need 2000
 * ports), bare relay 45000-46999, sipp 28991-28999.
 */
import { fork, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createGenerator, type RtpGenerator } from './rtp-generator';
import { bareRelay } from './support/bare-relay';
import { ask, stopChild, type ChildMsg } from './support/child-ipc';
import { dropsNote, heapSampler, loopWatch, machineTicks, procCpuMs, settle, udpDropsByPort } from './support/process-watch';

const HOST = '127.0.0.1';
const ENGINE_SIP = 29591;
const UAC = 28991;
const UAS = 28993;
const UAS_MEDIA = 28996;
const BUFFER = 1 << 20;
const arg = (name: string, dflt: string): string => process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3) ?? dflt;
const self = fileURLToPath(import.meta.url);

// ------------------------------------------------------------------ children

/** The engine: routes every call to the sipp UAS, records each bridge, reports A-leg ports. */
async function engineChild(): Promise<void> {
  const { createEngine, connectLegs } = await import('@switchboard/telephony');
  const ioThreads = Number(arg('io-threads', '0'));
  const { engine, media } = await createEngine({ sipUdpPort: ENGINE_SIP, rtpPorts: { min: 40000, max: 44999 }, rtpTimeoutMs: 0, rtpIoThreads: ioThreads });
  const dir = mkdtempSync(join(tmpdir(), 'sb-bench-rec-'));
  const inbound: string[] = [];
  let answered = 0;
  engine.on('offered', ({ leg }) => {
    inbound.push(leg.id);
    void connectLegs(engine, leg.id, { to: { uri: `sip:echo@${HOST}:${UAS}`, host: HOST, port: UAS, transport: 'udp' }, from: leg.from }).catch(() => {});
  });
  engine.on('answered', () => answered++);
  const ends: Record<string, number> = {};
  engine.on('ended', (e) => (ends[`${e.cause}:${e.sipStatus}`] = (ends[`${e.cause}:${e.sipStatus}`] ?? 0) + 1));
  const recs: string[] = [];
  const noRecord = process.argv.includes('--no-record');
  const watch = loopWatch();
  const heapMode = arg('heap-sample', '');
  const heap = heapMode ? await heapSampler(heapMode) : undefined;
  process.on('message', async (m: ChildMsg) => {
    if (m.kind === 'status') process.send!({ kind: 'status', answered, inbound: inbound.length, ends });
    else if (m.kind === 'record') {
      const ports: number[] = [];
      for (const id of inbound) {
        const leg = engine.getLeg(id);
        if (!leg.bridgeId) continue;
        if (!noRecord) recs.push(engine.startRecording({ bridgeId: leg.bridgeId }, { path: join(dir, `${id}.wav`) }));
        ports.push(engine.mediaEndpoint(id)!.port);
      }
      await settle();
      process.send!({ kind: 'ports', ports });
      await heap?.start();
    } else if (m.kind === 'cpu') {
      process.send!({ kind: 'cpu', cpu: process.cpuUsage(), ...watch(), tick: media.ticker.stats(), io: media.stats().io });
    } else if (m.kind === 'stop') {
      await heap?.stop();
      await Promise.all(recs.map((r) => engine.stopRecording(r).catch(() => {})));
      await engine.close();
      rmSync(dir, { recursive: true, force: true });
      process.send!({ kind: 'stopped' });
      // A CPU profile is written on a normal exit only.
      if (process.execArgv.includes('--cpu-prof')) setTimeout(() => process.exit(0), 200);
    }
  });
  process.send!({ kind: 'ready' });
}

// ------------------------------------------------------------------ driver

const PROF = process.argv.includes('--prof');
/** --all-steps: measure every step even after a failure (A/B comparisons of the same loads). */
const ALL_STEPS = process.argv.includes('--all-steps');

/**
 * The relays run from an esbuild bundle of this file under plain node, as `npm start` runs the
 * server (scripts/build-server.mjs): no tsx loader thread in the measured process, and V8 heap
 * flags (--engine-flags=--max-semi-space-size=N) work, which tsx's loader worker refuses.
 * --tsx runs them under tsx instead.
 */
let bundled: string | undefined;
async function bundle(): Promise<string> {
  if (bundled) return bundled;
  const { build } = await import('esbuild');
  const outdir = join(dirname(self), '..', '.tmp', 'bench');
  const out = join(outdir, 'telephony-media.mjs');
  await build({
    // The RTP I/O thread's script goes beside the bundle, where the media engine looks for it.
    entryPoints: { 'telephony-media': self, 'media-io-worker': join(dirname(self), '..', 'packages/media/src/io/media-io-worker.ts') },
    outdir,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    logLevel: 'warning',
    banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
    plugins: [
      {
        name: 'externals',
        setup(b) {
          b.onResolve({ filter: /^[^./]/ }, (a) => (a.path.startsWith('@switchboard/') ? undefined : { external: true }));
        },
      },
    ],
  });
  return (bundled = out);
}

async function child(role: string): Promise<ChildProcess> {
  const extra = process.argv.filter(
    (a) => a === '--no-record' || a === '--no-settle' || a.startsWith('--heap-sample=') || a.startsWith('--io-threads=') || a.startsWith('--bare-threads='),
  );
  const prof = PROF ? ['--cpu-prof', `--cpu-prof-dir=.tmp/prof/${role}`] : [];
  // --engine-flags: Node/V8 flags for the engine child (--flags-both: the bare relay too).
  const flags = role === 'engine' || process.argv.includes('--flags-both') ? arg('engine-flags', '').split(/[ ,]+/).filter(Boolean) : [];
  const tsx = process.argv.includes('--tsx');
  const c = tsx
    ? fork(self, [`--role=${role}`, ...extra], { execArgv: ['--import', 'tsx', ...prof, ...flags], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] })
    : fork(await bundle(), [`--role=${role}`, ...extra], { execArgv: [...prof, ...flags], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  spawned.push(c);
  return c;
}

const ready = (c: ChildProcess) => ask(c, { kind: '' }, 'ready');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const spawned: ChildProcess[] = [];
process.on('exit', () => {
  for (const p of spawned) if (p.exitCode === null) p.kill('SIGKILL');
});

function sippProc(args: string[]): ChildProcess {
  const p = spawn('sipp', [...args, '-nostdin'], { stdio: ['ignore', 'ignore', 'ignore'] });
  spawned.push(p);
  p.on('error', () => {
    console.error('sipp is not installed: apt-get install -y sip-tester');
    process.exit(1);
  });
  return p;
}

interface StepResult {
  calls: number;
  sent: number;
  got: number;
  p99: number;
  max: number;
  /** CPU of the relay under test (engine, bare relay; sipp for the direct path), % of a core. */
  cpuPct: number;
  genPct: number;
  echoPct: number;
  /** Whole machine idle over the window, % (other work on the box shows here). */
  idlePct: number;
  ok: boolean;
  note: string;
}

type CpuReply = {
  kind: 'cpu';
  cpu: NodeJS.CpuUsage;
  loopP99?: number;
  gc?: string;
  threads?: Record<string, number>;
  tick?: { runs: number; busyMs: number; maxMs: number };
  io?: { rxDropped: number; txDropped: number };
};

async function measure(gen: RtpGenerator, target: ChildProcess | undefined, echo: ChildProcess, ports: number[], seconds: number): Promise<StepResult> {
  const result = gen.run(ports, seconds);
  await sleep(1000); // the generator's warm-up second
  const start = target ? await ask<CpuReply>(target, { kind: 'cpu' }, 'cpu') : undefined;
  const c0 = start?.cpu;
  const e0 = procCpuMs(echo.pid);
  const m0 = machineTicks();
  const u0 = udpDropsByPort();
  const t0 = performance.now();
  await sleep(seconds * 1000);
  const end = target ? await ask<CpuReply>(target, { kind: 'cpu' }, 'cpu') : undefined;
  const e1 = procCpuMs(echo.pid);
  const m1 = machineTicks();
  const u1 = udpDropsByPort();
  const wallMs = performance.now() - t0;
  const r = await result;
  let note = '';
  if (r.got < r.sent && r.lossyStreams !== undefined)
    note += ` lost in ${r.lossyStreams} of ${ports.length} streams (worst ${r.worstLost}, ${r.silentStreams} got nothing; ${dropsNote(u0, u1, UAS_MEDIA, { min: 40000, max: 46999 })});`;
  if (end?.loopP99 !== undefined) note += ` loop delay p99 ${end.loopP99.toFixed(1)} ms`;
  if (end?.tick && end.tick.runs > 0) note += `, ticks avg ${(end.tick.busyMs / end.tick.runs).toFixed(2)} max ${end.tick.maxMs.toFixed(1)} ms`;
  if (c0 && end) note += `; user ${((end.cpu.user - c0.user) / 10 / wallMs).toFixed(0)}% sys ${((end.cpu.system - c0.system) / 10 / wallMs).toFixed(0)}%`;
  if (end?.gc) note += `; gc: ${end.gc}`;
  if (end?.io && start?.io) note += `; I/O rings dropped rx ${end.io.rxDropped - start.io.rxDropped} tx ${end.io.txDropped - start.io.txDropped}`;
  if (end?.threads && start?.threads) {
    const busy = Object.entries(end.threads)
      .map(([k, v]) => [k, (100 * (v - (start.threads![k] ?? 0))) / wallMs] as const)
      .filter(([, pct]) => pct >= 0.5)
      .map(([k, pct]) => `${k} ${pct.toFixed(0)}%`);
    note += `; threads: ${busy.join(', ')}`;
  }
  const cpuMs = c0 && end ? (end.cpu.user - c0.user + end.cpu.system - c0.system) / 1000 : e1 - e0;
  return {
    calls: ports.length,
    sent: r.sent,
    got: r.got,
    p99: r.p99,
    max: r.max,
    cpuPct: (100 * cpuMs) / wallMs,
    genPct: r.cpuPct,
    echoPct: (100 * (e1 - e0)) / wallMs,
    idlePct: (100 * (m1[0] - m0[0])) / Math.max(1, m1[1] - m0[1]),
    ok: r.got >= r.sent && r.p99 < 5,
    note,
  };
}

const HEAD = 'path    calls  pkts/s   loss     p99+ms  max+ms   cpu  cpu/call   gen  echo  idle  result';

function line(kind: string, r: StepResult): string {
  const loss = r.sent === 0 ? 0 : Math.max(0, (r.sent - r.got) / r.sent);
  const pct = (x: number) => `${x.toFixed(0)}%`.padStart(5);
  return `${kind.padEnd(7)} ${String(r.calls).padEnd(6)} ${String(r.calls * 200).padEnd(8)} ${(loss * 100).toFixed(3).padStart(6)}%  ${r.p99.toFixed(2).padStart(6)}  ${r.max.toFixed(1).padStart(6)} ${pct(r.cpuPct)}  ${(r.cpuPct / r.calls).toFixed(3).padStart(6)}%  ${pct(r.genPct)} ${pct(r.echoPct)} ${pct(r.idlePct)}  ${r.ok ? 'pass' : 'FAIL'}${r.note}`;
}

interface Sweep {
  direct: number;
  bare: number;
  engine: number;
  engineCpuPerCall: number;
  setupNote: string;
}

/** The step before `calls` (0 for the first): a ceiling only counts an unbroken run of passes. */
const prev = (steps: number[], calls: number): number => steps[steps.indexOf(calls) - 1] ?? 0;

async function sweep(gen: RtpGenerator, echo: ChildProcess, steps: number[], seconds: number): Promise<Sweep> {
  const bareOnly = process.argv.includes('--bare-only');
  const engineOnly = process.argv.includes('--engine-only');
  const out: Sweep = { direct: 0, bare: 0, engine: 0, engineCpuPerCall: NaN, setupNote: '' };
  if (process.argv.includes('--direct')) {
    // The generator straight into sipp's echo: the floor of the measuring rig itself.
    for (const calls of steps) {
      const r = await measure(gen, undefined, echo, new Array<number>(calls).fill(UAS_MEDIA), seconds);
      console.log(line('direct', r));
      if (!r.ok && !ALL_STEPS) break;
      if (r.ok && out.direct === prev(steps, calls)) out.direct = calls;
    }
  }
  if (!engineOnly) {
    for (const calls of steps) {
      const relay = await child('bare');
      await ready(relay);
      const { ports } = await ask<{ kind: 'ports'; ports: number[] }>(relay, { kind: 'setup', calls }, 'ports');
      const r = await measure(gen, relay, echo, ports, seconds);
      console.log(line('bare', r));
      await ask(relay, { kind: 'stop' }, 'stopped');
      await stopChild(relay, PROF ? 10_000 : 0);
      if (!r.ok && !ALL_STEPS) break;
      if (r.ok && out.bare === prev(steps, calls)) out.bare = calls;
    }
  }
  if (!bareOnly) {
    for (const calls of steps) {
      const eng = await child('engine');
      await ready(eng);
      const t0 = performance.now();
      const uac = sippProc([
        '-sn',
        'uac',
        `${HOST}:${ENGINE_SIP}`,
        '-i',
        HOST,
        '-p',
        String(UAC),
        '-mp',
        String(UAC + 4),
        '-r',
        '200',
        '-m',
        String(calls),
        '-l',
        String(calls),
        '-d',
        '300000',
      ]);
      const end = Date.now() + 15_000;
      let st: { answered: number; inbound: number; ends?: Record<string, number> } = { answered: 0, inbound: 0 };
      while (Date.now() < end) {
        st = await ask<{ kind: 'status'; answered: number; inbound: number; ends: Record<string, number> }>(eng, { kind: 'status' }, 'status');
        if (st.answered >= calls * 2) break;
        await sleep(100);
      }
      const setupS = (performance.now() - t0) / 1000;
      out.setupNote = `${calls} calls set up in ${setupS.toFixed(1)} s (sipp paced at 200/s; bench/telephony-setup.ts measures set-up rate)`;
      await sleep(500);
      const { ports } = await ask<{ kind: 'ports'; ports: number[] }>(eng, { kind: 'record' }, 'ports');
      if (ports.length < calls) console.log(`        only ${ports.length} of ${calls} calls were bridged (answered ${st.answered} legs, ended ${JSON.stringify(st.ends)})`);
      const r = await measure(gen, eng, echo, ports, seconds);
      r.calls = calls;
      if (ports.length < calls) r.ok = false;
      console.log(line('engine', r));
      uac.kill('SIGKILL');
      await ask(eng, { kind: 'stop' }, 'stopped');
      await stopChild(eng, PROF ? 10_000 : 0);
      await sleep(500);
      if (!r.ok && !ALL_STEPS) break;
      if (r.ok && out.engine === prev(steps, calls)) {
        out.engine = calls;
        out.engineCpuPerCall = r.cpuPct / calls;
      }
    }
  }
  return out;
}

async function main(): Promise<void> {
  const steps = arg('calls', '100,200,300,400,500').split(',').map(Number);
  const seconds = Number(arg('seconds', '5'));
  const runs = Number(arg('runs', '1'));
  const gen = createGenerator(arg('generator', 'c'));
  const record = !process.argv.includes('--no-record');
  const uas = sippProc(['-sn', 'uas', '-i', HOST, '-p', String(UAS), '-mi', HOST, '-mp', String(UAS_MEDIA), '-rtp_echo']);
  await sleep(500);
  console.log(
    `telephony media bench: ${seconds} s per step, 50 pps × 172 B per call each way, via sipp uas -rtp_echo, ${gen.kind} generator, engine ${record ? 'records every call (stereo WAV)' : 'does not record'}`,
  );
  console.log('cpu: the relay under test (% of one core); gen, echo: the generator and sipp; idle: the whole machine');
  const all: Sweep[] = [];
  for (let run = 1; run <= runs; run++) {
    if (runs > 1) console.log(`\nrun ${run} of ${runs}`);
    console.log(HEAD);
    all.push(await sweep(gen, uas, steps, seconds));
  }
  uas.kill('SIGKILL');
  gen.close();
  console.log('');
  const top = steps.at(-1);
  const fmt = (xs: number[]) => (xs.length > 1 ? `${Math.max(...xs)} (runs: ${xs.join(', ')})` : String(xs[0]));
  if (process.argv.includes('--direct')) console.log(`generator → sipp echo directly: ${fmt(all.map((s) => s.direct))} calls`);
  const bares = all.map((s) => s.bare);
  const engines = all.map((s) => s.engine);
  if (!process.argv.includes('--engine-only'))
    console.log(
      `bare dgram relay ceiling: ${fmt(bares)} calls with no loss and p99 added jitter < 5 ms${bares.includes(top!) ? ` (${top} passed: the true ceiling is higher)` : ''}`,
    );
  if (!process.argv.includes('--bare-only')) {
    const best = all.reduce((a, b) => (b.engine > a.engine ? b : a));
    console.log(`engine ceiling (bridged${record ? ' + stereo-recorded' : ''}): ${fmt(engines)} calls, CPU ${best.engineCpuPerCall.toFixed(3)}% of a core per call`);
    console.log(best.setupNote);
    console.log(`goal ≥ 400 ${record ? 'recorded ' : ''}calls per process: ${Math.max(...engines) >= 400 ? 'MET' : 'NOT MET'}`);
  }
  if (!process.argv.includes('--engine-only') && !process.argv.includes('--bare-only')) {
    const ratios = all.map((s) => (s.bare > 0 ? s.engine / s.bare : NaN));
    console.log(`engine / bare relay (same run): ${ratios.map((x) => x.toFixed(2)).join(', ')} (goal ≥ 0.8)`);
  }
  process.exit(0);
}

const role = arg('role', '');
if (role === 'bare') void bareRelay({ host: HOST, echoPort: UAS_MEDIA, buffer: BUFFER, threads: Number(arg('bare-threads', '1')) });
else if (role === 'engine') void engineChild();
else
  void main().catch((err: unknown) => {
    console.error(`bench aborted: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  });
