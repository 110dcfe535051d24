import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { DEMO_CARE_DNIS } from '@switchboard/server';
import { Baresip, makeToneWav, phone, sleep, waitFor } from '../../packages/server/test/calls/helpers';
import { tempDir, channel, readWav, toneSeconds } from '@switchboard/testkit';
import type { InboundCall } from '@switchboard/core';
import type { RealServer } from './real-server';

export { Baresip, sleep };

/** What each side "says": agents' phones send 500 Hz, callers 1 kHz (told apart by tone detection). */
export const AGENT_HZ = 500;
export const CALLER_HZ = 1000;
/** The caller's number, as the engine reads it from the From header. */
export const CALLER_NUMBER = '+61412000111';

export function toneWavs(name: string): { agent: string; caller: string } {
  const dir = tempDir(`real-${name}`);
  const w = { agent: join(dir, 'agent.wav'), caller: join(dir, 'caller.wav') };
  makeToneWav(w.agent, AGENT_HZ, 90);
  makeToneWav(w.caller, CALLER_HZ, 90);
  return w;
}

/** An agent's phone the engine calls by SIP URI (call-me with CALL_ME_SIP_URIS on); `answer: false` lets it ring. */
export function agentPhone(user: string, base: number, wav: string, answer = true): Baresip {
  return new Baresip({ name: user, base, audioWav: wav, autoAnswer: answer });
}

/** A customer's phone calling from CALLER_NUMBER. */
export function callerPhone(base: number, sipPort: number, wav: string): Baresip {
  return phone({ user: CALLER_NUMBER, base, wav, sipPort, register: false });
}

export function eventCount(b: Baresip, type: string): number {
  return b.events.filter((e) => e.type === type).length;
}

/** Waits for the n-th event of a type (a phone sees several calls in one test). */
export async function waitEventN(b: Baresip, type: string, n: number, ms = 30_000): Promise<void> {
  await waitFor(() => eventCount(b, type) >= n, ms, `baresip ${b.o.name}: ${type} #${n}\n${b.log.slice(-1500)}`);
}

/** Answers the ringing call on a phone set to answer by hand. */
export function answerPhone(b: Baresip): void {
  b.command('accept');
}

/**
 * The caller dials the demo care line, waits until the IVR collects digits
 * (the engine's own state, not a fixed sleep: prompts take longer on a loaded
 * machine) and keys `digits` then #. A workflow that asks next for a menu
 * choice (the demo's "press 1 for customer care") gets `menu` when it asks.
 * Returns the interaction's id.
 */
export async function callCareLine(caller: Baresip, srv: RealServer, digits: string, menu = '1'): Promise<string> {
  const before = new Set(srv.tel.desk.list().map((c) => c.interaction.id));
  const established = eventCount(caller, 'CALL_ESTABLISHED');
  caller.dial(`sip:${DEMO_CARE_DNIS}@127.0.0.1:${srv.app.switchboard.config.engine.sipPort}`);
  await waitEventN(caller, 'CALL_ESTABLISHED', established + 1);
  let call: InboundCall | undefined;
  await waitFor(
    () => {
      call = [...srv.tel.desk.inboundCalls()].find((x) => !before.has(x.interaction.id) && x.interaction.direction === 'IN');
      return call?.runner?.state === 'collecting';
    },
    30_000,
    `the IVR to collect digits (workflow ${call?.runner?.state ?? 'none'} at ${call?.runner?.objectId ?? '-'}, call ${call?.interaction.state ?? 'not seen'})`,
  );
  const runner = call!.runner!;
  const first = runner.objectId;
  await sleep(400);
  await caller.sendDtmf(`${digits}#`);
  await waitFor(() => runner.state !== 'collecting' || runner.objectId !== first, 30_000, `the IVR to take the digits ${digits}#`);
  if (runner.state === 'collecting') {
    await sleep(400);
    await caller.sendDtmf(menu);
  }
  return call!.interaction.id;
}

/** Seconds of `hz` in what the phone received on its latest call (sndfile's "-dec" dump). */
export function heard(b: Baresip, hz: number): number {
  const dec = b.recordings().dec;
  if (!dec || !existsSync(dec)) return 0;
  const w = readWav(dec);
  return toneSeconds(channel(w.samples, w.channels, 0), hz, w.rate);
}

/** Polls until the phone has heard at least `seconds` of `hz` (audio arrives in real time; a loaded machine is slower). */
export async function waitHeard(b: Baresip, hz: number, seconds: number, ms = 20_000): Promise<number> {
  const end = Date.now() + ms;
  let got = 0;
  for (;;) {
    try {
      got = heard(b, hz);
    } catch {
      got = 0; // a dump being written can be mid-header
    }
    if (got >= seconds || Date.now() > end) return got;
    await sleep(500);
  }
}
