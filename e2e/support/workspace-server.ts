import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { startDemoApp } from './server';

const root = new URL('../../', import.meta.url).pathname;
const uiDir = join(root, 'packages/workspace-ui');
const distIndex = join(uiDir, 'dist/index.html');

function newestMtime(dir: string): number {
  let t = 0;
  for (const n of readdirSync(dir)) {
    const p = join(dir, n);
    const st = statSync(p);
    t = Math.max(t, st.isDirectory() ? newestMtime(p) : st.mtimeMs);
  }
  return t;
}

const isStale = (): boolean => !existsSync(distIndex) || Math.max(newestMtime(join(uiDir, 'src')), statSync(join(uiDir, 'index.html')).mtimeMs) > statSync(distIndex).mtimeMs;

/** Builds the workspace UI when dist is missing or older than its sources (a lock keeps parallel files apart). */
export async function ensureWorkspaceBuilt(): Promise<void> {
  if (!isStale()) return;
  const lock = join(root, '.tmp', 'workspace-ui-build.lock');
  mkdirSync(join(root, '.tmp'), { recursive: true });
  const deadline = Date.now() + 120_000;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      if (existsSync(lock) && Date.now() - statSync(lock).mtimeMs > 120_000) rmSync(lock, { recursive: true, force: true });
      if (Date.now() > deadline) throw new Error(`workspace UI build lock ${lock} held too long`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  try {
    if (!isStale()) return;
    const r = spawnSync('npm', ['run', 'build', '-w', '@switchboard/workspace-ui'], { cwd: root, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`workspace UI build failed:\n${r.stdout}\n${r.stderr}`);
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

/** The demo server (engine off, HTTP on port 0) with the built workspace UI at /workspace/. */
export async function startWorkspaceServer(): Promise<{ app: FastifyInstance; baseUrl: string; close(): Promise<void> }> {
  await ensureWorkspaceBuilt();
  return startDemoApp('switchboard-e2e-ws-', () => ({ workspaceUiDir: join(uiDir, 'dist') }));
}
