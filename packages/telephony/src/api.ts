import type { EndCause } from './causes';
import type { LegState } from './leg/leg-state';

export type LegKind = 'sip' | 'webrtc' | 'player';

/** A read-only view of a leg, as events and `getLeg()` give it. */
export interface LegInfo {
  id: string;
  kind: LegKind;
  direction: 'inbound' | 'outbound' | 'internal';
  state: LegState;
  /** Caller number / user (after inbound rewriting for trunk calls). */
  from: string;
  /** Dialled number / user. */
  to: string;
  trunk: string | undefined;
  /** Registered user on the agent-phone side, if any. */
  user: string | undefined;
  bridgeId: string | undefined;
  held: boolean;
  dtmfMasked: boolean;
  /** What this party says reaches no one (bridge, conference, recording hear silence). */
  muted: boolean;
  cause: EndCause | undefined;
}

export interface EngineEvents {
  [event: string]: unknown;
  /** An inbound call waits for answer() or reject(). */
  offered: { leg: LegInfo };
  ringing: { legId: string };
  answered: { legId: string };
  ended: { legId: string; cause: EndCause; sipStatus: number | undefined };
  held: { legId: string };
  resumed: { legId: string };
  /** mute()/unmute() changed the leg's mute state. */
  muteChanged: { legId: string; muted: boolean };
  dtmf: { legId: string; digit: string; source: 'rfc4733' | 'inband' | 'info' };
  playFinished: { legId: string; playbackId: string; stopped: boolean; playedMs: number };
  recordingStopped: { recordingId: string; path: string; durationMs: number };
  registered: { user: string; contact: string; expires: number };
  unregistered: { user: string };
}

export type OriginateTarget =
  /** A number out through a configured trunk (rewritten by its rules). */
  | { trunk: string; number: string }
  /** An agent's registered phone. */
  | { user: string }
  /** A SIP URI as is (tests, internal use). */
  | { uri: string; host: string; port: number; transport?: 'udp' | 'tcp' };

export interface OriginateOptions {
  to: OriginateTarget;
  /** The number or name we present as the caller. */
  from?: string;
  /** Ring timeout in ms (trunk default, else 60 s): then the leg ends with no_answer. */
  ringTimeoutMs?: number;
  /**
   * The inbound leg this call is placed for (a B2BUA forwarding it): our INVITE carries that
   * leg's Max-Forwards less one (RFC 3261 16.6 step 3), so two systems routing to each other
   * cannot loop a call forever. Without it, Max-Forwards is 70.
   */
  continues?: string;
}

export type PlaySource =
  | { tone: number | readonly number[]; durationMs?: number; cadence?: readonly number[] }
  | { wav: string; loops?: number }
  | { samples: Int16Array; loops?: number };

export interface RecordOptions {
  /** Path of the WAV to write (a markers JSON goes beside it). */
  path: string;
  /** Legs on the left channel (default: the bridge's first leg). */
  left?: string[];
  /** Legs on the right channel (default: every other leg). */
  right?: string[];
}
