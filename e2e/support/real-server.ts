import { cpSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { CallRecord } from '@switchboard/core';
import type { EngineConfig, ServerConfig } from '@switchboard/server';
import type { TelephonyRuntime } from '@switchboard/server';
import { DEMO_WORKSPACE, listen, makeApp, removeDir } from '../../packages/server/test/helpers';
import { engineConfig, makeToneWav } from '../../packages/server/test/calls/helpers';
import { requireTool } from '@switchboard/testkit';
import { ensureAdapterBuilt } from './server';
import { ensureWorkspaceBuilt } from './workspace-server';

const root = new URL('../../', import.meta.url).pathname;

/**
 * Ports of one real-call test file: a block of 400 in 36000-37999 (blocks
 * 0-4), so files running side by side never clash. Baresip takes
 * base..base+81 of its own slot (SIP, RTP +10..+59, console +80, control
 * +81): three phones at +0, +100 and +200; the engine's SIP at +90 and the
 * sandbox's at +91; RTP for the engine +300..+369 and the sandbox +370..+399.
 */
export interface RealPorts {
  sip: number;
  sandbox: number;
  rtp: { min: number; max: number };
  sandboxRtp: { min: number; max: number };
  phones: readonly [number, number, number];
}

export function realPorts(block: 0 | 1 | 2 | 3 | 4): RealPorts {
  return realPortsAt(36000 + 400 * block);
}

/** The same layout from any base (a test given its own port block): base .. base+399. */
export function realPortsAt(b: number): RealPorts {
  return {
    sip: b + 90,
    sandbox: b + 91,
    rtp: { min: b + 300, max: b + 369 },
    sandboxRtp: { min: b + 370, max: b + 399 },
    phones: [b, b + 100, b + 200],
  };
}

export interface RealServerOptions {
  ports: RealPorts;
  /** Reopen this data dir (a restart); otherwise a fresh one. */
  dir?: string;
  /** Edits to the demo workspace file's text (e.g. a shorter auto-wrap). */
  workspace?: (yaml: string) => string;
  /** Replace "Terms and conditions" with a tone of this many seconds (700 Hz), long enough to watch it play. */
  termsSeconds?: number;
  engine?: Partial<EngineConfig>;
  /** Other server settings (CRM_ORIGINS, SERVICENOW_*...). */
  config?: Partial<ServerConfig>;
  /** Also serve the supervisors' workspace at /workspace/ (built if stale). */
  workspaceUi?: boolean;
}

export interface RealServer {
  app: FastifyInstance;
  tel: TelephonyRuntime;
  baseUrl: string;
  dir: string;
  recordingsDir: string;
  /** The call record as the store (SQLite) has it, after the keeper's pending saves. */
  record(interactionId: string): Promise<CallRecord | null>;
  /** Stops the process's server (engine, sandbox, HTTP); the data dir stays. */
  close(): Promise<void>;
  /** The same data dir and workspace, a new process's worth of server (new HTTP port). */
  restart(): Promise<RealServer>;
  /** Closes (if still open) and deletes the data dir. */
  dispose(): Promise<void>;
}

export const ANNOUNCEMENT_HZ = 700;

/**
 * The real server in-process for Playwright: the demo workspace (copied into
 * the data dir, with any edits), the telephony engine and sandbox carrier on
 * this file's ports, SQLite in the data dir, and the built adapter at /.
 * Reuses the server's peer-test helpers (engineConfig, makeApp, listen).
 */
export async function startRealServer(o: RealServerOptions): Promise<RealServer> {
  requireTool('baresip');
  requireTool('sox');
  await ensureAdapterBuilt();
  const dir = o.dir ?? mkdtempSync(join(tmpdir(), 'sb-real-call-'));
  const workspaceFile = join(dir, 'workspace.yaml');
  if (!o.dir) {
    // The files the workspace names sit beside it (announcements, IVR prompts).
    for (const sub of ['announcements', 'prompts']) {
      const from = join(dirname(DEMO_WORKSPACE), sub);
      if (existsSync(from)) cpSync(from, join(dir, sub), { recursive: true });
    }
    const yaml = readFileSync(DEMO_WORKSPACE, 'utf8');
    writeFileSync(workspaceFile, o.workspace ? o.workspace(yaml) : yaml);
    if (o.termsSeconds) makeToneWav(join(dir, 'announcements', 'terms.wav'), ANNOUNCEMENT_HZ, o.termsSeconds, 0);
  }
  const recordingsDir = join(dir, 'recordings');
  const p = o.ports;
  const engine: EngineConfig = {
    ...engineConfig(p.sip, recordingsDir),
    sipPort: p.sip,
    sandboxPort: p.sandbox,
    rtpPorts: p.rtp,
    sandboxRtpPorts: p.sandboxRtp,
    ...o.engine,
  };
  if (o.workspaceUi) await ensureWorkspaceBuilt();
  const t = await makeApp({
    dir,
    config: {
      ...o.config,
      host: '127.0.0.1',
      workspaceFile,
      adapterDir: join(root, 'packages/adapter-ui/dist'),
      engine,
      ...(o.workspaceUi ? { workspaceUiDir: join(root, 'packages/workspace-ui/dist') } : {}),
    },
  });
  const app = t.app;
  let closed = false;
  const close = async (): Promise<void> => {
    if (closed) return;
    closed = true;
    await app.close();
  };
  let baseUrl: string;
  try {
    baseUrl = await listen(app);
  } catch (err) {
    await close();
    throw err;
  }
  const tel = app.switchboard.telephony;
  if (!tel) throw new Error('the telephony engine did not start');
  return {
    app,
    tel,
    baseUrl,
    dir,
    recordingsDir,
    async record(id) {
      await tel.desk.keeper.flush();
      return app.switchboard.store.calls.get(id);
    },
    close,
    async restart() {
      await close();
      return startRealServer({ ...o, dir });
    },
    async dispose() {
      await close();
      removeDir(dir);
    },
  };
}
