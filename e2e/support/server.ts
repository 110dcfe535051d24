import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '@switchboard/server';

const root = new URL('../../', import.meta.url).pathname;
const adapterDir = join(root, 'packages/adapter-ui');
const distIndex = join(adapterDir, 'dist/index.html');

function newestMtime(dir: string): number {
  let t = 0;
  for (const n of readdirSync(dir)) {
    const p = join(dir, n);
    const st = statSync(p);
    t = Math.max(t, st.isDirectory() ? newestMtime(p) : st.mtimeMs);
  }
  return t;
}

function isStale(): boolean {
  // The adapter bundles the CRM bridges (packages/crm): a change there is a change to the adapter.
  const sources = [join(adapterDir, 'src'), join(root, 'packages/crm/src')];
  return !existsSync(distIndex) || Math.max(...sources.map(newestMtime), statSync(join(adapterDir, 'index.html')).mtimeMs) > statSync(distIndex).mtimeMs;
}

/**
 * Builds the adapter when dist is missing or older than its sources, so the
 * tests drive what is in src. Test files run in parallel: a lock directory
 * keeps two of them from building into the same dist at once.
 */
export async function ensureAdapterBuilt(): Promise<void> {
  if (!isStale()) return;
  const lock = join(root, '.tmp', 'adapter-build.lock');
  mkdirSync(join(root, '.tmp'), { recursive: true });
  const deadline = Date.now() + 120_000;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      // Someone else is building; a lock older than two minutes is left over from a crash.
      if (existsSync(lock) && Date.now() - statSync(lock).mtimeMs > 120_000) rmSync(lock, { recursive: true, force: true });
      if (Date.now() > deadline) throw new Error(`adapter build lock ${lock} held too long`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  try {
    if (!isStale()) return;
    const r = spawnSync('npm', ['run', 'build', '-w', '@switchboard/adapter-ui'], { cwd: root, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`adapter build failed:\n${r.stdout}\n${r.stderr}`);
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

export interface RunningServer {
  baseUrl: string;
  /** Closes every agent's event socket as a network drop would (1012: the client should come back). */
  dropEventSockets(): number;
  close(): Promise<void>;
}

/** What both e2e servers share: a fresh SQLite data dir, the demo workspace, the built adapter at /, HTTP on port 0. */
export async function startDemoApp(
  prefix: string,
  extra: (dataDir: string) => Partial<NonNullable<Parameters<typeof buildApp>[0]>['config']> = () => ({}),
): Promise<{ app: FastifyInstance; baseUrl: string; close(): Promise<void> }> {
  await ensureAdapterBuilt();
  const dataDir = mkdtempSync(join(tmpdir(), prefix));
  const app = await buildApp({
    config: {
      host: '127.0.0.1',
      port: 0,
      dataDir,
      workspaceFile: join(root, 'config/demo-workspace.yaml'),
      adapterDir: join(adapterDir, 'dist'),
      ...extra(dataDir),
    },
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const { port } = app.server.address() as AddressInfo;
  return {
    app,
    baseUrl: `http://127.0.0.1:${port}`,
    close: async () => {
      await app.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** The real server in-process: a fresh SQLite data dir, the demo workspace, the built adapter at /. */
export async function startServer(config: { tokenTtlMs?: number; crmOrigins?: string[] } = {}): Promise<RunningServer> {
  const { app, baseUrl, close } = await startDemoApp('switchboard-e2e-', () => config);
  return {
    baseUrl,
    dropEventSockets: () => {
      let n = 0;
      for (const c of [...app.switchboard.hub.connections()]) {
        c.close(1012, 'test: simulated drop');
        n++;
      }
      return n;
    },
    close,
  };
}
