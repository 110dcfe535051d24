import { join } from 'node:path';
import { ManualDial, planManualDial, type AgentSession, type DialFailureCause, type WorkspaceConfig } from '@switchboard/core';
import type { TelephonyEngine } from '@switchboard/telephony';
import { newId, type Clock, type Logger } from '@switchboard/shared';
import { apiError } from '../http/api-error';
import type { EngineVoiceConnector } from '../voice/engine-voice-connector';
import { interactionCampaign, type CallCenter, type LiveCall } from './call-center';

const CAUSES: Record<string, DialFailureCause> = {
  no_answer: 'no-answer',
  busy: 'busy',
  invalid_number: 'invalid-number',
  rejected: 'rejected',
  cancelled: 'cancelled',
  network: 'network',
};

export interface ManualDialerDeps {
  engine: TelephonyEngine;
  center: CallCenter;
  voice: EngineVoiceConnector;
  clock: Clock;
  logger: Logger;
  workspace(): WorkspaceConfig;
  /** The trunk manual calls go out on (the sandbox in the demo). */
  trunk: string;
  announcementsDir: string;
  recordingsDir: string;
}

/**
 * Manual outbound (manual 7): core plans and checks the number, the engine
 * dials it out on the trunk, and the result becomes ManualDial's answered()
 * or failed(cause) — a distinct toast, never a change of presence.
 */
export class ManualDialer {
  private readonly dials = new Map<string, { md: ManualDial; call: LiveCall }>();

  constructor(private readonly d: ManualDialerDeps) {
    d.engine.on('answered', ({ legId }) => this.onAnswered(legId));
    d.center.dialEnded = (call, cause) => this.onFailed(call, cause);
  }

  dial(agentId: string, session: AgentSession, number: string, campaignId: string | null): void {
    const ws = this.d.workspace();
    const agent = ws.agents.find((a) => a.id === agentId);
    const plan = planManualDial({ number, campaignId }, session.view(), { agent: agent?.region ?? null, workspace: ws.region });
    const path = this.d.voice.connectedPath(agentId);
    if (!path?.legId) throw apiError('ACTION_NOT_ALLOWED', 'Manual calls need a connected voice path that stays up (Keep the line open, Call in or Web Connect)');
    const c = plan.campaignId ? ws.campaigns.find((x) => x.id === plan.campaignId) : undefined;
    const md = new ManualDial(session, {
      id: newId('int'),
      clock: this.d.clock,
      agentId,
      plan,
      campaign: c ? interactionCampaign(c, this.d.announcementsDir) : null,
      callerId: ws.callInNumber,
    });
    const call: LiveCall = { interaction: md.interaction, customerLegId: '', runner: undefined, agentLegId: path.legId, agentLegPerCall: false, wrap: undefined, recordingId: undefined, announcementPlayback: undefined, muted: false };
    this.d.center.adopt(call);
    this.d.engine.originate({ to: { trunk: this.d.trunk, number: plan.number.e164 }, from: ws.callInNumber }).then(
      (legId) => {
        call.customerLegId = legId;
        this.dials.set(legId, { md, call });
        this.d.center.bindLeg(legId, call);
      },
      (err: unknown) => {
        this.d.logger.warn({ err }, 'manual dial could not start');
        md.failed('network');
      },
    );
  }

  /** The agent pressed Hang up while it rang. */
  cancel(call: LiveCall): boolean {
    const entry = this.dials.get(call.customerLegId);
    if (!entry) return false;
    this.d.engine.hangup(call.customerLegId, 'cancelled');
    return true;
  }

  private onAnswered(legId: string): void {
    const entry = this.dials.get(legId);
    if (!entry) return;
    this.dials.delete(legId);
    const { md, call } = entry;
    if (call.interaction.state !== 'dialling') return;
    try {
      this.d.engine.bridge([legId, call.agentLegId!]);
    } catch (err) {
      this.d.logger.warn({ err }, 'bridging a manual call failed');
    }
    md.answered();
    const i = call.interaction;
    if (i.recording.mode !== 'off') {
      const file = join(this.d.recordingsDir, `${i.id}.wav`);
      try {
        call.recordingId = this.d.engine.startRecording({ legIds: [legId, call.agentLegId!] }, { path: file, left: [legId], right: [call.agentLegId!] });
        i.startRecording(file);
      } catch (err) {
        this.d.logger.warn({ err }, 'recording did not start');
      }
    }
  }

  private onFailed(call: LiveCall, cause: string): void {
    const entry = this.dials.get(call.customerLegId);
    if (!entry) return;
    this.dials.delete(call.customerLegId);
    entry.md.failed(CAUSES[cause] ?? 'network');
  }
}
