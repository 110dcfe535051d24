import assert from 'node:assert/strict';
import { join } from 'node:path';
import { readWav, toneBlocks, tempDir } from '@switchboard/testkit';
import type { EngineConfig } from '../../src/calls/engine-config';
import { DEMO_CARE_DNIS } from '../../src/calls/demo-call-flow';
import { removeDir } from '../helpers';
import { Baresip, agentToken, cmd, engineApp, makeToneWav, sleep, until, viewOf } from './helpers';

/** A note of the default music on hold (calls/engine-telephony-port.ts). */
export const MOH_NOTE = 659;
/** Each phone's own tone (what it sends), so every other phone can tell who it hears. */
export const TONE = { caller: 1200, alice: 400, bob: 850, carol: 1500, sandbox: 1000, caller2: 1800 } as const;

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

/**
 * What a phone heard, in order: runs of 20 ms blocks labelled by which of the tones were present
 * (several mixed count at a lower share), runs under 0.4 s and silent ones dropped. A phone's dump
 * grows only with packets received, so its time axis is not wall time: the order of what it heard
 * is what is compared.
 */
export function heardInOrder(ear: Ear, tones: Record<string, number>, minBlocks = 20, minRatio = 0.12): string[] {
  const w = readWav(ear.phone.recordings().dec!);
  const names = Object.keys(tones);
  const per = names.map((n) => toneBlocks(w.samples, tones[n]!, w.rate, minRatio, 5e3));
  const labels = per[0]!.map((_, i) => names.filter((_, k) => per[k]![i]).join('+'));
  const runs: Array<{ label: string; n: number }> = [];
  for (const l of labels) {
    const last = runs.at(-1);
    if (last && last.label === l) last.n++;
    else runs.push({ label: l, n: 1 });
  }
  const out: string[] = [];
  for (const r of runs) if (r.label && r.n >= minBlocks && out.at(-1) !== r.label) out.push(r.label);
  return out;
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
}

/**
 * An engine app, one baresip per agent (each with its own tone) connected by call-me (an open
 * line unless `perCall`), and the caller's baresip (and a second caller's) started, not dialling.
 */
export async function setup(t: { after: (fn: () => Promise<void>) => void }, names: AgentName[], o: SetupOptions = {}) {
  const layout = o.layout ?? TRANSFER_LAYOUT;
  const wavs = toneWavs();
  const engine: Partial<EngineConfig> = { rtpPorts: layout.rtpPorts, sandboxRtpPorts: layout.sandboxRtpPorts };
  const app = await engineApp(layout.engine, undefined, engine);
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
    const phone = new Baresip({ name: n, base: layout.bases[n], audioWav: join(wavs, `${n}.wav`), autoAnswer: o.perCall?.[n] !== 'never' });
    await phone.start();
    const token = await agentToken(app.app, n);
    const r = await cmd(app.app, token, { type: 'connect-voice', method: 'call-me', number: phone.uri, persistent: !perCall, saveAsDefault: false });
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
