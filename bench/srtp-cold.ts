/**
 * SRTP's crypto as the relay meets it, in one process and without sockets: what a relayed packet
 * costs (unprotect with the receiving leg's context, a header byte changed as the rewriter does,
 * protect in place with the sending leg's) when every context's memory is cold. In the relay a
 * stream's next packet comes 20 ms after its last, with hundreds of others and the kernel's work
 * in between, so its context is out of the CPU's caches each time; a hot loop over one context
 * (bench/srtp.ts's "crypto alone") measures a third of what the relay pays. Here, bursts of one
 * packet per stream (2 per call) run over 4 contexts per call, and 48 MB are written between
 * bursts to evict the caches; only the packets' handling is timed (CPU time). Also run hot (no
 * eviction) for the difference.
 *
 * For a before/after of a change to the crypto: --a and --b name two media packages' index.ts
 * (default: this checkout's, for both: the noise between two identical sides); each side runs
 * in processes of its own, alternating (--runs each), and the medians are printed. Far less noisy than bench/srtp.ts, which
 * measures the whole relay and is the figure the goal is read from.
 *
 *   node --import tsx bench/srtp-cold.ts [--calls=100] [--bursts=1000] [--runs=4] [--a=PATH] [--b=PATH]
 */
import { resolve as resolvePath } from 'node:path';
import { fork } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { SrtpMasterKey } from '@switchboard/media';

const arg = (name: string, dflt: string): string => process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? dflt;
const here = fileURLToPath(new URL('../packages/media/src/index.ts', import.meta.url));
type Media = typeof import('@switchboard/media');
type Ctx = InstanceType<Media['SrtpContext']>;

const calls = Number(arg('calls', '100'));
const bursts = Number(arg('bursts', '1000'));
const WARMUP = 20;
const streams = calls * 2;

function rtp(seq: number, ssrc: number): Buffer {
  const b = Buffer.alloc(172, 0xff);
  b[0] = 0x80;
  b.writeUInt16BE(seq & 0xffff, 2);
  b.writeUInt32BE((seq * 160) >>> 0, 4);
  b.writeUInt32BE(ssrc >>> 0, 8);
  return b;
}

interface Side {
  name: string;
  phone: Ctx[];
  rx: Ctx[];
  tx: Ctx[];
  us: number;
  packets: number;
}

async function side(name: string, path: string): Promise<Side> {
  const m = (await import(pathToFileURL(resolvePath(path)).href)) as Media;
  const keys: SrtpMasterKey[] = Array.from({ length: streams }, () => m.newMasterKey());
  return {
    name,
    phone: keys.map((k) => new m.SrtpContext(k)),
    rx: keys.map((k) => new m.SrtpContext(k)),
    tx: keys.map(() => new m.SrtpContext(m.newMasterKey())),
    us: 0,
    packets: 0,
  };
}

const cpuUs = (): number => {
  const u = process.cpuUsage();
  return u.user + u.system;
};
const evictor = new Uint8Array(48 << 20);
let sink = 0;

function burst(s: Side, n: number, cold: boolean): void {
  // The phones' packets, fresh buffers as dgram gives them, made before the clock starts.
  const packets: Buffer[] = [];
  for (let i = 0; i < streams; i++) {
    const out = Buffer.alloc(182);
    s.phone[i]!.protect(rtp(n, 0x1000 + i), 0, 172, out);
    packets.push(Buffer.from(out));
  }
  if (cold) for (let j = 0; j < evictor.length; j += 64) evictor[j] = (evictor[j]! + 1) & 0xff;
  const t = cpuUs();
  for (let i = 0; i < streams; i++) {
    const p = packets[i]!;
    if (s.rx[i]!.unprotect(p, 0, 182) !== 172) throw new Error(`${s.name}: unprotect failed`);
    p[2] = p[2]! ^ 1;
    s.tx[i]!.protect(p, 0, 172, p, 0);
    sink += p[181]!;
  }
  if (n >= WARMUP) {
    s.us += cpuUs() - t;
    s.packets += streams;
  }
}

/** One side alone in this process (a child): its cold and hot figures, µs per relayed packet. */
async function child(path: string): Promise<void> {
  const out: number[] = [];
  for (const cold of [true, false]) {
    const s = await side('x', path);
    const count = cold ? bursts : Math.max(WARMUP + 50, bursts >> 2);
    for (let n = 0; n < count; n++) burst(s, n, cold);
    out.push(s.us / s.packets);
  }
  process.send!(out);
  if (sink < 0) console.log(sink);
}

async function main(): Promise<void> {
  const paths = { a: arg('a', here), b: arg('b', here) };
  const runs = Number(arg('runs', '4'));
  const got = { a: [] as number[][], b: [] as number[][] };
  // Each side in a process of its own (two sides in one process disturbed each other: the one
  // made second ran a tenth slower whatever its code), a, b, b, a, a, b…: drift hits both alike.
  for (let r = 0; r < runs; r++) {
    for (const name of r % 2 ? (['b', 'a'] as const) : (['a', 'b'] as const)) {
      const p = fork(fileURLToPath(import.meta.url), [`--child=${paths[name]}`, `--calls=${calls}`, `--bursts=${bursts}`], { execArgv: ['--import', 'tsx'] });
      got[name].push(await new Promise<number[]>((res, rej) => p.once('message', (m) => res(m as number[])).once('exit', (c) => c && rej(new Error(`child exited ${c}`)))));
    }
  }
  const med = (xs: number[]): number => [...xs].sort((x, y) => x - y)[xs.length >> 1]!;
  for (const [i, label] of ['cold', 'hot '].entries()) {
    const a = got.a.map((x) => x[i]!);
    const b = got.b.map((x) => x[i]!);
    console.log(
      `${label}: a ${med(a).toFixed(2)} µs, b ${med(b).toFixed(2)} µs per relayed packet, medians of ${runs} (a: ${a.map((x) => x.toFixed(2)).join(' ')}; b: ${b.map((x) => x.toFixed(2)).join(' ')})`,
    );
  }
}

const childPath = arg('child', '');
(childPath ? child(childPath) : main()).catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
