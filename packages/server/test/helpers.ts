import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildApp, type BuildAppOptions } from '../src/index';

export const ROOT = new URL('../../../', import.meta.url).pathname;
export const DEMO_WORKSPACE = join(ROOT, 'config/demo-workspace.yaml');

export interface TestApp {
  app: FastifyInstance;
  dir: string;
  close(): Promise<void>;
}

/** An app on a fresh SQLite temp dir with the demo workspace (or on `dir` to reopen one). */
export async function makeApp(opts: BuildAppOptions & { dir?: string } = {}): Promise<TestApp> {
  const dir = opts.dir ?? mkdtempSync(join(tmpdir(), 'sb-server-'));
  const app = await buildApp({
    ...opts,
    config: { dataDir: dir, workspaceFile: DEMO_WORKSPACE, adapterDir: join(dir, 'no-adapter'), ...opts.config },
  });
  return {
    app,
    dir,
    async close() {
      await app.close();
    },
  };
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

export async function login(app: FastifyInstance, username: string, password: string, ip = '127.0.0.1'): Promise<string> {
  const res = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password }, remoteAddress: ip });
  if (res.statusCode !== 200) throw new Error(`login ${username} failed: ${res.statusCode} ${res.body}`);
  return (res.json() as { token: string }).token;
}

export const auth = (token: string): Record<string, string> => ({ authorization: `Bearer ${token}` });

let seq = 0;
export const reqId = (): string => `req-test-${Date.now()}-${++seq}`;

export async function command(app: FastifyInstance, token: string, cmd: Record<string, unknown>, opts: { requestId?: string; clientId?: string } = {}) {
  return app.inject({
    method: 'POST',
    url: '/api/v1/agent/commands',
    headers: { ...auth(token), ...(opts.clientId ? { 'x-client-id': opts.clientId } : {}) },
    payload: { requestId: opts.requestId ?? reqId(), command: cmd },
  });
}

export function errorOf(res: { statusCode: number; json(): unknown }): { status: number; code: string; message: string; details?: Record<string, unknown> } {
  const body = res.json() as { error?: { code: string; message: string; details?: Record<string, unknown> } };
  if (!body.error) throw new Error(`expected an error body, got ${res.statusCode} ${JSON.stringify(body)}`);
  return { status: res.statusCode, ...body.error };
}

import WebSocket from 'ws';
import { SwitchboardClient, type WebSocketCtor } from '@switchboard/sdk';

/** Listens on an ephemeral port; returns http://127.0.0.1:<port>. */
export async function listen(app: FastifyInstance): Promise<string> {
  await app.listen({ host: '127.0.0.1', port: 0 });
  const addr = app.server.address();
  if (!addr || typeof addr !== 'object') throw new Error('no address');
  return `http://127.0.0.1:${addr.port}`;
}

export function sdkClient(baseUrl: string, opts: { clientId?: string; minDelayMs?: number; deviceId?: string } = {}): SwitchboardClient {
  return new SwitchboardClient({
    baseUrl,
    WebSocket: WebSocket as unknown as WebSocketCtor,
    ...(opts.clientId ? { clientId: opts.clientId } : {}),
    ...(opts.deviceId ? { deviceId: opts.deviceId } : {}),
    reconnect: { minDelayMs: opts.minDelayMs ?? 50, maxDelayMs: Math.max(500, opts.minDelayMs ?? 0) },
  });
}

/** Resolves when `check` holds, polling every 10 ms; fails after `ms`. */
export async function until(check: () => boolean, what: string, ms = 15_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** A raw socket that records every message it receives. */
export async function rawSocket(baseUrl: string): Promise<{ ws: WebSocket; messages: Array<Record<string, unknown>>; closed: Promise<number> }> {
  const ws = new WebSocket(baseUrl.replace(/^http/, 'ws') + '/api/v1/events');
  const messages: Array<Record<string, unknown>> = [];
  ws.on('message', (d) => messages.push(JSON.parse(d.toString()) as Record<string, unknown>));
  const closed = new Promise<number>((resolve) => ws.on('close', (code) => resolve(code)));
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  return { ws, messages, closed };
}

/**
 * A copy of the demo workspace (its YAML, announcements and prompts) in a temp dir, for tests
 * that edit the file and reload it. `file` starts as the demo's text, which `demo` holds.
 */
export function demoWorkspaceCopy(): { dir: string; file: string; demo: string } {
  const dir = mkdtempSync(join(tmpdir(), 'sb-ws-'));
  const file = join(dir, 'ws.yaml');
  const demo = readFileSync(DEMO_WORKSPACE, 'utf8');
  writeFileSync(file, demo);
  cpSync(join(DEMO_WORKSPACE, '../announcements'), join(dir, 'announcements'), { recursive: true });
  cpSync(join(DEMO_WORKSPACE, '../prompts'), join(dir, 'prompts'), { recursive: true });
  return { dir, file, demo };
}
