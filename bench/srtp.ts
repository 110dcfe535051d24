/**
 * SRTP's cost against plain RTP, in the same run: N bridged calls through a MediaEngine in a child
 * process, each leg talking to its own "phone" socket (symmetric RTP) in another child that sends
 * 50 packets/s into every leg (100 packets/s in and 100 out per call at the relay). In the SRTP
 * round both legs of every call are SRTP (AES_CM_128_HMAC_SHA1_80, SDES-style keys): the relay
 * authenticates and decrypts each packet it receives and encrypts and tags each one it sends.
 * The phones' packets are protected before the clock starts, so the phones cost the same in both
 * rounds. Printed per round: the relay's CPU per call (user + sys over the measured window, and sys
 * alone as a share: the socket calls in the kernel),
 * packets relayed, the CPU per packet relayed (in and out), loss, and SRTP drops; then the SRTP /
 * plain ratio (goal: at most 1.5). A round with loss over 1%, or more than 3% off the packet rate,
 * is flagged "upset": the machine did not keep up (the phones fell behind and caught up in bursts,
 * or the relay dropped), so per-call figures do not compare; the per-packet column still does,
 * roughly, and the medians leave such rounds out.
 * Rounds alternate plain, SRTP, plain, SRTP... (--rounds pairs) and the medians are compared, so a
 * shared machine's drift hits both alike. Also printed: protect / unprotect time per packet
 * in-process (no sockets).
 *
 *   node --import tsx bench/srtp.ts [--calls=100] [--seconds=8] [--rounds=2] [--baseline=PATH]
 *
 * --baseline=PATH adds a third mode per round: SRTP through the MediaEngine of another checkout
 * (PATH: its packages/media/src/index.ts), a before/after of the crypto in the same run.
 *
 * Ports: relay RTP 45500-45999 (at most 125 calls); phones on ephemeral ports.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { createSocket, type Socket } from 'node:dgram';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { systemClock } from '@switchboard/shared';
import { MediaEngine, newMasterKey, SrtpContext, type RtpLeg, type SrtpMasterKey } from '@switchboard/media';
import { resolve as resolvePath } from 'node:path';
import { pathToFileURL } from 'node:url';

const HOST = '127.0.0.1';
const PAYLOAD = 160;
const arg = (name: string, dflt: string): string => process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? dflt;
type Msg = { kind: string; [k: string]: unknown };
type Mode = 'plain' | 'srtp' | 'baseline';

/** An RTP packet: PCMU, 20 ms. */
function rtp(seq: number, ssrc: number): Buffer {
  const b = Buffer.alloc(12 + PAYLOAD, 0xff);
  b[0] = 0x80;
  b[1] = 0;
  b.writeUInt16BE(seq & 0xffff, 2);
  b.writeUInt32BE((seq * 160) >>> 0, 4);
  b.writeUInt32BE(ssrc >>> 0, 8);
  return b;
}

// ---------------------------------------------------------------- relay child

