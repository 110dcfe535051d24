import type { EndCause } from './causes';
import type { CallLegState } from './leg/leg-state';

export type LegKind = 'sip' | 'webrtc' | 'player';

/** A read-only view of a leg, as events and `getLeg()` give it. */
export interface LegInfo {
  id: string;
  kind: LegKind;
  direction: 'inbound' | 'outbound' | 'internal';
  state: CallLegState;
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

/**
 * A transfer asked by a leg's far end: a desk phone's transfer button, as a SIP REFER (RFC 3515).
 * The engine already answered 202 and sent NOTIFY "100 Trying"; the owner carries the transfer
 * out (the same operation as the adapter's) and reports the outcome once: accept() when it
 * succeeded (final NOTIFY "200 OK"), fail(status) when not (final NOTIFY with that status, e.g.
 * 486, 603, 503). Either ends the REFER's implicit subscription (terminated;reason=noresource).
 * With no `refer` listener on the engine or the leg's handle the REFER is declined with 603.
 */
export interface LegReferRequest {
  /** The user part or number of the Refer-To URI (percent-decoded; '' when it has none). */
  target: string;
  /** The Refer-To URI without embedded headers, e.g. sip:+15550001@pbx.example.com. */
  uri: string;
  /** Attended transfer: the engine leg whose dialog the Refer-To's Replaces names (RFC 3891). */
  replacesLegId: string | undefined;
  /** The Referred-By URI (RFC 3892), when the phone sent one. */
  referredBy?: string;
  /** The transfer succeeded: final NOTIFY "SIP/2.0 200 OK". */
  accept(): void;
  /** The transfer failed: final NOTIFY with `status` (300-699; anything else is sent as 500). */
  fail(status: number, reason?: string): void;
}

export interface EngineEvents {
  [event: string]: unknown;
  /**
   * An inbound call waits for answer() or reject(). `replacesLegId`: its INVITE carried a Replaces
   * (RFC 3891) naming that live leg; ending the replaced leg is the owner's call.
   */
  offered: { leg: LegInfo; replacesLegId?: string };
  ringing: { legId: string };
  answered: { legId: string };
  /** A WebRTC leg's ICE/DTLS connected: media can flow (answered only means our answer was made). */
  mediaConnected: { legId: string };
  ended: { legId: string; cause: EndCause; sipStatus: number | undefined };
  held: { legId: string };
  resumed: { legId: string };
  /** mute()/unmute() changed the leg's mute state. */
  muteChanged: { legId: string; muted: boolean };
  dtmf: { legId: string; digit: string; source: 'rfc4733' | 'inband' | 'info' };
  /** The leg's far end asked for a transfer (SIP REFER); see LegReferRequest. */
  refer: { legId: string } & LegReferRequest;
  playFinished: { legId: string; playbackId: string; stopped: boolean; playedMs: number };
  recordingStopped: { recordingId: string; path: string; durationMs: number };
  registered: { user: string; contact: string; expires: number };
  unregistered: { user: string };
}

export type OriginateTarget =
  /** A number out through a configured trunk (rewritten by its rules). */
  | { trunk: string; number: string }
  /**
   * An agent's registered phone. srtp: true offers RTP/SAVP (the phone must take SRTP), false
   * plain RTP; absent: SRTP as best effort (RTP/AVP with a=crypto) when the phone registered over
   * TLS (its signalling, and so the keys, are encrypted), plain RTP otherwise.
   */
  | { user: string; srtp?: boolean }
  /** A SIP URI as is (tests, internal use). */
  | { uri: string; host: string; port: number; transport?: 'udp' | 'tcp' | 'tls'; srtp?: boolean };

export interface OriginateOptions {
  to: OriginateTarget;
  /** The number or name we present as the caller. */
  from?: string;
  /** Ring timeout in ms (trunk default, else 60 s): then the leg ends with no_answer. */
  ringTimeoutMs?: number;
  /** Who and what the call is for (e.g. agentId, purpose): passed as is to the outbound guard. */
  context?: Readonly<Record<string, string>>;
  /**
   * The inbound leg this call is placed for (a B2BUA forwarding it): our INVITE carries that
   * leg's Max-Forwards less one (RFC 3261 16.6 step 3), so two systems routing to each other
   * cannot loop a call forever. Without it, Max-Forwards is 70.
   */
  continues?: string;
}

/**
 * Asked before every call out through a trunk, with the number as the application gave it
 * (before the trunk's rewrite); throwing refuses the call (originate rejects with that error).
 * The application's dial plan lives here: the engine only asks.
 */
export type OutboundGuard = (call: { trunk: string; number: string; from: string | undefined; context: Readonly<Record<string, string>> }) => void;

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
