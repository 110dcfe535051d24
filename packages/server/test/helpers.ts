import { mkdtempSync, rmSync } from 'node:fs';
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

export async function command(
  app: FastifyInstance,
  token: string,
  cmd: Record<string, unknown>,
  opts: { requestId?: string; clientId?: string } = {},
) {
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