async function relayChild(): Promise<void> {
  const mode0 = arg('mode', 'plain') as Mode;
  // baseline: SRTP through another checkout's media package (--baseline), for a before/after in one run.
  const mode = mode0 === 'baseline' ? 'srtp' : mode0;
  const Engine: typeof MediaEngine = mode0 === 'baseline' ? (await import(pathToFileURL(resolvePath(arg('baseline', ''))).href)).MediaEngine : MediaEngine;
  const calls = Number(arg('calls', '100'));
  const media = new Engine({ clock: systemClock, portRange: { min: 45500, max: 45999 }, timeoutMs: 0, rtcpIntervalMs: 0, socketBufferBytes: 1 << 20 });
  const legs: RtpLeg[] = [];
  // Keys per leg: `phone` the phone's (what the leg receives), `leg` the leg's own.
  const keys: Array<{ phone: string; leg: string } | undefined> = [];
  const phonePorts = await new Promise<number[]>((resolve) => process.once('message', (m: Msg) => resolve(m.ports as number[])));
  for (let i = 0; i < calls; i++) {
    const a = await media.createLeg();
    const b = await media.createLeg();
    media.bridge(a, b);
    for (const leg of [a, b]) {
      leg.setRemote(HOST, phonePorts[legs.length]!, 0);
      if (mode === 'srtp') {
        const phone = newMasterKey();
        const own = newMasterKey();
        leg.setSrtp({ local: own, remote: phone });
        keys.push({ phone: phone.keySalt.toString('base64'), leg: own.keySalt.toString('base64') });
      } else keys.push(undefined);
      legs.push(leg);
    }
  }
  process.send!({ kind: 'ready', ports: legs.map((l) => l.localPort), keys });
  let t0 = process.cpuUsage();
  let in0 = 0;
  const packetsIn = (): number => legs.reduce((s, l) => s + l.getStats().packetsIn, 0);
  process.on('message', (m: Msg) => {
    if (m.kind === 'start') {
      t0 = process.cpuUsage();
      in0 = packetsIn();
    } else if (m.kind === 'stop') {
      const cpu = process.cpuUsage(t0);
      const drops = legs.reduce((s, l) => s + l.srtpDrops.auth + l.srtpDrops.replay + l.srtpDrops.short, 0);
      process.send!({ kind: 'result', cpuMs: (cpu.user + cpu.system) / 1000, sysMs: cpu.system / 1000, relayed: packetsIn() - in0, drops, secure: legs.every((l) => l.secure) });
    } else if (m.kind === 'exit') void media.close().then(() => process.exit(0));
  });
}

// ---------------------------------------------------------------- phones child

async function phonesChild(): Promise<void> {
  const calls = Number(arg('calls', '100'));
  const seconds = Number(arg('seconds', '8')) + 3;
  const sockets: Socket[] = [];
  let received = 0;
  for (let i = 0; i < calls * 2; i++) {
    const s = createSocket('udp4');
    await new Promise<void>((r) => s.bind(0, HOST, () => r()));
    s.setRecvBufferSize(1 << 20);
    s.on('message', () => received++);
    sockets.push(s);
  }
  process.send!({ kind: 'ports', ports: sockets.map((s) => s.address().port) });
  const ready = await new Promise<Msg>((resolve) => process.once('message', (m: Msg) => resolve(m)));
  const legPorts = ready.ports as number[];
  const keys = ready.keys as Array<{ phone: string } | undefined>;
  // Every packet of the run made (and protected) before the clock starts.
  const n = seconds * 50;
  const streams: Buffer[][] = sockets.map((_, i) => {
    const k = keys[i];
    const ctx = k ? new SrtpContext({ suite: 'AES_CM_128_HMAC_SHA1_80', keySalt: Buffer.from(k.phone, 'base64') } as SrtpMasterKey) : undefined;
    const out: Buffer[] = [];
    for (let seq = 0; seq < n; seq++) {
      const p = rtp(seq, 0x1000 + i);
      if (!ctx) out.push(p);
      else {
        const o = Buffer.alloc(p.length + 10);
        out.push(o.subarray(0, ctx.protect(p, 0, p.length, o)));
      }
    }
    return out;
  });
  process.send!({ kind: 'armed' });
  let seq = 0;
  const start = Date.now();
  const timer = setInterval(() => {
    // Catch up by wall clock, so a late wake-up does not lower the rate.
    const due = Math.min(n, Math.floor((Date.now() - start) / 20) + 1);
    for (; seq < due; seq++) for (let i = 0; i < sockets.length; i++) sockets[i]!.send(streams[i]![seq]!, legPorts[i]!, HOST);
  }, 5);
  process.on('message', (m: Msg) => {
    if (m.kind === 'count') process.send!({ kind: 'count', received, sent: seq * sockets.length });
    if (m.kind === 'exit') {
      clearInterval(timer);
      for (const s of sockets) s.close();
      process.exit(0);
    }
  });
}

// ---------------------------------------------------------------- driver

