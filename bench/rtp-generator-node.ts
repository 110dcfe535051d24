/**
 * The Node RTP generator (a child process of bench/rtp-generator.ts): 50 packets/s per target
 * port from 4 dgram sockets, on a 1 ms timer, timing each echo when its 'message' event runs (so
 * this process's own scheduling delays count as jitter: the C generator avoids that).
 */
import { createSocket, type Socket } from 'node:dgram';

const HOST = '127.0.0.1';
const PACKET = 172;
const BUFFER = 1 << 20;
type Msg = { kind: string; [k: string]: unknown };

async function main(): Promise<void> {
  const socks: Socket[] = [];
  for (let i = 0; i < 4; i++) {
    const s = createSocket({ type: 'udp4', recvBufferSize: BUFFER, sendBufferSize: BUFFER });
    await new Promise<void>((r) => s.bind(0, HOST, () => r()));
    socks.push(s);
  }
  process.on('message', (m: Msg) => {
    if (m.kind === 'run') run(socks, m.ports as number[], m.seconds as number);
  });
  process.send!({ kind: 'ready' });
}

function run(socks: Socket[], ports: number[], seconds: number): void {
  const n = ports.length;
  const sent = new Uint32Array(n);
  const seq = new Uint32Array(n);
  const got = new Uint32Array(n);
  const minDelay = new Float64Array(n).fill(Infinity);
  const delays = new Float64Array(n * 50 * (seconds + 2));
  const delayStream = new Uint32Array(delays.length);
  let nd = 0;
  const t0 = performance.now();
  // The first second warms up (latching, JIT, socket buffers): it is sent but not counted.
  const countFrom = t0 + 1000;
  const stopAt = countFrom + seconds * 1000;
  let cpu0: NodeJS.CpuUsage | undefined;
  let cpuPct = 0;
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
    if (!cpu0 && now >= countFrom) cpu0 = process.cpuUsage();
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
    if (cpu0) {
      const c = process.cpuUsage(cpu0);
      cpuPct = (c.user + c.system) / 10 / (now - countFrom);
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
      process.send!({ kind: 'result', sent: totalSent, got: totalGot, p50: p(0.5), p99: p(0.99), max: added.at(-1) ?? NaN, cpuPct });
    }, 500);
  };
  tick();
}

void main();
