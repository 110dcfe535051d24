import type { WorkspaceConfig } from '@switchboard/core';
import type { DemoCallState } from '@switchboard/protocol';
import { SANDBOX_DEMO_CALLER_ID, type LegHandle, type TelephonyEngine } from '@switchboard/telephony';
import { newId, type Clock, type Logger, type TimerHandle } from '@switchboard/shared';
import { apiError } from '../http/api-error';
import { withCallFlow } from '../calls/demo-call-flow';

/** The number the demo caller presents: the sandbox's demo numbers say which (telephony's demo-numbers.ts). */
export const DEMO_CALLER_ID = SANDBOX_DEMO_CALLER_ID;

export interface DemoCallerConfig {
  /** DEMO_CALLER=on|off: the /demo-caller/ page and /api/v1/demo/* (default: on when the sandbox carrier is). */
  enabled: boolean;
  /** Demo calls up at once (DEMO_CALLER_MAX_CALLS). */
  maxCalls: number;
  /** Demo calls one address may start per minute (DEMO_CALLER_PER_MINUTE). */
  perMinute: number;
  /**
   * How long the browser's media (ICE and DTLS) may take to connect (DEMO_CALLER_CONNECT_SECONDS,
   * default 15): a call whose audio never connects ends then, and never reaches the IVR or a queue.
   */
  connectSeconds?: number;
}

/** Default for DemoCallerConfig.connectSeconds. */
export const DEMO_CONNECT_SECONDS = 15;

/** Where the inbound call center keeps a call: enough to tell the caller where they are. */
export interface InboundCalls {
  takeInbound(call: { leg: LegHandle; from: string; to: string }): boolean;
  /** The interaction state of the call whose customer leg this is, if the center has it. */
  stateOfCustomerLeg(legId: string): string | undefined;
}

interface DemoCall {
  id: string;
  leg: LegHandle;
  dnis: string;
  endedCause: string | null;
  /** Until the browser's media connects: then the call goes to the call centre. */
  connectTimer: TimerHandle | null;
}

export interface DemoCallsDeps {
  engine: TelephonyEngine;
  center: InboundCalls;
  workspace(): WorkspaceConfig;
  clock: Clock;
  logger: Logger;
  config: DemoCallerConfig;
}

/** What the demo caller reads when its call ends (telephony's EndCause). */
const ENDED: Record<string, string> = {
  normal: 'The call ended.',
  network: 'The call dropped (the browser stopped sending audio or its connection failed).',
  invalid_number: 'That number is not answered here.',
};
const NEVER_CONNECTED = "Your browser's audio never connected (a firewall or VPN may block it), so the call was ended.";

/** How long an ended call's status stays readable (the page polls it). */
const KEEP_ENDED_MS = 60_000;

/**
 * The demo caller's calls: a browser (a simulated customer) sends its SDP offer
 * for a DNIS; we make an engine WebRTC leg for it, with in-band DTMF detection
 * (the page mixes keypad tones into its microphone), and hand it to the call
 * center as an inbound call to that number: IVR, queue, agent, as any caller.
 */
export class DemoCalls {
  private readonly calls = new Map<string, DemoCall>();
  constructor(private readonly d: DemoCallsDeps) {}

  /** The numbers a demo caller can dial: every DNIS with a workflow. */
  numbers(): Array<{ number: string; name: string }> {
    const ws = withCallFlow(this.d.workspace());
    return (ws.dnis ?? []).map((n) => ({ number: n.number, name: ws.workflows?.find((w) => w.id === n.workflowId)?.name ?? n.number }));
  }

  live(): number {
    let n = 0;
    for (const c of this.calls.values()) if (c.endedCause === null) n++;
    return n;
  }

