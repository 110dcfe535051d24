import type { TypedEmitter } from '@switchboard/shared';

/**
 * The seam between call logic and SIP: one INVITE dialog (or a WebRTC offer/answer),
 * seen as a few verbs and events carrying SDP text. The SIP adapter implements it on the
 * sip package's dialogs; tests implement it in memory. Nothing above this line knows a
 * transaction or a header exists.
 */
export interface CallSignalEvents {
  [event: string]: unknown;
  /** 18x received for our INVITE (sdp present for early media). */
  progress: { status: number; sdp: string | undefined };
  /** 2xx received for our INVITE and ACKed. */
  answered: { sdp: string };
  /** Our INVITE failed: a final non-2xx, Timer B (408) or a transport error (503). */
  failed: { status: number; reason: string };
  /** The caller cancelled their INVITE before we answered. */
  cancelled: Record<string, never>;
  /** The far end hung up (BYE), or the dialog died (timeout, 481). */
  bye: { status?: number };
  /**
   * The far end sent a re-INVITE. `sdp` is its offer, or undefined for a re-INVITE without one
   * (RFC 3261 14.2: we offer in the 2xx). `respond` sends our answer (or offer; '' refuses with 488)
   * and resolves with the SDP of the ACK: the far end's answer when we offered, else undefined.
   */
  reoffer: { sdp: string | undefined; respond: (sdp: string) => Promise<string | undefined> };
  /** DTMF carried in SIP INFO (some phones). */
  info: { digit: string };
  /** The far end asked us to transfer this call (an in-dialog SIP REFER, RFC 3515). */
  refer: SignalRefer;
}

/**
 * A transfer request as the signalling hands it up: already checked (a malformed one was
 * answered 400 below this line). Answer it once: accept() (202 and a "100 Trying" NOTIFY) then
 * complete(status) with the outcome (the final NOTIFY), or reject(status) (a final response).
 */
export interface SignalRefer {
  /** The user part or number of the Refer-To URI ('' when it has none). */
  target: string;
  /** The Refer-To URI without its embedded headers. */
  uri: string;
  /** The call the Refer-To's Replaces names (RFC 3891), when it has one: an attended transfer. */
  replaces: CallSignal | undefined;
  /** The Referred-By URI (RFC 3892), when present. */
  referredBy: string | undefined;
  accept(): void;
  complete(status: number, reason?: string): void;
  reject(status: number, reason?: string): void;
}

export interface CallSignal extends TypedEmitter<CallSignalEvents> {
  readonly direction: 'inbound' | 'outbound';
  /**
   * The INVITE's SDP offer (inbound; undefined for a delayed offer, an INVITE without a body) or
   * undefined until answered (outbound).
   */
  readonly remoteSdp: string | undefined;
  /** Send 180 Ringing (inbound only). */
  ring(): void;
  /**
   * Send 200 OK with our SDP: the answer to their offer, or our offer when the INVITE had none
   * (inbound only). Resolves when the ACK arrives, with the ACK's SDP (their answer to our offer)
   * or undefined when it has none.
   */
  answer(sdp: string): Promise<string | undefined>;
  /** Final non-2xx to an inbound INVITE; `retryAfterSec` adds Retry-After (RFC 3261 20.33) to a 503. */
  reject(status: number, opts?: { retryAfterSec?: number }): void;
  /** CANCEL our INVITE before it is answered. */
  cancel(): void;
  /** BYE an established dialog. */
  hangup(): Promise<void>;
  /** A re-INVITE with a new offer (hold, resume); resolves to the far end's answer. */
  reinvite(sdp: string): Promise<string>;
}

/** The SIP transports a call's signalling can use. */
export type SignalTransport = 'udp' | 'tcp' | 'tls' | 'ws';

/** Who an inbound INVITE came from and what it asked for. */
export interface IncomingCallInfo {
  /** User part of the From URI (the caller's number or user name). */
  from: string;
  /** User part of the Request-URI (the dialled number or user). */
  to: string;
  sourceAddress: string;
  sourcePort: number;
  transport: SignalTransport;
  /** The authenticated registered user, when the INVITE came from an agent's phone. */
  user: string | undefined;
  /** The trunk that authenticated this INVITE with digest (a trunk with inbound credentials). */
  trunk?: string;
  /** Over TLS: the SHA-256 fingerprint of the certificate the far end presented, if any. */
  tlsFingerprint?: string;
  /** The INVITE's Max-Forwards (undefined when it had none). */
  maxForwards?: number | undefined;
  /** The call this INVITE replaces (its Replaces header, RFC 3891), already checked to be ours. */
  replaces?: CallSignal | undefined;
}

export interface OutgoingCallTarget {
  /** The Request-URI, e.g. sip:+61412345678@carrier.example:5060. */
  uri: string;
  /** Where to send it. */
  host: string;
  port: number;
  transport: SignalTransport;
  /** The number or user we present in From. */
  from: string;
  credentials?: { username: string; password: string };
  /** Max-Forwards for our INVITE (default 70). */
  maxForwards?: number;
  /**
   * Offer SRTP with SDES keys: true in RTP/SAVP (the far end must accept it), 'best-effort' in
   * RTP/AVP (SRTP if the far end answers with a=crypto, else plain RTP).
   */
  srtp?: boolean | 'best-effort';
}

/** What the engine needs from a signalling stack. */
export interface SignallingPort {
  /** Calls `handler` for each new inbound INVITE (after any authentication). */
  onIncoming(handler: (signal: CallSignal, info: IncomingCallInfo) => void): void;
  invite(target: OutgoingCallTarget, sdp: string): CallSignal;
  close(): Promise<void>;
}
