import { randomInt } from 'node:crypto';
import { hashSecret, verifySecret, type Logger } from '@switchboard/shared';
import type { VoiceConnector, VoiceConnectRequest, VoiceConnectResult } from '../agent/voice-connector';
import { causeMessage } from './cause-messages';
import { VoiceLineError } from './errors';
import type { AgentLine, AgentLines, PortLeg } from './telephony-port';

/** An agent's voice path: the one leg that carries their audio (or the number to ring per call). */
export interface VoicePath {
  agentId: string;
  sessionId: string;
  attemptId: number;
  method: VoiceConnectRequest['method'];
  persistent: boolean;
  number: string | null;
  /** The agent's leg while it exists (persistent call-me, call-in, web; the check call of a per-call call-me). */
  leg: PortLeg | undefined;
  /** The path is connected (the session was told voiceConnected). */
  up: boolean;
  /** Per-call call-me: the leg is the check call that proves the number answers, hung up once it does. */
  checking?: boolean;
  /** Call-in: the one-time PIN's hash. */
  pinHash?: Promise<string>;
}

export interface VoiceSessions {
  voiceConnected(agentId: string, attemptId: number): void;
  voiceFailed(agentId: string, attemptId: number, reason: string): void;
  voiceDropped(agentId: string, reason: string): void;
}

/** What voice paths need of telephony (the server's, over the engine). */
export interface VoiceLinePort {
  /** Rings an agent's number (a registered phone, else out through the trunk). */
  dialAgent(o: { number: string; from: string; context: Readonly<Record<string, string>> }): Promise<PortLeg>;
  /** Whether the number goes out through a trunk (else it is a phone registered here, or a lab URI). */
  viaTrunk(number: string): boolean;
  /** A browser leg from its SDP offer; our SDP answer. Throws when the offer is unusable. */
  webrtc(o: { sdp: string; from: string }): Promise<{ leg: PortLeg; sdp: string }>;
}

export interface AgentVoiceLinesDeps {
  port: VoiceLinePort;
  logger: Logger;
  sessions: VoiceSessions;
  /** Call me: the number checked and normalised (E.164 allowed by the dial plan, or the agent's own phone); throws to refuse. */
  prepareNumber(agentId: string, number: string): string;
  callInNumber(): string;
  agentNumber(agentId: string): string;
  /** The agent's configured PIN hash (call-in accepts it as well as the one-time PIN). */
  pinHash(agentId: string): string | undefined;
  /** The number we present when calling agents. */
  callerId(): string;
}

/**
 * Agents' voice paths (manual 1) on the telephony port. call-me rings the agent's number
 * (persistent: the call stays up and customer calls are bridged in; otherwise
 * the number is rung per call and the path counts as connected at once);
 * call-in waits for the agent's phone to ring the call-in number and key their
 * agent ID and PIN; web waits for the browser's offer (POST /agent/webrtc).
 */
export class AgentVoiceLines implements VoiceConnector, AgentLines {
  readonly paths = new Map<string, VoicePath>();

  constructor(private readonly d: AgentVoiceLinesDeps) {}

  prepareNumber(agentId: string, number: string): string {
    return this.d.prepareNumber(agentId, number);
  }

  connect(req: VoiceConnectRequest): VoiceConnectResult {
    this.drop(req.agentId, 'replaced');
    const path: VoicePath = {
      agentId: req.agentId,
      sessionId: req.sessionId,
      attemptId: req.attemptId,
      method: req.method,
      persistent: req.persistent,
      number: req.number,
      leg: undefined,
      up: false,
    };
    this.paths.set(req.agentId, path);
    if (req.method === 'call-in') {
      const digits = randomInt(4, 7);
      const pin = String(randomInt(0, 10 ** digits)).padStart(digits, '0');
      path.pinHash = hashSecret(pin);
      path.pinHash.catch(() => undefined); // awaited by callIn(), which treats a failed hash as a wrong PIN
      return { kind: 'awaiting-call-in', dialNumber: this.d.callInNumber(), agentNumber: this.d.agentNumber(req.agentId), pin };
    }
    if (req.method === 'web') return { kind: 'awaiting-web' };
    if (!req.number) throw new VoiceLineError('VALIDATION_FAILED', 'Call me needs a number');
    const number = req.number;
    if (!req.persistent && !this.d.port.viaTrunk(number)) {
      // Rung per call on a registered phone (or a lab URI): nothing to set up now.
      queueMicrotask(() => this.connected(path));
      return { kind: 'dialling' };
    }
    // Persistent: the call stays up. Per call out through a trunk: one check call first, so a
    // number that is wrong, busy or never answers fails here instead of every offer failing later.
    path.checking = !req.persistent;
    this.d.port.dialAgent({ number, from: this.d.callerId(), context: { agentId: req.agentId, purpose: 'call-me' } }).then(
      (leg) => {
        if (this.paths.get(req.agentId) !== path) return leg.hangup('cancelled');
        this.attach(path, leg);
        leg.on('answered', () => this.onAnswered(path, leg));
      },
      (err: unknown) => this.failed(path, (err as Error).message || 'The call could not be placed'),
    );
    return { kind: 'dialling' };
  }

