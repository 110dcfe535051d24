/**
 * What a call session needs of telephony, declared here in core and implemented by the server
 * over the engine's handles. Core says who to call and what to do; the port says where and how.
 */

/** A sound for a leg: a tone (with an optional on/off cadence) or a WAV file. */
export type Sound = { tone: number | readonly number[]; durationMs?: number; cadence?: readonly number[] } | { wav: string; loops?: number };

export type HangupCause = 'normal' | 'cancelled' | 'no_answer' | 'rejected';

export interface PortPlayback {
  readonly id: string;
  /** Settles once when the sound ends: ran out, stopped, or the leg hung up. */
  readonly finished: Promise<{ stopped: boolean }>;
  stop(): void;
}

export interface CollectDigitsOptions {
  maxDigits?: number;
  terminators?: string;
  firstDigitTimeoutMs?: number;
  interDigitTimeoutMs?: number;
}

export interface CollectedDigits {
  digits: string;
  reason: 'max-digits' | 'terminator' | 'timeout' | 'hangup' | 'cancelled' | (string & {});
}

/** A desk phone's transfer button (SIP REFER on the agent's leg): carry it out, then accept or fail. */
export interface PortReferRequest {
  /** The number or user part the phone transfers to. */
  target: string;
  /** Attended: the leg whose call the phone's consult replaces. */
  replacesLegId: string | undefined;
  accept(): void;
  fail(status: number, reason?: string): void;
}

/** A leg's own events. */
export interface PortLegEvents {
  [event: string]: unknown;
  answered: undefined;
  ended: { cause: string };
  dtmf: { digit: string };
  refer: PortReferRequest;
}

/** One leg, as a handle: its own events and verbs. */
export interface PortLeg {
  readonly id: string;
  /** Settles when the leg ends, whoever ended it. */
  readonly ended: Promise<{ cause: string }>;
  readonly isEnded: boolean;
  on<K extends keyof PortLegEvents>(event: K, listener: (payload: PortLegEvents[K]) => void): () => void;
  answer(): Promise<void>;
  /** A no-op once the leg ended. */
  hangup(cause?: HangupCause): void;
  hold(): Promise<void>;
  resume(): Promise<void>;
  setMuted(on: boolean): void;
  play(sound: Sound): Promise<PortPlayback>;
  /** Stops whatever plays to this leg. */
  stopPlay(): void;
  sendDtmf(digits: string): Promise<void>;
  collectDigits(opts?: CollectDigitsOptions): Promise<CollectedDigits>;
  /** Keys pressed on this leg reach no one else (bridge, recording): PINs and card numbers. */
  setDtmfMasking(on: boolean): void;
}

export interface PortBridge {
  /** Puts a leg in the bridge (taking it out of any other); three or more live legs are mixed. */
  add(legId: string): void;
  /** Takes a leg out of the bridge (it stays up); false if it was not in it. */
  remove(legId: string): boolean;
  /**
   * Who hears a leg in the bridge: `null` every other leg (the default); else only the listed
   * legs, an empty list nobody (a supervisor listening; whispering, heard by the agent alone).
   */
  setAudience(legId: string, heardBy: readonly string[] | null): void;
}

export interface PortRecording {
  readonly path: string;
  /** A party who joined the call is recorded too, on the agent's side ('right') or the caller's. */
  add(legId: string, side: 'left' | 'right'): void;
  /** That party is no longer recorded. */
  remove(legId: string): void;
  pause(): void;
  resume(): void;
  mark(name: string): number;
  stop(): Promise<void>;
}

/** Who a call goes to: the port knows where (a registered phone, a trunk, a lab URI). */
export type DialTarget = { kind: 'agent-phone'; number: string } | { kind: 'customer'; number: string };

export interface DialRequest {
  to: DialTarget;
  /** The number we present. */
  from: string;
  ringTimeoutMs?: number;
  /** Who and what for (agentId, purpose): the dial plan's refusals are told to that agent. */
  context: Readonly<Record<string, string>>;
  /** The inbound leg this call is placed for (Max-Forwards carries on from it). */
  continues?: PortLeg;
}

export interface TelephonyPort {
  dial(req: DialRequest): Promise<PortLeg>;
  bridge(legs: readonly PortLeg[]): PortBridge;
  /** A stereo recording named after the interaction: `left` on the left channel, `right` on the right. */
  record(o: { name: string; left: PortLeg; right: PortLeg }): PortRecording;
  /** A workflow or campaign prompt file: the WAV when it exists, else a short placeholder tone. */
  prompt(file: string): Sound;
  /** What a held party hears: the workspace's music on hold, looped (a default ships). */
  musicOnHold(): Sound;
}

/** An agent's connected voice path, as the call sessions see it. */
export interface AgentLine {
  method: 'call-me' | 'call-in' | 'web';
  persistent: boolean;
  number: string | null;
  /** The agent's open leg (persistent call-me, call-in, Web Connect); none when rung per call. */
  leg: PortLeg | undefined;
}

export interface AgentLines {
  /** The agent's voice path when connected. */
  connectedLine(agentId: string): AgentLine | undefined;
  /** The agent's session ended: their path goes. */
  drop(agentId: string, why: string): void;
}
