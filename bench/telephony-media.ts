/**
 * Concurrent bridged calls with media and stereo recording, driven by sipp, against a bare
 * dgram relay in the same run:
 *
 *   generator ──RTP──▶ engine leg A ══bridge══ leg B ──▶ sipp uas -rtp_echo ──▶ leg B ══ leg A ──▶ generator
 *   generator ──RTP──▶ bare relay socket A ── socket B ──▶ sipp uas -rtp_echo ──▶ B ── A ──▶ generator
 *
 * Calls are set up by sipp (uac → engine → uas); every bridge is recorded (stereo WAV). The
 * generator (a child process) sends 50 packets/s of 172 bytes per call with a send time in the
 * payload and times each one back: loss, and added jitter = p99 of (delay − the stream's minimum
 * delay). A step passes with no loss and p99 added jitter under 5 ms. Engine CPU per call is
 * its child process's CPU time over the window. Each call is 100 packets/s in and 100 out at the
 * engine (or the bare relay).
 *
 *   node --import tsx bench/telephony-media.ts [--calls=100,200,300,400,500] [--seconds=5] [--bare-only] [--engine-only] [--no-record]
 *
 * Ports: engine SIP 29591, engine RTP 40000-44999 (a bench-only range: 500 calls need 2000
 * ports), bare relay 45000-46999, sipp 28991-28999.
 */
import { fork, spawn, type ChildProcess } from 'node:child_process';
import { createSocket, type Socket } from 'node:dgram';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { monitorEventLoopDelay } from 'node:perf_hooks';

const HOST = '127.0.0.1';
const PACKET = 172;
const ENGINE_SIP = 29591;
const UAC = 28991;
const UAS = 28993;
const UAS_MEDIA = 28996;
const BUFFER = 1 << 20;
const arg = (name: string, dflt: string): string => process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? dflt;
const self = fileURLToPath(import.meta.url);
type Msg = { kind: string; [k: string]: unknown };

// ------------------------------------------------------------------ children

/** Sends 50 pps per target port, staggered, and times the echoes. */
async function generator(): Promise<void> {
  const socks: Socket[] = [];
  for (let i = 0; i < 4; i++) {
    const s = createSocket({ type: 'udp4', recvBufferSize: BUFFER, sendBufferSize: BUFFER });
    await new Promise<void>((r) => s.bind(0, HOST, () => r()));
    socks.push(s);
  }
  process.on('message', (m: Msg) => {
    if (m.kind !== 'run') return;
    const ports = m.ports as number[];
    const seconds = m.seconds as number;
    const n = ports.length;
    const sent = new Uint32Array(n);
    const seq = new Uint32Array(n);
    const got = new Uint32Array(n);
    const minDelay = new Float64Array(n).fill(Infinity);
    const delays: Float64Array = new Float64Array(n * 50 * (seconds + 2));
    const delayStream = new Uint32Array(delays.length);
    let nd = 0;
    const t0 = performance.now();
    // The first second warms up (latching, JIT, socket buffers): it is sent but not counted.
    const countFrom = t0 + 1000;
    const stopAt = countFrom + seconds * 1000;
    const onMsg = (b: Buffer): void => {
      if (b.length < 28) return;
      const i = b.readUInt32BE(12);
      if (i >= n) return;
      const at = b.readDoubleBE(20);
      if (at < countFrom) return;
      const d = performance.now() - at;
      got[i]!++;
      if (d < minDelay[i]!) minDelay[i] = d;
      if (nd < delays.length) {
        delays[nd] = d;
        delayStream[nd++] = i;
      }
    };
    for (const s of socks) s.on('message', onMsg);
    const bufs = ports.map((_, i) => {
      const b = Buffer.alloc(PACKET, 0xff);
      b[0] = 0x80;
      b[1] = 0;
      b.writeUInt32BE(0x5000 + i, 8);
      b.writeUInt32BE(i, 12);
      return b;
    });
    // Stream i is due at t0 + phase_i + k·20 ms.
    const next = Float64Array.from(ports, (_, i) => t0 + (i * 20) / n);
    const tick = (): void => {
      const now = performance.now();
      if (now < stopAt) {
        for (let i = 0; i < n; i++) {
          while (next[i]! <= now && next[i]! < stopAt) {
            const b = bufs[i]!;
            const k = seq[i]!;
            b.writeUInt16BE(k & 0xffff, 2);
            b.writeUInt32BE((k * 160) >>> 0, 4);
            b.writeUInt32BE(k, 16);
            const now2 = performance.now();
            b.writeDoubleBE(now2, 20);
            socks[i & 3]!.send(b, 0, PACKET, ports[i]!, HOST);
            if (now2 >= countFrom) sent[i]!++;
            seq[i]!++;
            next[i]! += 20;
          }
        }
        setTimeout(tick, 1);
        return;
      }
      setTimeout(() => {
        for (const s of socks) s.off('message', onMsg);
        const added: number[] = [];
        for (let j = 0; j < nd; j++) added.push(delays[j]! - minDelay[delayStream[j]!]!);
        added.sort((a, b) => a - b);
        let totalSent = 0;
        let totalGot = 0;
        for (let i = 0; i < n; i++) {
          totalSent += sent[i]!;
          totalGot += got[i]!;
        }
        const p = (q: number) => added[Math.min(added.length - 1, Math.floor(q * added.length))] ?? NaN;
        process.send!({ kind: 'result', sent: totalSent, got: totalGot, p50: p(0.5), p99: p(0.99), max: added.at(-1) ?? NaN });
      }, 500);
    };
    tick();
  });
  process.send!({ kind: 'ready' });
}

