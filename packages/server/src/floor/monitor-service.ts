import { callMeNumber, dialPlanOf, type CallDesk, type MonitorView, type MonitorVoice, type PortLeg, type WorkspaceConfig } from '@switchboard/core';
import type { MonitorModeWire, MonitorStartBody, MonitorStarted, MonitorViewWire } from '@switchboard/protocol';
import type { Logger } from '@switchboard/shared';
import type { TelephonyEngine } from '@switchboard/telephony';
import type { Principal } from '../auth/token-service';
import { apiError } from '../http/api-error';
import type { FloorView } from './floor-view';

/** A lab "call me" SIP URI (CALL_ME_SIP_URIS=on): sip:user@ipv4:port. */
const SIP_URI = /^sip:[^@\s]+@[\d.]+:\d+$/;

export interface MonitorServiceDeps {
  /** The call desk (absent with ENGINE=off). */
  desk(): CallDesk | undefined;
  workspace(): WorkspaceConfig;
  /** Whose calls a user may monitor: the floor's scope (their team; an admin every team). */
  floor: Pick<FloorView, 'scope' | 'inScope'>;
  /** CALL_ME_SIP_URIS=on: a lab SIP URI is a voice path too. */
  sipUriNumbers: boolean;
  /** Web Connect: a browser leg on the engine from its SDP offer, with our answer (absent with ENGINE=off). */
  webrtc?(o: { sdp: string; from: string }): Promise<{ leg: PortLeg; sdp: string }>;
  logger: Logger;
}

/**
 * Listen, whisper, barge (issue 20.4) at the edge: who may (a supervisor on their team's agents'
 * calls, an admin on any), over which number (read like an agent's call me: E.164 allowed by the
 * dial plan). What the call allows is core's (DeskMonitors).
 */
export class MonitorService {
  constructor(private readonly d: MonitorServiceDeps) {}

  status(p: Principal, interactionId: string): { monitor: MonitorViewWire | null } {
    const desk = this.allowed(p, interactionId);
    const v = desk.monitors.view(interactionId);
    return { monitor: v ? wire(v) : null };
  }

  async start(p: Principal, interactionId: string, body: MonitorStartBody): Promise<MonitorStarted> {
    this.allowed(p, interactionId);
    const ws = this.d.workspace();
    const name = ws.staff.find((s) => s.id === p.userId)?.displayName ?? p.userId;
    let voice: MonitorVoice;
    let answer: string | undefined;
    if (body.sdp !== undefined) {
      if (!this.d.webrtc) throw apiError('NOT_FOUND', 'Web Connect needs the telephony engine');
      const created = await this.d.webrtc({ sdp: body.sdp, from: p.userId }).catch((err: unknown) => {
        throw apiError('VALIDATION_FAILED', `The browser's offer was not usable: ${(err as Error).message}`);
      });
      voice = { kind: 'web', leg: created.leg };
      answer = created.sdp;
    } else {
      const n = body.number ?? '';
      voice = {
        kind: 'call-me',
        number: this.d.sipUriNumbers && SIP_URI.test(n) ? n : callMeNumber(n, { region: ws.region ?? null, ownPhoneUsers: [], dialPlan: dialPlanOf(ws) }),
      };
    }
    let v: MonitorView;
    try {
      // Checked again: the call may have ended while the browser's leg was made.
      v = this.allowed(p, interactionId).monitors.start(interactionId, { supervisorId: p.userId, supervisorName: name, mode: body.mode, voice });
    } catch (err) {
      if (voice.kind === 'web') voice.leg.hangup('normal');
      throw err;
    }
    this.d.logger.info({ interactionId, supervisorId: p.userId, mode: body.mode, voice: voice.kind }, 'monitoring a call');
    return answer !== undefined ? { ...wire(v), sdp: answer } : wire(v);
  }

  mode(p: Principal, interactionId: string, mode: MonitorModeWire): MonitorViewWire {
    return wire(this.allowed(p, interactionId).monitors.setMode(interactionId, p.userId, mode));
  }

  stop(p: Principal, interactionId: string): MonitorViewWire {
    return wire(this.allowed(p, interactionId).monitors.stop(interactionId, p.userId));
  }

  /** The call exists (404) and its agent is in the caller's scope (403). */
  private allowed(p: Principal, interactionId: string): CallDesk {
    const scope = this.d.floor.scope(p);
    const desk = this.d.desk();
    const call = desk?.get(interactionId);
    if (!desk || !call) throw apiError('NOT_FOUND', `No call ${interactionId}`, { interactionId });
    const agentId = call.interaction.agentId;
    const teamId = agentId ? (this.d.workspace().agents.find((a) => a.id === agentId)?.teamId ?? null) : null;
    if (!this.d.floor.inScope(scope, teamId)) throw apiError('FORBIDDEN', 'That call is not of an agent in your teams', { interactionId });
    return desk;
  }
}

function wire(v: MonitorView): MonitorViewWire {
  return { ...v, since: new Date(v.since).toISOString() };
}

/** Web Connect on the engine's browser legs, as the agents' (EngineTelephonyPort.webrtc). */
export function engineWebrtc(engine: Pick<TelephonyEngine, 'webrtc'>): NonNullable<MonitorServiceDeps['webrtc']> {
  return async (o) => {
    const r = await engine.webrtc({ offer: JSON.stringify({ type: 'offer', sdp: o.sdp }), from: o.from });
    return { leg: r.leg, sdp: (JSON.parse(r.answer) as { sdp: string }).sdp };
  };
}
