/**
 * One round of bench/transfers.ts: a customer reaches agent A; A consults B
 * (B hears A); then either merge (the caller hears B) and leave (the caller
 * stops hearing A), or complete-transfer (the caller hears B); then B
 * transfers the caller blind to the sandbox's 1 kHz number (the caller hears
 * it); the caller hangs up. Each step's time runs from just before the
 * command's HTTP request to the arrival of the first 20 ms packet showing the
 * new audio path at the party that should hear it; the detector is armed
 * before the command, so a packet that arrives before the HTTP answer counts.
 */
import { performance } from 'node:perf_hooks';
import type { SwitchboardClient } from '@switchboard/sdk';
import type { RtpParty } from './rtp-party';
import type { SipLines } from './sip-lines';

/** The beep an open line plays when a handed-on call lands on it (core's agent-ring.ts). */
export const CONNECT_BEEP = 880;

/** Rounds where B's call did not offer Transfer (no blind step was tried). */
export const notOffered: string[] = [];

export const STEPS = ['consult', 'merge', 'leave', 'complete', 'blind-number'] as const;
export type Step = (typeof STEPS)[number];

/** What each step waits for, for the printout. */
export const STEP_MEANS: Record<Step, string> = {
  consult: "transfer consult → B hears A's tone",
  merge: "merge → the caller hears B's tone",
  leave: "leave-conference → the caller's first packet without A's tone (3 in a row)",
  complete: "complete-transfer → the caller hears B's tone",
  'blind-number': "B: transfer blind to 0491 570 101 → the caller hears the number's 1 kHz",
};

export interface StepResult {
  step: Step;
  /** Command sent → first packet with the new path; null: it never came (a failure). */
  ms: number | null;
  /** Command sent → its HTTP answer. */
  httpMs: number;
  /** Command sent → a second sign (consult: B hears the connect beep); null: not seen. */
  auxMs?: number | null;
  error?: string;
}

export interface Agent {
  user: string;
  client: SwitchboardClient;
  party: RtpParty;
}

export interface RoundContext {
  agents: Agent[];
  caller: RtpParty;
  lines: SipLines;
  dnis: string;
  enginePort: number;
  callerFrom: string;
  sandboxNumber: string;
  sandboxTone: number;
  /** How long a step may take before it counts as never happened. */
  timeoutMs: number;
  /** After the answer, before keying the IVR's account number. */
  promptMs: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function until(what: string, cond: () => boolean, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out: ${what}`);
    await sleep(5);
  }
}

export const isFree = (a: Agent): boolean => a.client.state?.presence.kind === 'available' && a.client.state.activity === 'idle' && a.client.state.voice.status === 'connected';

/** Sends `command` as `a` and waits for `heard` (armed by the caller before this). */
async function timed(
  step: Step,
  a: Agent,
  command: Parameters<SwitchboardClient['command']>[0],
  arm: () => Promise<number | null>,
  armAux?: () => Promise<number | null>,
): Promise<StepResult> {
  const heard = arm();
  const aux = armAux?.();
  const t0 = performance.now();
  try {
    await a.client.command(command);
  } catch (err) {
    const httpMs = performance.now() - t0;
    return { step, ms: null, httpMs, error: err instanceof Error ? err.message : String(err) };
  }
  const httpMs = performance.now() - t0;
  const at = await heard;
  const auxAt = aux ? await aux : undefined;
  return {
    step,
    ms: at === null ? null : at - t0,
    httpMs,
    ...(auxAt === undefined ? {} : { auxMs: auxAt === null ? null : auxAt - t0 }),
    ...(at === null ? { error: 'no tone' } : {}),
  };
}

/** Runs round `r`; returns the steps tried (a failed step ends the round). */
export async function runRound(ctx: RoundContext, r: number, seen: Set<string>): Promise<StepResult[]> {
  const out: StepResult[] = [];
  const { caller } = ctx;
  const dialog = await ctx.lines.call(`sip:${ctx.dnis}@127.0.0.1:${ctx.enginePort}`, ctx.callerFrom, caller);
  try {
    await sleep(ctx.promptMs);
    caller.keyDigits('1#');
    let A: Agent | undefined;
    await until(
      'the call reaches an agent',
      () => {
        A = ctx.agents.find((x) => {
          const i = x.client.state?.interaction;
          return i && i.state === 'connected' && !seen.has(i.id);
        });
        return !!A;
      },
      15_000,
    );
    const a = A!;
    const iid = a.client.state!.interaction!.id;
    seen.add(iid);
    if ((await caller.when((t) => t.has(a.party.tone), ctx.timeoutMs)) === null) throw new Error(`round ${r}: the caller never heard A (${a.user})`);
    const b = ctx.agents.find((x) => x !== a && isFree(x));
    if (!b) throw new Error(`round ${r}: no second agent free`);

    const consult = await timed(
      'consult',
      a,
      { type: 'transfer', interactionId: iid, kind: 'consult', to: { type: 'agent', agentId: b.user } },
      () => b.party.when((t) => t.has(a.party.tone), ctx.timeoutMs),
      () => b.party.when((t) => t.has(CONNECT_BEEP), ctx.timeoutMs),
    );
    out.push(consult);
    if (consult.ms === null) return out;

    if (r % 2 === 0) {
      const merge = await timed('merge', a, { type: 'merge', interactionId: iid }, () => caller.when((t) => t.has(b.party.tone), ctx.timeoutMs));
      out.push(merge);
      if (merge.ms === null) return out;
      // Let the conference settle (the caller hears A and B) before A leaves.
      await caller.when((t) => t.has(a.party.tone) && t.has(b.party.tone), ctx.timeoutMs, 5);
      const leave = await timed('leave', a, { type: 'leave-conference', interactionId: iid }, () => caller.when((t) => !t.has(a.party.tone), ctx.timeoutMs, 3));
      out.push(leave);
      if (leave.ms === null) return out;
    } else {
      await sleep(200);
      const complete = await timed('complete', a, { type: 'complete-transfer', interactionId: iid }, () => caller.when((t) => t.has(b.party.tone), ctx.timeoutMs));
      out.push(complete);
      if (complete.ms === null) return out;
    }

    // B now holds the call on its own interaction.
    await until(`${b.user} holds the call`, () => b.client.state?.interaction?.state === 'connected' && b.client.state.interaction.id !== iid, 5000);
    const bid = b.client.state!.interaction!.id;
    seen.add(bid);
    await sleep(200);
    // After merge → leave the two left are still a "conference" room, which core does not let B transfer.
    if (!b.client.state?.interaction?.capabilities.canTransfer) {
      notOffered.push(`round ${r}: after ${r % 2 === 0 ? 'merge → leave' : 'complete-transfer'}, B's call does not offer Transfer`);
      return out;
    }
    out.push(
      await timed('blind-number', b, { type: 'transfer', interactionId: bid, kind: 'blind', to: { type: 'number', number: ctx.sandboxNumber } }, () =>
        caller.when((t) => t.has(ctx.sandboxTone), ctx.timeoutMs),
      ),
    );
    await sleep(100);
    return out;
  } finally {
    await dialog.bye().catch(() => undefined);
  }
}