/** The floor any relay pays: per call, socket A (generator side) and B (echo side), no parsing. */
async function bareRelay(): Promise<void> {
  const all: Socket[] = [];
  process.on('message', async (m: Msg) => {
    if (m.kind === 'setup') {
      const calls = m.calls as number;
      const ports: number[] = [];
      for (let i = 0; i < calls; i++) {
        const a = createSocket({ type: 'udp4', recvBufferSize: BUFFER });
        const b = createSocket({ type: 'udp4', recvBufferSize: BUFFER });
        const bind = (s: Socket, port: number) =>
          new Promise<void>((r, j) => {
            s.once('error', j);
            s.bind(port, HOST, () => r());
          });
        await bind(a, 45000 + i * 2);
        await bind(b, 45001 + i * 2);
        let genPort = 0;
        a.on('message', (msg, r) => {
          genPort = r.port;
          b.send(msg, UAS_MEDIA, HOST);
        });
        b.on('message', (msg) => genPort && a.send(msg, genPort, HOST));
        all.push(a, b);
        ports.push(45000 + i * 2);
      }
      process.send!({ kind: 'ports', ports });
    } else if (m.kind === 'cpu') {
      process.send!({ kind: 'cpu', cpu: process.cpuUsage() });
    }
  });
  process.send!({ kind: 'ready' });
}

/** The engine: routes every call to the sipp UAS, records each bridge, reports A-leg ports. */
async function engineChild(): Promise<void> {
  const { createEngine, connectLegs } = await import('@switchboard/telephony');
  const { engine } = await createEngine({ sipUdpPort: ENGINE_SIP, rtpPorts: { min: 40000, max: 44999 }, rtpTimeoutMs: 0 });
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
  const loop = monitorEventLoopDelay({ resolution: 5 });
  loop.enable();
  process.on('message', async (m: Msg) => {
    if (m.kind === 'status') process.send!({ kind: 'status', answered, inbound: inbound.length, ends });
    else if (m.kind === 'record') {
      const ports: number[] = [];
      for (const id of inbound) {
        const leg = engine.getLeg(id);
        if (!leg.bridgeId) continue;
        if (!noRecord) recs.push(engine.startRecording({ bridgeId: leg.bridgeId }, { path: join(dir, `${id}.wav`) }));
        ports.push(engine.mediaEndpoint(id)!.port);
      }
      process.send!({ kind: 'ports', ports });
    } else if (m.kind === 'cpu') {
      process.send!({ kind: 'cpu', cpu: process.cpuUsage(), loopP99: loop.percentile(99) / 1e6 });
      loop.reset();
    } else if (m.kind === 'stop') {
      await Promise.all(recs.map((r) => engine.stopRecording(r).catch(() => {})));
      await engine.close();
      rmSync(dir, { recursive: true, force: true });
      process.send!({ kind: 'stopped' });
    }
  });
  process.send!({ kind: 'ready' });
}

