import assert from 'node:assert/strict';
import { join } from 'node:path';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { anyToneBlocks, heardInOrder as heard, readWav, requireTool, toneBlocks, tempDir } from '@switchboard/testkit';
import type { EngineConfig } from '../../src/calls/engine-config';
import { DEMO_CARE_DNIS } from '../../src/calls/demo-call-flow';
import { makeApp, removeDir, type TestApp } from '../helpers';
import { Baresip, agentToken, cmd, engineApp, engineConfig, makeToneWav, sleep, until, viewOf } from './helpers';

/**
 * Music on hold, either kind: the engine's chime (523 + 659 Hz) or the shipped WAV's notes
 * (config/prompts/music-on-hold.wav); those near a phone's tone (880, 988, 1047 Hz) are left out.
 */
export const MOH_NOTES = [261.63, 329.63, 349.23, 392, 440, 493.88, 523.25, 587.33, 659.25, 698.46, 783.99] as const;
/**
 * Each phone's own tone: at least 100 Hz from one another and from the music on hold's notes
 * (262-1047 Hz); the sandbox's numbers play 1 kHz.
 */
export const TONE = { caller: 1200, alice: 1400, bob: 1650, carol: 1900, sandbox: 1000, caller2: 1800 } as const;

export type AgentName = 'alice' | 'bob' | 'carol';

/** One test file's ports: the engine's SIP (sandbox at +10), its RTP ranges, and a 100-port block per baresip. */
export interface PhoneLayout {
  engine: number;
  rtpPorts: { min: number; max: number };
  sandboxRtpPorts: { min: number; max: number };
  bases: Record<AgentName | 'caller', number> & { caller2?: number };
}

/**
 * transfer.peer.test.ts's ports (issue 18's blocks): engine SIP 48400, sandbox 48410, RTP
 * 48420-48479, sandbox RTP 48480-48499; baresips: caller 41800, alice 41900, bob 48100, carol 48200.
 */
export const TRANSFER_LAYOUT: PhoneLayout = {
  engine: 48400,
  rtpPorts: { min: 48420, max: 48479 },
  sandboxRtpPorts: { min: 48480, max: 48499 },
  bases: { caller: 41800, alice: 41900, bob: 48100, carol: 48200 },
};

/** A phone whose dump of what it heard is read once the call is over. */
export class Ear {
  t0 = 0;
  constructor(readonly phone: Baresip) {}
  async established(): Promise<void> {
    await this.phone.waitEvent('CALL_ESTABLISHED');
    this.t0 = Date.now();
  }
}

/** What a phone heard, in order (testkit's heardInOrder on its dump). */
export function heardInOrder(ear: Ear, tones: Record<string, number | readonly number[]>, minBlocks = 20, other = false, minRatio = 0.12): string[] {
  return heard(ear.phone, tones, minBlocks, other, minRatio);
}

/**
 * Seconds of music on hold a phone heard after it first heard `after` steadily (0.4 s): a held
 * caller's music, not the IVR's prompts before the agent (speech has notes of music in it too).
 */
export function musicAfter(ear: Ear, after: number): number {
  const w = readWav(ear.phone.recordings().dec!);
  const first = toneBlocks(w.samples, after, w.rate, 0.12, 5e3);
  let run = 0;
  let from = first.length;
  for (let i = 0; i < first.length && from === first.length; i++) {
    run = first[i] ? run + 1 : 0;
    if (run >= 20) from = i;
  }
  return anyToneBlocks(w.samples, w.rate, MOH_NOTES, 0.12).filter((m, i) => m && i > from).length * 0.02;
}

let wavDir: string | undefined;
/** Each phone's tone as a WAV, made once per test file (sox takes a while on a busy machine). */
function toneWavs(): string {
  if (wavDir) return wavDir;
  const dir = tempDir('transfer-peer');
  for (const [k, f] of Object.entries(TONE)) makeToneWav(join(dir, `${k}.wav`), f, 120);
  wavDir = dir;
  return dir;
}

export interface SetupOptions {
  layout?: PhoneLayout;
  /** Agents on call-me without an open line: their phone rings per call and answers by itself, or never. */
  perCall?: Partial<Record<AgentName, 'answers' | 'never'>>;
  /** Start a second caller too (`caller2`). */
  secondCaller?: boolean;
  /** Another workspace file than the demo's. */
  workspaceFile?: string;
  /** Agents whose baresip registers with the engine (digest, the test phone password): call-me rings it by user name. */
  registered?: AgentName[];
}

