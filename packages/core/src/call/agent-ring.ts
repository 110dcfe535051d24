import type { TimerHandle } from '@switchboard/shared';
import type { CallHost } from './call-host';
import type { HangupCause, PortLeg, PortPlayback } from './telephony-port';

/** What an agent hears while a call rings in their open browser line. */
const WEB_RING = { tone: [440, 480], cadence: [1000, 2000] } as const;

export interface AgentRingOptions {
  agentId: string;
  ringMs: number;
  /** The number shown on the agent's phone. */
  from: string;
  /** The call this ring continues (Max-Forwards carries on from it). */
  continues?: PortLeg;
  purpose: string;
  /** A short beep on an open line before the call joins it (false: the caller's ConnectedCall beeps). */
  beep?: boolean;
}

export interface AgentRingHandlers {
  /** The agent took it: on their open line (`perCall` false) or their phone rung for it. */
  answered(leg: PortLeg, perCall: boolean): void;
  /** Nobody answered in time, the phone could not be rung, or the agent has no voice path. */
  missed(): void;
}

/**
 * Rings one agent for a call (a queue's offer, a handed-on call) on whatever voice path they
 * have: an open line takes it at once (with a beep), a non-persistent browser line rings in the
 * adapter until Answer or the ring time, call-me without an open line rings their phone for this
 * call. Nobody answering in the ring time, or no voice path, is a miss.
 */
export class AgentRing {
  private timer: TimerHandle | undefined;
  private phoneLeg: PortLeg | undefined;
  private ringing: Promise<PortPlayback | undefined> | undefined;
  private webLeg: PortLeg | undefined;
  private settled = false;

  constructor(
    private readonly host: CallHost,
    private readonly o: AgentRingOptions,
    private readonly h: AgentRingHandlers,
  ) {}

  /** True while the agent's browser line rings (the adapter's Answer takes it). */
  get ringsInBrowser(): boolean {
    return !this.settled && this.webLeg !== undefined;
  }

  start(): void {
    const line = this.host.lines.connectedLine(this.o.agentId);
    if (line?.leg && line.method === 'web' && !line.persistent) {
      this.webLeg = line.leg;
      this.timer = this.host.clock.setTimeout(() => this.miss(), this.o.ringMs);
      this.ringing = line.leg.play({ ...WEB_RING, durationMs: this.o.ringMs }).catch((err: unknown) => {
        this.host.logger.debug({ err }, 'ringing the browser line failed');
        return undefined;
      });
      return;
    }
    if (line?.leg) {
      // A short beep: the handed-on call's voice follows at once (a long one would mask it).
      if (this.o.beep !== false) line.leg.play({ tone: 880, durationMs: 60 }).catch((err: unknown) => this.host.logger.debug({ err }, 'connect beep did not play'));
      return this.answer(line.leg, false);
    }
    if (line?.method === 'call-me' && line.number) return this.ringPhone(line.number);
    this.miss();
  }

  /** The adapter's Answer on a ringing browser line. */
  acceptInBrowser(): void {
    if (this.ringsInBrowser && this.webLeg) this.answer(this.webLeg, false);
  }

  /** The ring is no longer wanted (declined, the caller left, the consult was cancelled). */
  cancel(cause: HangupCause = 'cancelled'): void {
    if (this.settled) return;
    this.settled = true;
    this.stop();
    this.phoneLeg?.hangup(cause);
  }

  private ringPhone(number: string): void {
    this.timer = this.host.clock.setTimeout(() => this.miss(), this.o.ringMs);
    this.host.port
      .dial({
        to: { kind: 'agent-phone', number },
        from: this.o.from,
        ringTimeoutMs: this.o.ringMs + 5000,
        context: { agentId: this.o.agentId, purpose: this.o.purpose },
        ...(this.o.continues ? { continues: this.o.continues } : {}),
      })
      .then(
        (leg) => {
          if (this.settled) return leg.hangup('cancelled');
          this.phoneLeg = leg;
          leg.on('answered', () => this.answer(leg, true));
          leg.on('ended', () => this.miss());
        },
        (err: unknown) => {
          this.host.logger.info({ err, agentId: this.o.agentId }, "the agent's phone could not be rung for a handed-on call");
          this.miss();
        },
      );
  }

  private answer(leg: PortLeg, perCall: boolean): void {
    if (this.settled) return;
    this.settled = true;
    this.stop();
    this.h.answered(leg, perCall);
  }

  private miss(): void {
    if (this.settled) return;
    this.settled = true;
    this.stop();
    this.phoneLeg?.hangup('no_answer');
    this.h.missed();
  }

  private stop(): void {
    this.host.clock.clearTimeout(this.timer);
    const r = this.ringing;
    this.ringing = undefined;
    r?.then((pb) => pb?.stop());
  }
}
