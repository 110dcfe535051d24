import { callMeNumber, dialPlanOf, type CallDesk, type MonitorView, type WorkspaceConfig } from '@switchboard/core';
import type { MonitorModeWire, MonitorStartBody, MonitorViewWire } from '@switchboard/protocol';
import type { Logger } from '@switchboard/shared';
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

  start(p: Principal, interactionId: string, body: MonitorStartBody): MonitorViewWire {
    const desk = this.allowed(p, interactionId);
    const ws = this.d.workspace();
    const number =
      this.d.sipUriNumbers && SIP_URI.test(body.number) ? body.number : callMeNumber(body.number, { region: ws.region ?? null, ownPhoneUsers: [], dialPlan: dialPlanOf(ws) });
    const name = ws.staff.find((s) => s.id === p.userId)?.displayName ?? p.userId;
    const v = desk.monitors.start(interactionId, { supervisorId: p.userId, supervisorName: name, mode: body.mode, number });
    this.d.logger.info({ interactionId, supervisorId: p.userId, mode: body.mode }, 'monitoring a call');
    return wire(v);
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