/**
 * An engine app, one baresip per agent (each with its own tone) connected by call-me (an open
 * line unless `perCall`), and the caller's baresip (and a second caller's) started, not dialling.
 */
export async function setup(t: { after: (fn: () => Promise<void>) => void }, names: AgentName[], o: SetupOptions = {}) {
  const layout = o.layout ?? TRANSFER_LAYOUT;
  const wavs = toneWavs();
  const engine: Partial<EngineConfig> = { rtpPorts: layout.rtpPorts, sandboxRtpPorts: layout.sandboxRtpPorts };
  const app = o.workspaceFile ? await engineAppOn(layout.engine, o.workspaceFile, engine) : await engineApp(layout.engine, undefined, engine);
  const agents = new Map<string, { phone: Baresip; ear: Ear; token: string }>();
  const caller = new Baresip({ name: 'caller', base: layout.bases.caller, audioWav: join(wavs, 'caller.wav') });
  const caller2 = o.secondCaller
    ? new Baresip({ name: 'caller2', base: layout.bases.caller2 ?? assert.fail('no port for caller2'), audioWav: join(wavs, 'caller2.wav') })
    : undefined;
  t.after(async () => {
    await Promise.all([caller.stop(), caller2?.stop(), ...[...agents.values()].map((a) => a.phone.stop())]);
    await app.close();
    removeDir(app.dir);
  });
  for (const n of names) {
    const perCall = o.perCall?.[n] !== undefined;
    const registrar = `127.0.0.1:${layout.engine}`;
    const register = o.registered?.includes(n) ? { registrar, user: n, password: 'test-phone', domain: registrar } : undefined;
    const phone = new Baresip({ name: n, base: layout.bases[n], audioWav: join(wavs, `${n}.wav`), autoAnswer: o.perCall?.[n] !== 'never', ...(register ? { register } : {}) });
    await phone.start();
    // Its REGISTER may be answered before the control socket is up: the console says so too.
    if (register) await until(`${n}'s phone registered`, () => phone.log.includes('[1 binding]')).catch((e: Error) => assert.fail(`${e.message}\n${phone.log}`));
    const token = await agentToken(app.app, n);
    const r = await cmd(app.app, token, { type: 'connect-voice', method: 'call-me', number: register ? n : phone.uri, persistent: !perCall, saveAsDefault: false });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    const ear = new Ear(phone);
    if (!perCall) await ear.established();
    await until(`${n} voice connected`, () => viewOf(app.app, n).voice.status === 'connected');
    agents.set(n, { phone, ear, token });
  }
  await caller.start();
  await caller2?.start();
  return { app, agents, caller: new Ear(caller), caller2: caller2 && new Ear(caller2), a: (n: string) => agents.get(n)! };
}

/** engineApp on another workspace file. */
async function engineAppOn(base: number, workspaceFile: string, engine: Partial<EngineConfig>): Promise<TestApp & { sipPort: number }> {
  requireTool('baresip');
  requireTool('sox');
  const dir = mkdtempSync(join(tmpdir(), 'sb-calls-'));
  const t = await makeApp({ dir, config: { workspaceFile, engine: { ...engineConfig(base, join(dir, 'recordings')), ...engine } } });
  return { ...t, sipPort: base };
}

export type PhoneSetup = Awaited<ReturnType<typeof setup>>;

/**
 * A caller dials the care line and keys through the IVR to the only available agent, who is
 * made available first; resolves with that agent's interaction id once connected.
 */
export async function callIn(s: PhoneSetup, caller: Ear, agent: AgentName): Promise<string> {
  const r = await cmd(s.app.app, s.a(agent).token, { type: 'set-available' });
  assert.equal(r.state.presence.kind, 'available');
  caller.phone.dial(`sip:${DEMO_CARE_DNIS}@127.0.0.1:${s.app.sipPort}`);
  await caller.established();
  await sleep(1200);
  await caller.phone.sendDtmf('4321#1');
  await until(`the call reaches ${agent}`, () => viewOf(s.app.app, agent).interaction?.state === 'connected');
  return viewOf(s.app.app, agent).interaction!.id;
}