// ------------------------------------------------------------------ driver

function child(role: string): ChildProcess {
  const extra = process.argv.includes('--no-record') ? ['--no-record'] : [];
  const c = fork(self, [`--role=${role}`, ...extra], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  spawned.push(c);
  return c;
}

function ask<T extends Msg>(c: ChildProcess, msg: Msg, reply: string, timeoutMs = 60_000): Promise<T> {
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => {
      c.off('message', on);
      reject(new Error(`no '${reply}' from a child within ${timeoutMs} ms`));
    }, timeoutMs);
    const on = (m: Msg): void => {
      if (m.kind !== reply) return;
      clearTimeout(t);
      c.off('message', on);
      resolve(m as T);
    };
    c.on('message', on);
    if (msg.kind) c.send(msg);
  });
}

/** Kills a child and waits until it is gone (its ports are free again). */
function stopChild(c: ChildProcess): Promise<void> {
  if (c.exitCode !== null) return Promise.resolve();
  return new Promise((r) => {
    c.once('exit', () => r());
    c.kill('SIGKILL');
  });
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
  cpuMs: number;
  ok: boolean;
}

async function measure(gen: ChildProcess, target: ChildProcess, ports: number[], seconds: number): Promise<StepResult> {
  const result = ask<{ kind: 'result'; sent: number; got: number; p50: number; p99: number }>(gen, { kind: 'run', ports, seconds }, 'result');
  await sleep(1000); // the generator's warm-up second
  const c0 = (await ask<{ kind: 'cpu'; cpu: NodeJS.CpuUsage }>(target, { kind: 'cpu' }, 'cpu')).cpu;
  const t0 = performance.now();
  const r = await result;
  const end = await ask<{ kind: 'cpu'; cpu: NodeJS.CpuUsage; loopP99?: number }>(target, { kind: 'cpu' }, 'cpu');
  const c1 = end.cpu;
  if (end.loopP99 !== undefined) loopNote = ` (engine event-loop delay p99 ${end.loopP99.toFixed(1)} ms)`;
  const wallS = (performance.now() - t0) / 1000;
  const cpuMs = (c1.user - c0.user + c1.system - c0.system) / 1000;
  return { calls: ports.length, sent: r.sent, got: r.got, p99: r.p99, cpuMs: cpuMs / wallS, ok: r.got >= r.sent && r.p99 < 5 };
}

let loopNote = '';

function line(kind: string, r: StepResult): string {
  const loss = r.sent === 0 ? 0 : Math.max(0, (r.sent - r.got) / r.sent);
  const core = r.cpuMs / 1000;
  return `${kind.padEnd(7)} ${String(r.calls).padEnd(6)} ${String(r.calls * 200).padEnd(8)} ${(loss * 100).toFixed(3).padStart(7)}%  ${r.p99.toFixed(2).padStart(7)}  ${(core * 100).toFixed(0).padStart(5)}%  ${((core * 100) / r.calls).toFixed(3).padStart(8)}%  ${r.ok ? 'pass' : 'FAIL'}${kind === 'engine' ? loopNote : ''}`;
}

