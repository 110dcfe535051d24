import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const PACKAGES: Record<string, string> = { sipp: 'sip-tester', baresip: 'baresip-core', chromium: 'chromium', sox: 'sox', openssl: 'openssl' };

/** Fails (never skips) when a peer tool is missing, naming the Debian package to install. */
export function requireTool(tool: keyof typeof PACKAGES | string): string {
  const r = spawnSync('sh', ['-c', `command -v ${tool}`], { encoding: 'utf8' });
  const path = r.stdout.trim();
  if (r.status !== 0 || !path) {
    throw new Error(`${tool} is not installed: apt-get install -y ${PACKAGES[tool] ?? tool} (this real-peer test needs it)`);
  }
  return path;
}

export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `sb-tel-${prefix}-`));
}

/** An 8 kHz mono 16-bit WAV of a sine, padded with silence (baresip hangs up at end of file). */
export function makeToneWav(path: string, freq: number, seconds: number, padSeconds = 30): void {
  requireTool('sox');
  const r = spawnSync('sox', ['-n', '-r', '8000', '-c', '1', '-b', '16', path, 'synth', String(seconds), 'sine', String(freq), 'vol', '0.5', 'pad', '0', String(padSeconds)]);
  if (r.status !== 0) throw new Error(`sox failed: ${r.stderr}`);
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Waits until `cond` is true, polling; throws with `what` after `ms`. */
export async function waitFor(cond: () => boolean, ms: number, what: string): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}
