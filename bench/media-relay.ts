/**
 * Media relay ceiling: how many RTP packets a second one process relays with
 * no loss, through (1) a bare dgram relay (recv on one socket, send from
 * another: the floor any relay pays), (2) our bridged RtpLegs (parse, DTMF
 * check, header rewrite, send) and (3) the same with every call recorded
 * (decode, 20 ms ticks, stereo WAV writes).
 *
 *   node --import tsx bench/media-relay.ts [--calls=100] [--seconds=2] [--tries=2] [--phone-procs=2] [--rates=20000,40000,...]
 *   node --import tsx bench/media-relay.ts --hot-path-only   (per-packet cost and GC count, no sockets)
 *
 * A call is two legs, each talking to a "phone" socket (symmetric RTP, as real
 * phones do: send from and receive on the same port); the phones send into
 * both legs (100 in, 100 out per call at 50 packets/s a leg: "200 packets/s
 * per call"). The phones run in a child process and count what comes back;
 * the relay's own CPU time is reported per rate. A rate "passes" with loss
 * <= 0.1%. Our legs latch and then use connected UDP sockets (no per-send
 * address handling); the bare relay sends to an address, as an echo relay does.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { createSocket, type Socket } from 'node:dgram';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PerformanceObserver } from 'node:perf_hooks';
import { systemClock } from '@switchboard/shared';
import { MediaEngine, MediaLeg, payloadMapFor, writeRtpHeader, type CallRecorder, type G711Codec, type RtpLeg } from '@switchboard/media';

const HOST = '127.0.0.1';
const PACKET = 172;
/** Receive buffer per relay socket (both relays alike): rides out scheduling hiccups. */
const SOCKET_BUFFER = 1 << 20;
const PHONE_SOCKETS = 8;
const arg = (name: string, dflt: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? dflt;

// ---------------------------------------------------------------- children
type Msg = { kind: string; [k: string]: unknown };

/**
 * The phones: PHONE_SOCKETS sockets that send RTP (each leg from one socket)
 * and count what comes back on all of them, as symmetric-RTP phones do. A
 * step id rides in the payload so stragglers of an earlier step are ignored.
 */
async function phones(): Promise<void> {
  process.on('disconnect', () => process.exit(0));
  let count = 0;
  let step = 0;
  const socks: Socket[] = [];
  const own = Number(arg('sockets', String(PHONE_SOCKETS)));
  for (let i = 0; i < own; i++) {
    const s = createSocket('udp4');
    s.on('message', (msg: Buffer) => {
      if (msg.length >= 16 && msg.readUInt32BE(12) === step) count++;
    });
    await new Promise<void>((r) => s.bind(0, HOST, () => r()));
    s.setRecvBufferSize(4 * 1024 * 1024);
    socks.push(s);
  }
  process.on('message', async (m: Msg) => {
    if (m.kind === 'count') return process.send!({ kind: 'count', count });
    if (m.kind === 'reset') {
      // Every phone process learns the step before any sends, so none misses a packet.
      count = 0;
      step = m.step as number;
      return process.send!({ kind: 'reset-ok' });
    }
    if (m.kind !== 'run') return;
    const targets = m.targets as Array<[number, number]>;
    const rate = m.rate as number;
    const bufs = targets.map((_, i) => {
      const b = Buffer.alloc(PACKET);
      writeRtpHeader(b, 0, 0, 0, 0, 0x10000 + i);
      b.fill(0xff, 12);
      b.writeUInt32BE(step, 12);
      return b;
    });
    const seqs = new Uint16Array(targets.length);
    const total = Math.round(rate * (m.seconds as number));
    const start = performance.now();
    let sent = 0;
    let next = 0;
    while (sent < total) {
      const due = Math.min(total, Math.floor(((performance.now() - start) / 1000) * rate));
      while (sent < due) {
        const i = next;
        next = next + 1 === targets.length ? 0 : next + 1;
        const b = bufs[i]!;
        const q = seqs[i]!;
        b.writeUInt16BE(q, 2);
        b.writeUInt32BE((q * 160) >>> 0, 4);
        seqs[i] = q + 1;
        const [sock, port] = targets[i]!;
        socks[sock]!.send(b, port, HOST);
        sent++;
      }
      await new Promise((r) => setImmediate(r));
    }
    process.send!({ kind: 'done', sent });
  });
  process.send!({ kind: 'ready', ports: socks.map((s) => s.address().port) });
}

// ---------------------------------------------------------------- relays
interface Relay {
  name: string;
  /** [phone socket index, relay port]: who sends where. */
  targets: Array<[number, number]>;
  close(): Promise<void>;
}

/** Call i: side A talks to phone socket 2i mod n, side B to 2i+1 mod n. */
const sideA = (i: number) => (2 * i) % PHONE_SOCKETS;
const sideB = (i: number) => (2 * i + 1) % PHONE_SOCKETS;

async function bind(): Promise<Socket> {
  const s = createSocket('udp4');
  await new Promise<void>((r) => s.bind(0, HOST, () => r()));
  s.setRecvBufferSize(SOCKET_BUFFER);
  return s;
}

/** The floor: per call two sockets, each datagram sent on out of the other one. */
async function bareRelay(calls: number, phonePorts: number[]): Promise<Relay> {
  const socks: Socket[] = [];
  const targets: Array<[number, number]> = [];
  for (let i = 0; i < calls; i++) {
    const a = await bind();
    const b = await bind();
    const toA = phonePorts[sideA(i)]!;
    const toB = phonePorts[sideB(i)]!;
    a.on('message', (msg) => b.send(msg, toB, HOST));
    b.on('message', (msg) => a.send(msg, toA, HOST));
    socks.push(a, b);
    targets.push([sideA(i), a.address().port], [sideB(i), b.address().port]);
  }
  return { name: 'bare dgram relay', targets, close: async () => void (await Promise.all(socks.map((s) => new Promise<void>((r) => s.close(() => r()))))) };
}

async function mediaRelay(calls: number, phonePorts: number[], record: boolean): Promise<Relay> {
  const engine = new MediaEngine({ portRange: { min: 27200, max: 27999 }, socketBufferBytes: SOCKET_BUFFER });
  const targets: Array<[number, number]> = [];
  const legs: RtpLeg[] = [];
  const recs: CallRecorder[] = [];
  const dir = mkdtempSync(join(tmpdir(), 'sb-bench-'));
  for (let i = 0; i < calls; i++) {
    const a = await engine.createLeg({ codec: 'PCMU' });
    const b = await engine.createLeg({ codec: 'PCMU' });
    a.setRemote(HOST, phonePorts[sideA(i)]!, 0);
    b.setRemote(HOST, phonePorts[sideB(i)]!, 0);
    engine.bridge(a, b);
    legs.push(a, b);
    targets.push([sideA(i), a.localPort], [sideB(i), b.localPort]);
    if (record) recs.push(engine.record({ path: join(dir, `call-${i}.wav`), left: [a], right: [b] }));
  }
  return {
    name: record ? 'RtpLeg bridge + recording' : 'RtpLeg bridge',
    targets,
    close: async () => {
      await Promise.all(recs.map((r) => r.stop()));
      await engine.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

// ---------------------------------------------------------------- hot path, no sockets
/** A leg whose transmit does nothing: isolates our per-packet work from the kernel's. */
class NullLeg extends MediaLeg {
  constructor(id: string, codec: G711Codec) {
    super({ id, clock: systemClock, payload: payloadMapFor(codec) });
    this.sm.transition('active');
  }
  inject(b: Buffer): void {
    this.receive(b, 0, b.length);
  }
  protected transmit(): void {}
  async close(): Promise<void> {
    this.markClosed();
  }
}

async function hotPath(): Promise<void> {
  let gcs = 0;
  const obs = new PerformanceObserver((list) => (gcs += list.getEntries().length));
  obs.observe({ entryTypes: ['gc'] });
  const N = 2_000_000;
  const cases: Array<[string, G711Codec, boolean]> = [
    ['relay PCMU -> PCMU', 'PCMU', false],
    ['relay PCMU -> PCMA (transcode)', 'PCMA', false],
    ['relay + decode for a recording tap', 'PCMU', true],
  ];
  console.log(`\nhot path without sockets (receive -> parse -> rewrite -> transmit), ${N / 1e6} M packets each, CPU time:`);
  for (const [name, codec, tap] of cases) {
    const a = new NullLeg('a', 'PCMU');
    const b = new NullLeg('b', codec);
    a.peer = b;
    b.peer = a;
    if (tap) a.addTap({ onPcm: () => {} });
    const pkt = Buffer.alloc(PACKET);
    writeRtpHeader(pkt, 0, 0, 1, 160, 0x1234);
    for (let i = 0; i < 100_000; i++) a.inject(pkt); // warm up the JIT
    await new Promise((r) => setTimeout(r, 50));
    gcs = 0;
    const c0 = process.cpuUsage(); // CPU time, not wall time: the machine may be shared
    for (let i = 0; i < N; i++) {
      pkt[0] = 0x80; // relay rewrote the header in place; keep it a plain 12-byte one
      pkt[1] = 0;
      a.inject(pkt);
    }
    const c = process.cpuUsage(c0);
    const ns = ((c.user + c.system) * 1e3) / N;
    await new Promise((r) => setTimeout(r, 50));
    console.log(`  ${name.padEnd(36)} ${ns.toFixed(0).padStart(5)} ns/packet  (${(1e9 / ns / 1e6).toFixed(1)} M packets/s/core), GCs during run: ${gcs}`);
  }
  obs.disconnect();
  console.log('  (the GCs are young-generation scavenges of the one boxed double per packet the clock read returns)');
}

// ---------------------------------------------------------------- driver
function child(role: string, extra: string[] = []): Promise<{ proc: ChildProcess; ready: Msg }> {
  const proc = fork(fileURLToPath(import.meta.url), [`--role=${role}`, ...extra], { execArgv: ['--import', 'tsx'] });
  return new Promise((resolve) => proc.once('message', (ready: Msg) => resolve({ proc, ready })));
}

function ask(proc: ChildProcess, msg: Msg, reply: string): Promise<Msg> {
  return new Promise((resolve) => {
    const on = (m: Msg) => {
      if (m.kind !== reply) return;
      proc.off('message', on);
      resolve(m);
    };
    proc.on('message', on);
    proc.send(msg);
  });
}

interface Row {
  rate: number;
  sent: number;
  received: number;
  loss: number;
  cpu: number;
}

let stepId = 1;

/** Phone processes: each owns a slice of the PHONE_SOCKETS sockets (global index = proc·k + local). */
interface Phones {
  procs: ChildProcess[];
  perProc: number;
  ports: number[];
}

async function startPhones(n: number): Promise<Phones> {
  const perProc = PHONE_SOCKETS / n;
  const started = await Promise.all(Array.from({ length: n }, () => child('phones', [`--sockets=${perProc}`])));
  return { procs: started.map((c) => c.proc), perProc, ports: started.flatMap((c) => c.ready.ports as number[]) };
}

async function step(relay: Relay, ph: Phones, rate: number, seconds: number): Promise<Row> {
  const id = ++stepId;
  await new Promise((r) => setTimeout(r, 200));
  await Promise.all(ph.procs.map((proc) => ask(proc, { kind: 'reset', step: id }, 'reset-ok')));
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const runs = ph.procs.map((proc, p) => {
    const mine = relay.targets.filter(([g]) => Math.floor(g / ph.perProc) === p).map(([g, port]) => [g - p * ph.perProc, port]);
    return ask(proc, { kind: 'run', targets: mine, rate: (rate * mine.length) / relay.targets.length, seconds, step: id }, 'done');
  });
  const done = await Promise.all(runs);
  const wall = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  await new Promise((r) => setTimeout(r, 500));
  const counts = await Promise.all(ph.procs.map((proc) => ask(proc, { kind: 'count' }, 'count')));
  const sent = done.reduce((a, d) => a + (d.sent as number), 0);
  const received = counts.reduce((a, c) => a + (c.count as number), 0);
  return { rate, sent, received, loss: Math.max(0, 1 - received / sent), cpu: (cpu.user + cpu.system) / 1000 / wall };
}

function show(name: string, r: Row, attempt: number): void {
  console.log(
    `  ${name.padEnd(26)} ${String(r.rate).padStart(7)} pps  sent ${String(r.sent).padStart(7)}  got ${String(r.received).padStart(7)}  loss ${(r.loss * 100).toFixed(2).padStart(6)}%  relay CPU ${(r.cpu * 100).toFixed(0).padStart(3)}% of a core  ${((r.cpu * 1e6) / r.rate).toFixed(1).padStart(5)} µs/packet${attempt > 0 ? '  (retry)' : ''}`,
  );
}

async function main(): Promise<void> {
  const calls = Number(arg('calls', '100'));
  const seconds = Number(arg('seconds', '2'));
  const tries = Number(arg('tries', '2'));
  const rates = arg('rates', '5000,10000,15000,20000,25000,30000,40000,50000,60000,70000,80000').split(',').map(Number);
  console.log(`media relay bench: ${calls} calls (${calls * 2} legs), ${PACKET}-byte RTP packets, ${seconds} s per step, best of ${tries}; Node ${process.version}`);
  const ph = await startPhones(Number(arg('phone-procs', '2')));
  const phonePorts = ph.ports;
  // Harness ceiling: phones straight to each other, no relay in between.
  const direct: Relay = {
    name: 'direct (no relay)',
    targets: Array.from({ length: calls * 2 }, (_, i) => [i % PHONE_SOCKETS, phonePorts[(i + 1) % PHONE_SOCKETS]!] as [number, number]),
    close: async () => {},
  };
  const relays = [direct, await bareRelay(calls, phonePorts), await mediaRelay(calls, phonePorts, false), await mediaRelay(calls, phonePorts, true)];
  const ceiling = new Map<Relay, number>(relays.map((r) => [r, 0]));
  const failed = new Set<Relay>();
  // Rates ascend; relays alternate at each rate so all see the same machine load.
  for (const rate of rates) {
    for (const relay of relays) {
      if (failed.has(relay)) continue;
      let best: Row | undefined;
      for (let t = 0; t < tries; t++) {
        const r = await step(relay, ph, rate, seconds);
        show(relay.name, r, t);
        if (!best || r.loss < best.loss) best = r;
        if (r.loss <= 0.001) break;
      }
      if (best!.loss <= 0.001) ceiling.set(relay, rate);
      else failed.add(relay);
    }
    if (failed.size === relays.length) break;
  }
  for (const r of relays) await r.close();
  for (const p of ph.procs) p.kill();
  const bare = ceiling.get(relays[1]!)!;
  console.log('\nceilings (highest rate with loss <= 0.1%):');
  for (const r of relays) {
    const c = ceiling.get(r)!;
    const ratio = r === direct ? '' : `ratio to bare ${bare > 0 ? (c / bare).toFixed(2) : 'n/a'}`;
    console.log(`  ${r.name.padEnd(26)} ${String(c).padStart(7)} pps   ${ratio.padEnd(20)} ≈ ${Math.floor(c / 200)} calls at 200 pps`);
  }
  console.log('\nnote: the phones run on this machine too; the direct row is the harness ceiling. Figures move with machine load.');
  await hotPath();
}

const role = arg('role', '');
if (role === 'phones') void phones();
else if (process.argv.includes('--hot-path-only')) await hotPath();
else await main();
