import { spawn } from 'node:child_process';
import { requireTool } from './tools';

export interface SippResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs sipp to completion (-nostdin, a hard timeout) and returns its exit code and output. */
export function runSipp(args: string[], opts: { cwd?: string; timeoutMs?: number } = {}): Promise<SippResult> {
  requireTool('sipp');
  return new Promise((resolve) => {
    const p = spawn('sipp', [...args, '-nostdin'], { cwd: opts.cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    p.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const t = setTimeout(() => p.kill('SIGKILL'), opts.timeoutMs ?? 60_000);
    p.on('exit', (code) => {
      clearTimeout(t);
      resolve({ code, stdout, stderr });
    });
  });
}

/** Starts a long-running sipp (a UAS); stop() ends it. */
export function startSipp(args: string[], opts: { cwd?: string } = {}): { stop: () => Promise<SippResult>; output: () => string } {
  requireTool('sipp');
  const p = spawn('sipp', [...args, '-nostdin'], { cwd: opts.cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  p.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  p.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const done = new Promise<SippResult>((resolve) => p.on('exit', (code) => resolve({ code, stdout, stderr })));
  return {
    output: () => stdout + stderr,
    stop: async () => {
      if (p.exitCode === null) p.kill('SIGTERM');
      return done;
    },
  };
}
