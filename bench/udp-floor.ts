/**
 * What one loopback RTP datagram costs, below the media code: the floor under the conference
 * mixer's CPU (bench/results/conferences.md). A receiver child holds N dgram sockets (a party's
 * ear each); the sender sends ROUNDS bursts of one 172-byte datagram to each, 5 ms apart, as
 *   node   dgram `send` on a connected socket (what DgramRtpSocket and the I/O threads do),
 *   c      send(2) on a connected socket, from C (bench/udp-floor.c),
 *   mmsg   one sendmmsg(2) per burst, from C (what a native batching addon could do),
 * and prints user and system CPU µs per datagram for the sender, and for the receiver (a Node
 * dgram 'message' per datagram: what the mixer pays per party per 20 ms on the way in). On
 * loopback a send also runs the receiving socket's network stack, so a sender's system time
 * includes the delivery.
 *
 *   node --import tsx bench/udp-floor.ts [--sockets=300] [--rounds=300]
 *
 * Ports: 38900-39199 on 127.0.0.1 (receivers).
 */
import { fork, spawnSync, type ChildProcess } from 'node:child_process';
import { createSocket, type Socket } from 'node:dgram';
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const FIRST_PORT = 38900;
const arg = (name: string, dflt: string): string => process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3) ?? dflt;
const N = Math.min(300, Number(arg('sockets', '300')));
const ROUNDS = Number(arg('rounds', '300'));
const here = dirname(fileURLToPath(import.meta.url));

type Cpu = { user: number; sys: number };

async function receiver(): Promise<void> {
  let got = 0;
  for (let i = 0; i < N; i++) {
    const s = createSocket('udp4');
    s.on('message', () => void got++);
    await new Promise<void>((r) => s.bind(FIRST_PORT + i, '127.0.0.1', r));
  }
  let c0 = process.cpuUsage();
  process.on('message', (m: string) => {
    if (m === 'mark') {
      got = 0;
      c0 = process.cpuUsage();
      process.send!('marked');
    } else if (m === 'read') {
      const c = process.cpuUsage(c0);
      process.send!({ got, user: c.user, sys: c.system });
    } else process.exit(0);
  });
  process.send!('ready');
}

function buildC(): string {
  const src = join(here, 'udp-floor.c');
  const bin = join(here, '..', '.tmp', 'udp-floor');
  if (existsSync(bin) && statSync(bin).mtimeMs >= statSync(src).mtimeMs) return bin;
  mkdirSync(dirname(bin), { recursive: true });
  const r = spawnSync('gcc', ['-O2', '-Wall', '-o', bin, src], { encoding: 'utf8' });
  if (r.error) throw new Error(`gcc is needed for bench/udp-floor.c (apt-get install -y gcc): ${r.error.message}`);
  if (r.status !== 0) throw new Error(`gcc failed on bench/udp-floor.c:\n${r.stderr}`);
  return bin;
}

const once = <T>(p: ChildProcess): Promise<T> => new Promise((r) => p.once('message', (m) => r(m as T)));

async function nodeSender(): Promise<Cpu> {
  const socks: Socket[] = [];
  for (let i = 0; i < N; i++) {
    const s = createSocket('udp4');
    await new Promise<void>((r) => s.bind(0, '127.0.0.1', r));
    await new Promise<void>((r) => s.connect(FIRST_PORT + i, '127.0.0.1', r));
    socks.push(s);
  }
  const buf = Buffer.alloc(172, 0x80);
  const c0 = process.cpuUsage();
  for (let k = 0; k < ROUNDS; k++) {
    for (const s of socks) s.send(buf);
    await new Promise((r) => setTimeout(r, 5));
  }
  const c = process.cpuUsage(c0);
  for (const s of socks) s.close();
  return { user: c.user / (N * ROUNDS), sys: c.system / (N * ROUNDS) };
}

function cSender(bin: string, mode: 'send' | 'mmsg'): Cpu {
  const r = spawnSync(bin, [String(FIRST_PORT), String(N), String(ROUNDS), mode], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`udp-floor ${mode} failed (${r.status}): ${r.stderr}`);
  return JSON.parse(r.stdout) as Cpu;
}

async function main(): Promise<void> {
  const bin = buildC();
  const rx = fork(fileURLToPath(import.meta.url), ['--child', `--sockets=${N}`], { execArgv: process.execArgv });
  await once(rx);
  const f = (x: number): string => x.toFixed(2).padStart(6);
  console.log(`${N} sockets, ${ROUNDS} bursts 5 ms apart, 172-byte datagrams on loopback; CPU µs per datagram\n`);
  console.log('sender          user    sys  total | receiver (Node dgram) user    sys  total | got');
  for (const mode of ['node', 'c', 'mmsg', 'node', 'c', 'mmsg'] as const) {
    rx.send('mark');
    await once(rx);
    const s = mode === 'node' ? await nodeSender() : cSender(bin, mode === 'c' ? 'send' : 'mmsg');
    await new Promise((r) => setTimeout(r, 200));
    rx.send('read');
    const r = await once<{ got: number; user: number; sys: number }>(rx);
    const n = N * ROUNDS;
    console.log(
      `${mode.padEnd(12)} ${f(s.user)} ${f(s.sys)} ${f(s.user + s.sys)} |                       ${f(r.user / n)} ${f(r.sys / n)} ${f((r.user + r.sys) / n)} | ${r.got}/${n}`,
    );
  }
  rx.send('exit');
}

if (process.argv.includes('--child')) void receiver();
else await main();
