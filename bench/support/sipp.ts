/**
 * sipp for bench/calls-e2e.ts: a clear error when it is missing, processes
 * that are always killed on exit, and its statistics files read back
 * (-trace_stat's CSV for counts, -trace_rtt's CSV for each INVITE → 200 time).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export function requireSipp(): void {
  const r = spawnSync('sipp', ['-v'], { encoding: 'utf8' });
  if (r.error || !/SIPp v/.test(`${r.stdout}${r.stderr}`)) {
    throw new Error("sipp is not installed (Debian package sip-tester: apt-get install sip-tester); bench/calls-e2e.ts drives callers and agents' phones with it");
  }
}

/** Where sip-tester ships its DTMF pcaps (dtmf_2833_*.pcap). */
export function pcapDir(): string {
  for (const d of ['/usr/share/sip-tester', '/usr/share/sipp/pcap', '/usr/local/share/sipp/pcap']) if (existsSync(join(d, 'dtmf_2833_pound.pcap'))) return d;
  throw new Error("sipp's DTMF pcaps (dtmf_2833_*.pcap) were not found: install sip-tester");
}

const live = new Set<ChildProcess>();
/** Kills every sipp still running (exit, ctrl-c). */
export function killAllSipp(): void {
  for (const p of live) p.kill('SIGKILL');
  live.clear();
}

export interface SippRun {
  proc: ChildProcess;
  /** Resolves with sipp's exit code (0: every call succeeded, 1: some failed, others: errors). */
  done: Promise<number>;
  stderr(): string;
}

/** Starts sipp with `args` in `cwd` (its scenario's relative files and its statistics files live there). */
export function startSipp(args: string[], cwd: string): SippRun {
  const proc = spawn('sipp', [...args, '-nostdin'], { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
  live.add(proc);
  let err = '';
  proc.stderr!.on('data', (b: Buffer) => (err = (err + b.toString()).slice(-4000)));
  const done = new Promise<number>((resolve) => {
    proc.once('exit', (code, signal) => {
      live.delete(proc);
      resolve(code ?? (signal ? 128 : 255));
    });
    proc.once('error', () => resolve(255));
  });
  return { proc, done, stderr: () => err };
}

export interface SippStats {
  created: number;
  successful: number;
  failed: number;
  /** Per-cause failure counts that are not zero. */
  failures: Record<string, number>;
  /** Each call's INVITE → 200 OK time (ms), from -trace_rtt. */
  rttMs: number[];
}

/** The last row of the -trace_stat CSV and all of the -trace_rtt CSV of the sipp run with `pid`, in `dir`. */
export function readSippStats(dir: string, pid: number): SippStats {
  const files = readdirSync(dir);
  const stat = files.find((f) => f.endsWith(`_${pid}_.csv`) || f.endsWith(`_${pid}.csv`));
  const rtt = files.find((f) => f.endsWith(`_${pid}_rtt.csv`));
  const out: SippStats = { created: 0, successful: 0, failed: 0, failures: {}, rttMs: [] };
  if (stat) {
    const lines = readFileSync(join(dir, stat), 'utf8').trim().split('\n');
    const head = lines[0]!.split(';');
    const last = lines.at(-1)!.split(';');
    const get = (name: string) => Number(last[head.indexOf(name)] ?? 0);
    out.created = get('TotalCallCreated');
    out.successful = get('SuccessfulCall(C)');
    out.failed = get('FailedCall(C)');
    head.forEach((h, i) => {
      if (/^Failed.+\(C\)$/.test(h) && h !== 'FailedCall(C)' && Number(last[i]) > 0) out.failures[h.replace(/^Failed|\(C\)$/g, '')] = Number(last[i]);
    });
  }
  if (rtt) {
    for (const line of readFileSync(join(dir, rtt), 'utf8').trim().split('\n').slice(1)) {
      const v = Number(line.split(';')[1]);
      if (Number.isFinite(v)) out.rttMs.push(v);
    }
  }
  return out;
}
