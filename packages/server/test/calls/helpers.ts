import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestContext } from 'node:test';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import type { AgentView } from '@switchboard/protocol';
import { Baresip, makeToneWav, requireTool, sleep, waitFor } from '@switchboard/testkit';
import { loadEngineConfig, type EngineConfig } from '../../src/calls/engine-config';
import { auth, command, demoWorkspaceCopy, login, makeApp, removeDir, type TestApp } from '../helpers';

export { Baresip, makeToneWav, sleep, waitFor };

/** Engine ports for one test file, in 30000-31999: SIP base, RTP base+100..+399, sandbox base+10, its RTP base+400..+499. */
export function engineConfig(base: number, recordingsDir: string): EngineConfig {
  return {
    ...loadEngineConfig({}),
    enabled: true,
    sipPort: base,
    rtpPorts: { min: base + 100, max: base + 399 },
    sandboxPort: base + 10,
    sandboxRtpPorts: { min: base + 400, max: base + 499 },
    phonePassword: 'test-phone',
    agentRingSeconds: 4,
    trunkRingSeconds: 3,
    recordingsDir,
    sipUriNumbers: true,
  };
}

export async function engineApp(base: number, dir?: string, override: Partial<EngineConfig> = {}, tools = true): Promise<TestApp & { sipPort: number }> {
  if (tools) {
    requireTool('baresip');
    requireTool('sox');
  }
  const d = dir ?? mkdtempSync(join(tmpdir(), 'sb-calls-'));
  const t = await makeApp({ dir: d, config: { engine: { ...engineConfig(base, join(d, 'recordings')), ...override } } });
  return { ...t, sipPort: base };
}

/** A baresip that registers with the engine as `user` (digest, the test phone password). */
export function phone(o: { user: string; base: number; wav: string; sipPort: number; register: boolean }): Baresip {
  const b = new Baresip({ name: o.user, base: o.base, audioWav: o.wav });
  if (o.register) {
    writeFileSync(join(b.dir, 'accounts'), `<sip:${o.user}@127.0.0.1:${o.sipPort};transport=udp>;auth_pass=test-phone;regint=60;answermode=auto;audio_codecs=PCMU,PCMA\n`);
  }
  return b;
}

export async function cmd(app: FastifyInstance, token: string, c: Record<string, unknown>): Promise<{ status: number; state: AgentView; body: Record<string, unknown> }> {
  const res = await command(app, token, c);
  const body = res.json() as Record<string, unknown>;
  if (res.statusCode !== 200) return { status: res.statusCode, state: undefined as unknown as AgentView, body };
  return { status: 200, state: body.state as AgentView, body };
}

export async function agentToken(app: FastifyInstance, user: string): Promise<string> {
  const token = await login(app, user, 'demo1234');
  // The session starts on first use.
  await app.inject({ method: 'GET', url: '/api/v1/agent/state', headers: { authorization: `Bearer ${token}` } });
  return token;
}

export function viewOf(app: FastifyInstance, agentId: string): AgentView {
  const v = app.switchboard.hub.view(agentId);
  if (!v) throw new Error(`no session for ${agentId}`);
  return v;
}

export async function until(what: string, cond: () => boolean, ms = 10_000): Promise<void> {
  await waitFor(cond, ms, what);
}

/** An engine app on another workspace file (tests that need different campaign settings). */
export async function engineAppWith(base: number, dir: string, workspaceFile: string): Promise<TestApp> {
  requireTool('baresip');
  requireTool('sox');
  return makeApp({ dir, config: { workspaceFile, engine: engineConfig(base, join(dir, 'recordings')) } });
}

/**
 * The workspace reload tests' set-up: an engine app (SIP at `base`, `over` for its ports and TLS) on
 * a copy of the demo workspace, closed and removed after the test. `write` rewrites the file (`demo`
 * is its text as copied) and `reload` is the admin asking the server to re-read it.
 */
export async function reloadableEngineApp(
  t: TestContext,
  base: number,
  over: Partial<EngineConfig>,
): Promise<{ app: FastifyInstance; demo: string; write(text: string): void; reload(): Promise<LightMyRequestResponse> }> {
  const { dir: wsDir, file, demo } = demoWorkspaceCopy();
  const dir = mkdtempSync(join(tmpdir(), 'sb-calls-'));
  const { app, close } = await makeApp({ dir, config: { workspaceFile: file, engine: { ...engineConfig(base, join(dir, 'recordings')), ...over } } });
  t.after(async () => {
    await close();
    removeDir(dir);
    removeDir(wsDir);
  });
  const admin = await login(app, 'admin', 'admin1234');
  return {
    app,
    demo,
    write: (text) => writeFileSync(file, text),
    reload: () => app.inject({ method: 'POST', url: '/api/v1/admin/workspace/reload', headers: auth(admin) }),
  };
}