function next(p: ChildProcess, kind: string): Promise<Msg> {
  return new Promise((resolve) => {
    const on = (m: Msg): void => {
      if (m.kind !== kind) return;
      p.off('message', on);
      resolve(m);
    };
    p.on('message', on);
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Round {
  mode: Mode;
  cpuPerCallMs: number;
  /** The kernel's share of cpuPerCallMs (socket calls), in %. */
  sysPct: number;
  relayed: number;
  lossPct: number;
  drops: number;
  /** Loss over 1%, or packets relayed more than 3% off the rate (the phones fell behind, then caught up). */
  upset: boolean;
}

async function round(mode: Mode, calls: number, seconds: number): Promise<Round> {
  const self = fileURLToPath(import.meta.url);
  const execArgv = ['--import', 'tsx'];
  const phones = fork(self, ['--child=phones', `--calls=${calls}`, `--seconds=${seconds}`], { execArgv });
  const relay = fork(self, ['--child=relay', `--mode=${mode}`, `--calls=${calls}`, `--baseline=${arg('baseline', '')}`], {
    execArgv: [
      ...execArgv,
      ...(process.env.SRTP_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.SRTP_PROF}`] : []),
      // e.g. SRTP_RELAY_ARGS=--perf-basic-prof, to read the relay with `perf record -p`.
      ...(process.env.SRTP_RELAY_ARGS?.split(' ').filter(Boolean) ?? []),
    ],
  });
  const ports = await next(phones, 'ports');
  relay.send({ kind: 'ports', ports: ports.ports });
  const ready = await next(relay, 'ready');
  phones.send({ kind: 'ready', ports: ready.ports, keys: ready.keys });
  await next(phones, 'armed');
  await sleep(1500); // latch, warm up
  const c0 = await (phones.send({ kind: 'count' }), next(phones, 'count'));
  relay.send({ kind: 'start' });
  await sleep(seconds * 1000);
  relay.send({ kind: 'stop' });
  const r = await next(relay, 'result');
  const c1 = await (phones.send({ kind: 'count' }), next(phones, 'count'));
  for (const p of [phones, relay]) p.send({ kind: 'exit' });
  await Promise.all([phones, relay].map((p) => new Promise((res) => p.once('exit', res))));
  const sent = (c1.sent as number) - (c0.sent as number);
  const got = (c1.received as number) - (c0.received as number);
  if (mode !== 'plain' && r.secure !== true) throw new Error('the relay legs were not SRTP');
  return {
    mode,
    cpuPerCallMs: (r.cpuMs as number) / seconds / calls,
    sysPct: (100 * (r.sysMs as number)) / Math.max(1e-9, r.cpuMs as number),
    relayed: r.relayed as number,
    lossPct: sent > 0 ? Math.max(0, (100 * (sent - got)) / sent) : 0,
    drops: r.drops as number,
    upset: (sent > 0 && (100 * (sent - got)) / sent > 1) || Math.abs((r.relayed as number) / (calls * 100 * seconds) - 1) > 0.03,
  };
}

/** Per-packet protect and unprotect, in-process: the crypto alone. */
function microbench(): { protectUs: number; unprotectUs: number } {
  const key = newMasterKey();
  const tx = new SrtpContext(key);
  const rx = new SrtpContext(key);
  const N = 50_000;
  const plain = Array.from({ length: N }, (_, i) => rtp(i, 42));
  const out = Array.from({ length: N }, () => Buffer.alloc(12 + PAYLOAD + 10));
  // CPU time, not wall time: on a shared machine the wall clock counts other processes' turns.
  const cpu = (u: NodeJS.CpuUsage): number => u.user + u.system;
  let t = process.cpuUsage();
  for (let i = 0; i < N; i++) tx.protect(plain[i]!, 0, plain[i]!.length, out[i]!);
  const protectUs = cpu(process.cpuUsage(t)) / N;
  t = process.cpuUsage();
  for (let i = 0; i < N; i++) if (rx.unprotect(out[i]!, 0, out[i]!.length) < 0) throw new Error('unprotect failed');
  const unprotectUs = cpu(process.cpuUsage(t)) / N;
  return { protectUs, unprotectUs };
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

async function main(): Promise<void> {
  const calls = Number(arg('calls', '100'));
  const seconds = Number(arg('seconds', '8'));
  const rounds = Number(arg('rounds', '2'));
  if (calls * 4 > 500) throw new Error('--calls: at most 125 (the relay has ports 45500-45999)');
  microbench(); // warm-up
  const m = microbench();
  console.log(`crypto alone: protect ${m.protectUs.toFixed(2)} µs, unprotect ${m.unprotectUs.toFixed(2)} µs per 172-byte packet`);
  const load = (): string =>
    loadavg()
      .map((l) => l.toFixed(1))
      .join(' ');
  // A shared machine: other work changes every figure (both modes alike, rounds alternate); the load says how much there was.
  console.log(`${calls} calls (${calls * 200} packets/s through the relay), ${seconds} s measured per round; load average ${load()}\n`);
  console.log('round  mode    CPU ms/s per call  (sys)  relayed  µs/packet   loss    srtp drops');
  const results: Round[] = [];
  for (let i = 0; i < rounds; i++) {
    for (const mode of arg('baseline', '') ? (['plain', 'srtp', 'baseline'] as const) : (['plain', 'srtp'] as const)) {
      const r = await round(mode, calls, seconds);
      results.push(r);
      console.log(
        `${String(i + 1).padEnd(6)} ${mode.padEnd(7)} ${r.cpuPerCallMs.toFixed(3).padStart(17)}  ${r.sysPct.toFixed(0).padStart(4)}%  ${String(r.relayed).padStart(8)}  ${((r.cpuPerCallMs * calls * seconds * 1000) / Math.max(1, r.relayed)).toFixed(2).padStart(9)}  ${r.lossPct.toFixed(2).padStart(5)}%  ${r.drops}${r.upset ? '  (upset: the machine did not keep up)' : ''}`,
      );
    }
  }
  // Medians over the rounds the machine kept up with (an upset round did less or bunched work); all rounds if a mode has none.
  const cpuOf = (mode: Mode): number => {
    const all = results.filter((r) => r.mode === mode);
    const kept = all.filter((r) => !r.upset);
    if (kept.length < all.length)
      console.log(
        `${mode}: ${kept.length > 0 ? kept.length : all.length} of ${all.length} rounds in the median${kept.length > 0 ? ' (the others were upset)' : ' (all were upset)'}`,
      );
    return median((kept.length > 0 ? kept : all).map((r) => r.cpuPerCallMs));
  };
  const plain = cpuOf('plain');
  const srtp = cpuOf('srtp');
  const ratio = srtp / plain;
  if (arg('baseline', '')) {
    const base = cpuOf('baseline');
    console.log(`\nbaseline (${arg('baseline', '')}): SRTP ${base.toFixed(3)} ms/s per call, ${(base / plain).toFixed(2)}× plain`);
  }
  // Paired: each SRTP round against the plain round just before it, so a machine whose speed drifts
  // between rounds (a shared VM's does, by ±20%) moves both sides of each ratio alike.
  const pairs: number[] = [];
  for (let i = 0; i + 1 < results.length; i++) {
    const [a, b] = [results[i]!, results[i + 1]!];
    if (a.mode === 'plain' && b.mode === 'srtp' && !a.upset && !b.upset) pairs.push(b.cpuPerCallMs / a.cpuPerCallMs);
  }
  const paired = pairs.length > 0 ? median(pairs) : Number.NaN;
  const met = ratio <= 1.5 && paired <= 1.5;
  console.log(
    `\nload average at the end ${load()}\nmedian CPU per call: plain ${plain.toFixed(3)} ms/s, SRTP ${srtp.toFixed(3)} ms/s; SRTP / plain = ${ratio.toFixed(2)}` +
      `\nper round (SRTP over the plain round before it): ${pairs.map((x) => x.toFixed(2)).join(' ')}; median ${paired.toFixed(2)}` +
      `\ngoal ≤ 1.5 on both: ${met ? 'met' : 'NOT met'}`,
  );
}

const child = arg('child', '');
if (child === 'relay') void relayChild();
else if (child === 'phones') void phonesChild();
else
  main().catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