  /**
   * `admit` counts this start against the caller's address (server/http/rate-limits.ts) and
   * says how long to wait when over: asked only once the number and the concurrent cap pass.
   */
  async start(o: { dnis: string; sdp: string; admit: () => Promise<number> }): Promise<{ callId: string; sdp: string }> {
    const dnis = o.dnis.startsWith('+') ? o.dnis : `+${o.dnis}`;
    if (!this.numbers().some((n) => n.number === dnis)) {
      throw apiError(
        'NOT_FOUND',
        `No demo line answers ${o.dnis}: call one of ${
          this.numbers()
            .map((n) => n.number)
            .join(', ') || '(none configured)'
        }`,
        { dnis: o.dnis },
      );
    }
    if (this.live() >= this.d.config.maxCalls) {
      throw apiError('RATE_LIMITED', `The demo takes ${this.d.config.maxCalls} calls at once; hang up another demo call or try again shortly`, {
        reason: 'too-many-calls',
        limit: this.d.config.maxCalls,
      });
    }
    const wait = await o.admit();
    if (wait > 0) {
      throw apiError('RATE_LIMITED', `Too many demo calls from this address: try again in ${wait} s`, {
        reason: 'too-many-starts',
        retryAfterSeconds: wait,
        limit: this.d.config.perMinute,
      });
    }
    let created: { leg: LegHandle; answer: string };
    try {
      created = await this.d.engine.webrtc({ offer: JSON.stringify({ type: 'offer', sdp: o.sdp }), from: DEMO_CALLER_ID, to: dnis, inbandDtmf: true });
    } catch (err) {
      throw apiError('VALIDATION_FAILED', `The browser's offer was not usable: ${(err as Error).message}`, {
        where: 'body',
        fields: { sdp: 'a WebRTC SDP offer with audio (PCMU)' },
      });
    }
    const call: DemoCall = { id: newId('demo'), leg: created.leg, dnis, endedCause: null, connectTimer: null };
    this.calls.set(call.id, call);
    call.leg.on('mediaConnected', () => this.onMediaConnected(call));
    call.leg.on('ended', ({ cause }) => this.onEnded(call, cause));
    // The call reaches the IVR (and a queue, and an agent) only once its media is up: an
    // offer whose ICE never completes must not hold a slot or ring an agent with a dead call.
    const limitMs = (this.d.config.connectSeconds ?? DEMO_CONNECT_SECONDS) * 1000;
    call.connectTimer = this.d.clock.setTimeout(() => this.neverConnected(call), limitMs);
    this.d.logger.info({ callId: call.id, legId: call.leg.id, dnis }, 'demo caller: call started, waiting for its media');
    return { callId: call.id, sdp: (JSON.parse(created.answer) as { sdp: string }).sdp };
  }

  private onMediaConnected(call: DemoCall): void {
    if (call.endedCause !== null || call.connectTimer === null) return;
    this.d.clock.clearTimeout(call.connectTimer);
    call.connectTimer = null;
    const info = call.leg.info();
    if (!this.d.center.takeInbound({ leg: call.leg, from: info.from, to: info.to })) {
      call.endedCause = `No workflow answers ${call.dnis}.`;
      call.leg.hangup('invalid_number');
      return;
    }
    this.d.logger.info({ callId: call.id, legId: call.leg.id }, 'demo caller: media connected, call in the IVR');
  }

  private neverConnected(call: DemoCall): void {
    call.connectTimer = null;
    if (call.endedCause !== null) return;
    call.endedCause = NEVER_CONNECTED;
    this.d.logger.info({ callId: call.id, legId: call.leg.id }, 'demo caller: media never connected, call ended');
    call.leg.hangup('network');
  }

  status(callId: string): { callId: string; state: DemoCallState; cause: string | null } {
    const call = this.get(callId);
    if (call.endedCause !== null) return { callId, state: 'ended', cause: call.endedCause };
    if (call.connectTimer !== null) return { callId, state: 'connecting', cause: null };
    const s = this.d.center.stateOfCustomerLeg(call.leg.id);
    const state: DemoCallState =
      s === 'queued' ? 'queued' : s === 'offered' ? 'ringing-agent' : s === 'connected' ? 'with-agent' : s === 'ivr' || s === undefined ? 'ivr' : 'ended';
    return { callId, state, cause: null };
  }

  hangup(callId: string): void {
    const call = this.get(callId);
    if (call.endedCause === null) call.leg.hangup('normal');
  }

  /** Every live demo call ends (shutdown). */
  close(): void {
    for (const c of this.calls.values()) if (c.endedCause === null) c.leg.hangup('normal');
  }

  private get(callId: string): DemoCall {
    const call = this.calls.get(callId);
    if (!call) throw apiError('NOT_FOUND', `No demo call ${callId}`);
    return call;
  }

  private onEnded(call: DemoCall, cause: string): void {
    if (call.connectTimer !== null) this.d.clock.clearTimeout(call.connectTimer);
    call.connectTimer = null;
    call.endedCause ??= ENDED[cause] ?? `The call failed (${cause}).`;
    this.d.clock.setTimeout(() => this.calls.delete(call.id), KEEP_ENDED_MS);
  }
}
