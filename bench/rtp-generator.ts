/**
 * The RTP load generators the media benches share: `c` (bench/rtp-generator.c, compiled with gcc
 * into .tmp/ on first use: sendmmsg/recvmmsg, kernel receive timestamps) and `node` (a dgram
 * child, kept to compare). Both send 50 packets/s of 172 bytes per target port, evenly phased,
 * count the first second as warm-up, and report loss, added jitter (p50/p99/max of delay minus
 * the stream's minimum) and their own CPU. The same generator measures every path of a run, so
 * ratios between paths are fair.
 */
import { spawn, spawnSync, fork, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface GeneratorResult {
  sent: number;
  got: number;
  p50: number;
  p99: number;
  max: number;
  /** The generator's own CPU over the counted window, % of one core. */
  cpuPct: number;
  /** Streams that lost at least one packet, the most one stream lost, and streams that got nothing back (C generator only). */
  lossyStreams?: number;
  worstLost?: number;
  silentStreams?: number;
}

export interface RtpGenerator {
  readonly kind: 'c' | 'node';
  /** Runs one step: 1 s warm-up, then `seconds` counted. */
  run(ports: readonly number[], seconds: number): Promise<GeneratorResult>;
  close(): void;
}

const here = dirname(fileURLToPath(import.meta.url));
const SOURCE = join(here, 'rtp-generator.c');
const BINARY = join(here, '..', '.tmp', 'rtp-generator');

/** Compiles the C generator when the binary is missing or older than its source. */
export function buildCGenerator(): string {
  if (existsSync(BINARY) && statSync(BINARY).mtimeMs >= statSync(SOURCE).mtimeMs) return BINARY;
  mkdirSync(dirname(BINARY), { recursive: true });
  const r = spawnSync('gcc', ['-O2', '-Wall', '-pthread', '-o', BINARY, SOURCE], { encoding: 'utf8' });
  if (r.error) throw new Error(`gcc is needed to build the RTP generator (apt-get install -y gcc), or pass --generator=node: ${r.error.message}`);
  if (r.status !== 0) throw new Error(`gcc failed on bench/rtp-generator.c:\n${r.stderr}`);
  return BINARY;
}

class CGenerator implements RtpGenerator {
  readonly kind = 'c' as const;
  private readonly bin = buildCGenerator();
  private proc: ChildProcess | undefined;

  run(ports: readonly number[], seconds: number): Promise<GeneratorResult> {
    return new Promise((resolve, reject) => {
      const p = spawn(this.bin, [String(seconds), '1000'], { stdio: ['pipe', 'pipe', 'inherit'] });
      this.proc = p;
      let out = '';
      p.stdout!.setEncoding('utf8').on('data', (d: string) => (out += d));
      p.on('error', reject);
      p.on('exit', (code) => {
        this.proc = undefined;
        if (code !== 0) return reject(new Error(`rtp-generator exited with ${code}`));
        try {
          resolve(JSON.parse(out) as GeneratorResult);
        } catch {
          reject(new Error(`rtp-generator printed no result: ${out}`));
        }
      });
      p.stdin!.end(ports.join(' '));
    });
  }

  close(): void {
    this.proc?.kill('SIGKILL');
  }
}

class NodeGenerator implements RtpGenerator {
  readonly kind = 'node' as const;
  private readonly child: ChildProcess;
  private readonly ready: Promise<void>;

  constructor() {
    this.child = fork(join(here, 'rtp-generator-node.ts'), [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    this.ready = new Promise((r) => this.child.once('message', () => r()));
  }

  async run(ports: readonly number[], seconds: number): Promise<GeneratorResult> {
    await this.ready;
    return new Promise((resolve) => {
      const on = (m: { kind: string } & GeneratorResult): void => {
        if (m.kind !== 'result') return;
        this.child.off('message', on);
        resolve(m);
      };
      this.child.on('message', on);
      this.child.send({ kind: 'run', ports, seconds });
    });
  }

  close(): void {
    if (this.child.exitCode === null) this.child.kill('SIGKILL');
  }
}

export function createGenerator(kind: string): RtpGenerator {
  if (kind === 'c') return new CGenerator();
  if (kind === 'node') return new NodeGenerator();
  throw new Error(`--generator=${kind}: c or node`);
}