  disconnect(req: { sessionId: string; agentId: string; attemptId: number }): void {
    const p = this.paths.get(req.agentId);
    if (p && p.attemptId <= req.attemptId) this.drop(req.agentId, 'disconnected');
  }

  /** The path of an agent, if connected. */
  connectedPath(agentId: string): VoicePath | undefined {
    const p = this.paths.get(agentId);
    return p?.up ? p : undefined;
  }

  /** The agent's connected path as the call sessions see it (core's AgentLines). */
  connectedLine(agentId: string): AgentLine | undefined {
    const p = this.connectedPath(agentId);
    return p ? { method: p.method, persistent: p.persistent, number: p.number, leg: p.leg } : undefined;
  }

  /** The path's leg reports to it: ending it fails a path being set up or drops a connected one. */
  private attach(p: VoicePath, leg: PortLeg): void {
    p.leg = leg;
    leg.on('ended', ({ cause }) => this.onEnded(p, leg, cause));
  }

  /** Web Connect: the browser's SDP offer for the agent's pending web attempt; returns our SDP answer. */
  async webOffer(agentId: string, offer: string): Promise<string> {
    const p = this.paths.get(agentId);
    if (!p || p.method !== 'web' || p.up) throw new VoiceLineError('ACTION_NOT_ALLOWED', 'Choose "Web Connect" first');
    let created: { leg: PortLeg; sdp: string };
    try {
      created = await this.d.port.webrtc({ sdp: offer, from: agentId });
    } catch (err) {
      throw new VoiceLineError('VALIDATION_FAILED', `The browser's offer was not usable: ${(err as Error).message}`);
    }
    const answer = created.sdp;
    if (this.paths.get(agentId) !== p) {
      created.leg.hangup('cancelled');
      throw new VoiceLineError('ACTION_NOT_ALLOWED', 'The Web Connect attempt was cancelled');
    }
    this.attach(p, created.leg);
    this.connected(p);
    return answer;
  }

  /** Call-in IVR: an agent keyed their ID and PIN on a call we answered; true if it matched. */
  async callIn(leg: PortLeg, agentId: string, pin: string): Promise<boolean> {
    const p = this.paths.get(agentId);
    if (!p || p.method !== 'call-in' || p.up) return false;
    const once = p.pinHash ? await verifySecret(pin, await p.pinHash).catch(() => false) : false;
    const configured = this.d.pinHash(agentId);
    const ok = once || (configured ? await verifySecret(pin, configured).catch(() => false) : false);
    if (!ok || this.paths.get(agentId) !== p) return false;
    this.attach(p, leg);
    this.connected(p);
    return true;
  }

  /** The session ended: forget the path and hang up its leg. */
  drop(agentId: string, why: string): void {
    const p = this.paths.get(agentId);
    if (!p) return;
    this.paths.delete(agentId);
    p.leg?.hangup('normal');
    this.d.logger.debug({ agentId, why }, 'voice path dropped');
  }

  private connected(p: VoicePath): void {
    if (this.paths.get(p.agentId) !== p || p.up) return;
    p.up = true;
    this.d.sessions.voiceConnected(p.agentId, p.attemptId);
  }

  private failed(p: VoicePath, reason: string): void {
    if (this.paths.get(p.agentId) !== p) return;
    this.paths.delete(p.agentId);
    this.d.sessions.voiceFailed(p.agentId, p.attemptId, reason);
  }

  private onAnswered(p: VoicePath, leg: PortLeg): void {
    if (this.paths.get(p.agentId) !== p || p.leg !== leg || p.method !== 'call-me') return;
    if (p.checking) {
      // The number answers: that was the check. Offers and manual dials ring it per call.
      p.checking = false;
      p.leg = undefined;
      leg.hangup('normal');
    }
    this.connected(p);
  }

  private onEnded(p: VoicePath, leg: PortLeg, cause: string): void {
    if (this.paths.get(p.agentId) !== p || p.leg !== leg) return;
    if (!p.up) return this.failed(p, causeMessage(cause));
    this.paths.delete(p.agentId);
    this.d.sessions.voiceDropped(p.agentId, causeMessage(cause));
  }
}