async function main(): Promise<void> {
  const steps = arg('calls', '100,200,300,400,500').split(',').map(Number);
  const seconds = Number(arg('seconds', '5'));
  const bareOnly = process.argv.includes('--bare-only');
  const engineOnly = process.argv.includes('--engine-only');
  const uas = sippProc(['-sn', 'uas', '-i', HOST, '-p', String(UAS), '-mi', HOST, '-mp', String(UAS_MEDIA), '-rtp_echo']);
  const gen = child('generator');
  await ready(gen);
  await sleep(500);
  console.log(`telephony media bench: ${seconds} s per step, 50 pps × 172 B per call each way, via sipp uas -rtp_echo`);
  console.log('path    calls  pkts/s   loss      p99+ms   cpu   cpu/call   result');
  let bareBest = 0;
  let engineBest = 0;
  let engineCpuPerCall = NaN;
  if (!engineOnly) {
    for (const calls of steps) {
      const relay = child('bare');
      await ready(relay);
      const { ports } = await ask<{ kind: 'ports'; ports: number[] }>(relay, { kind: 'setup', calls }, 'ports');
      const r = await measure(gen, relay, ports, seconds);
      console.log(line('bare', r));
      await stopChild(relay);
      if (!r.ok) break;
      bareBest = calls;
    }
  }
  if (!bareOnly) {
    for (const calls of steps) {
      const eng = child('engine');
      await ready(eng);
      const uac = sippProc(['-sn', 'uac', `${HOST}:${ENGINE_SIP}`, '-i', HOST, '-p', String(UAC), '-mp', String(UAC + 4), '-r', '200', '-m', String(calls), '-l', String(calls), '-d', '300000']);
      const end = Date.now() + 15_000;
      let st: { answered: number; inbound: number; ends?: Record<string, number> } = { answered: 0, inbound: 0 };
      while (Date.now() < end) {
        st = await ask<{ kind: 'status'; answered: number; inbound: number; ends: Record<string, number> }>(eng, { kind: 'status' }, 'status');
        if (st.answered >= calls * 2) break;
        await sleep(200);
      }
      await sleep(500);
      const { ports } = await ask<{ kind: 'ports'; ports: number[] }>(eng, { kind: 'record' }, 'ports');
      if (ports.length < calls) console.log(`        only ${ports.length} of ${calls} calls were bridged (answered ${st.answered} legs, ended ${JSON.stringify(st.ends)})`);
      const r = await measure(gen, eng, ports, seconds);
      r.calls = calls;
      if (ports.length < calls) r.ok = false;
      console.log(line('engine', r));
      uac.kill('SIGKILL');
      await ask(eng, { kind: 'stop' }, 'stopped');
      await stopChild(eng);
      await sleep(500);
      if (!r.ok) break;
      engineBest = calls;
      engineCpuPerCall = r.cpuMs / 10 / calls;
    }
  }
  uas.kill('SIGKILL');
  gen.kill();
  console.log('');
  if (!engineOnly) console.log(`bare dgram relay ceiling: ${bareBest} calls (${bareBest * 200} packets/s) with no loss and p99 added jitter < 5 ms`);
  if (!bareOnly) {
    console.log(`engine ceiling (bridged + stereo-recorded): ${engineBest} calls (${engineBest * 200} packets/s), CPU ${engineCpuPerCall.toFixed(3)}% of a core per call`);
    console.log(`goal ≥ 400 recorded calls per process: ${engineBest >= 400 ? 'MET' : 'NOT MET'}`);
  }
  if (!engineOnly && !bareOnly && bareBest > 0) {
    const ratio = engineBest / bareBest;
    console.log(`engine / bare relay: ${ratio.toFixed(2)} (goal ≥ 0.8: ${ratio >= 0.8 ? 'MET' : 'NOT MET'})${bareBest === steps.at(-1) ? ' (bare relay passed every step: its true ceiling is higher)' : ''}`);
  }
  process.exit(0);
}

const role = arg('role', '');
if (role === 'generator') void generator();
else if (role === 'bare') void bareRelay();
else if (role === 'engine') void engineChild();
else void main().catch((err: unknown) => {
  console.error(`bench aborted: ${String(err)}`);
  process.exit(1);
});
