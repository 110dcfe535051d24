import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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

/** Builds the adapter when dist is missing or older than its sources, so the tests drive what is in src. */
export function ensureAdapterBuilt(): void {
  const stale =
    !existsSync(distIndex) ||
    Math.max(newestMtime(join(adapterDir, 'src')), statSync(join(adapterDir, 'index.html')).mtimeMs) > statSync(distIndex).mtimeMs;
  if (!stale) return;
  const r = spawnSync('npm', ['run', 'build', '-w', '@switchboard/adapter-ui'], { cwd: root, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`adapter build failed:\n${r.stdout}\n${r.stderr}`);
}

export interface RunningServer {
  baseUrl: string;
  /** Closes every agent's event socket as a network drop would (1012: the client should come back). */
  dropEventSockets(): number;
  close(): Promise<void>;
}

/** The real server in-process: a fresh SQLite data dir, the demo workspace, the built adapter at /. */
export async function startServer(): Promise<RunningServer> {
  ensureAdapterBuilt();
  const dataDir = mkdtempSync(join(tmpdir(), 'switchboard-e2e-'));
  const app = await buildApp({
    config: {
      host: '127.0.0.1',
      port: 0,
      dataDir,
      workspaceFile: join(root, 'config/demo-workspace.yaml'),
      adapterDir: join(adapterDir, 'dist'),
    },
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const { port } = app.server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    dropEventSockets: () => {
      let n = 0;
      for (const c of [...app.switchboard.hub.connections()]) {
        c.close(1012, 'test: simulated drop');
        n++;
      }
      return n;
    },
    close: async () => {
      await app.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
