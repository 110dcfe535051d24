import type { AgentSession, WorkspaceConfig } from '@switchboard/core';
import type { AgentView, CallCommand } from '@switchboard/protocol';
import { apiError } from '../http/api-error';
import type { CallCommandPort } from '../sessions/session-hub';
import type { LiveCall } from './call-center';
import type { TelephonyRuntime } from './telephony-runtime';

/** Runs an engine verb, turning its typed errors into the protocol's. */
function engineCall<T>(fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    const code = (err as { code?: unknown }).code;
    const message = err instanceof Error ? err.message : String(err);
    if (code === 'TEL_BAD_ARGUMENT') throw apiError('VALIDATION_FAILED', message);
    if (code === 'TEL_INVALID_STATE' || code === 'TEL_NO_SUCH_LEG') throw apiError('ACTION_NOT_ALLOWED', 'The call is not in a state for that now', { reason: message });
    throw apiError('VOICE_UNAVAILABLE', 'The voice engine could not do that', { reason: message });
  }
}

/**
 * The adapter's call commands on the engine and the interaction. Each one is
 * checked against the interaction's capabilities first (the same flags the
 * adapter renders buttons from), so a refused command changes nothing.
 */
export class CallCommands implements CallCommandPort {
  constructor(
    private readonly t: TelephonyRuntime,
    private readonly workspace: () => WorkspaceConfig,
  ) {}

  apply(agentId: string, session: AgentSession, command: CallCommand): { seq: number; state: AgentView | null } {
    if (command.type === 'dial') {
      this.t.dialer.dial(agentId, session, command.number, command.campaignId);
    } else {
      this.onCall(agentId, command);
    }
    return { seq: session.seq, state: session.view() };
  }

  /**
   * The session ended (sign-out in wrap, token revoked, taken over). The call's record must
   * not be left open: a wrap in progress is closed by the system with the campaign's default
   * outcome (wrappedBy 'system'), and so is a call that reached wrap with no timer (the
   * session was already going when it ended).
   */
  sessionEnded(agentId: string): void {
    const call = this.t.center.callOf(agentId);
    if (!call) return;
    if (call.interaction.state === 'dialling') {
      this.t.dialer.cancel(call);
      return;
    }
    if (call.interaction.state === 'connected') {
      try {
        this.t.center.endCall(call, 'session-ended');
      } catch {
        // the ended session refuses to enter wrap; the interaction is in wrap all the same
      }
    }
    if (call.interaction.state !== 'wrap') return;
    if (call.wrap) call.wrap.closeBySystem();
    else call.interaction.wrapped(call.interaction.campaign?.defaultWrapCodeId ?? null, 'system');
  }

  committed(agentId: string, command: CallCommand): Promise<boolean> {
    const id = command.type === 'dial' ? this.t.center.callOf(agentId)?.interaction.id : command.interactionId;
    return id ? this.t.center.keeper.saved(id) : Promise.resolve(true);
  }

  private onCall(agentId: string, command: Exclude<CallCommand, { type: 'dial' }>): void {
    const { center, stack, voice } = this.t;
    const engine = stack.engine;
    const call = center.calls.get(command.interactionId);
    if (!call || call.interaction.agentId !== agentId) throw apiError('NOT_FOUND', `No interaction ${command.interactionId} of yours`);
    const i = call.interaction;
    const not = (why: string) => apiError('ACTION_NOT_ALLOWED', why, { interactionId: i.id, state: i.state });
    const caps = this.caps(agentId, call);
    switch (command.type) {
      case 'answer': {
        if (i.state !== 'offered') throw not('Nothing is ringing');
        const path = voice.connectedPath(agentId);
        if (!path?.legId) throw not('Answer on your phone');
        return center.acceptOffer(call, agentId, path.legId);
      }
      case 'decline':
        if (i.state !== 'offered') throw not('Nothing is ringing');
        return center.decline(call);
      case 'hang-up':
        if (!caps.canHangUp) throw not('There is no call to hang up');
        if (i.state === 'dialling') {
          this.t.dialer.cancel(call);
          return;
        }
        return center.endCall(call, 'agent-hangup');
      case 'hold':
        if (!caps.canHold) throw not('The call cannot be held now');
        i.hold();
        engine.hold(call.customerLegId).catch(() => undefined);
        return;
      case 'resume':
        if (!caps.canResume) throw not('The call is not on hold');
        i.resume();
        engine.resume(call.customerLegId).catch(() => undefined);
        return;
      case 'mute':
        if (!caps.canMute) throw not('There is no live call to mute');
        return this.setMuted(call, command.muted);
      case 'send-dtmf': {
        // The agent's keypad: tones to the customer (a remote IVR, a PIN pad), not to the agent.
        if (!caps.canSendDtmf) throw not('There is no live call to send tones to');
        if (i.customerLeg()?.state === 'held') throw not('Resume the call to send tones');
        const sent = engineCall(() => engine.sendDtmf(call.customerLegId, command.digits));
        sent.catch(() => undefined); // the customer hung up mid-way: nothing left to tell
        return;
      }
      case 'set-notes':
        if (!caps.canEditNotes) throw not('Notes are closed for this interaction');
        i.setNotes(command.text, agentId);
        return;
      case 'toggle-recording':
        if (!caps.canToggleRecording) throw not('Recording cannot be changed for this call');
        if (i.recording.state === 'recording') {
          if (call.recordingId) engine.pauseRecording(call.recordingId);
          i.pauseRecording(agentId);
        } else {
          if (call.recordingId) engine.resumeRecording(call.recordingId);
          i.resumeRecording(agentId);
        }
        return;
      case 'add-bookmark':
        if (!caps.canBookmark) throw not('Bookmarks need a running recording');
        i.bookmark(agentId);
        if (call.recordingId) engine.markRecording(call.recordingId, 'Manual');
        return;
      case 'play-announcement': {
        if (!caps.canPlayAnnouncement) throw not('An announcement cannot be played now');
        const a = i.announcementStarted(command.announcementId, agentId);
        center.playAnnouncement(call, a.file);
        return;
      }
      case 'stop-announcement':
        if (!caps.canStopAnnouncement) throw not('No announcement is playing');
        if (call.announcementPlayback) engine.stopPlay(call.announcementPlayback);
        call.announcementPlayback = undefined;
        i.announcementEnded(agentId);
        return;
      case 'wrap':
        if (!caps.canWrap || !call.wrap) throw not('Nothing to wrap');
        call.wrap.wrap(command.outcomeId ?? null);
        return;
      case 'extend-wrap':
        if (!caps.canExtendWrap || !call.wrap) throw not('The wrap cannot be extended');
        call.wrap.extend();
        return;
    }
  }

  /**
   * Mute is the agent's leg going silent toward the customer and the recording (the agent
   * still hears). A persistent voice path outlives the call, so the mute is lifted when the
   * call stops being live: the next call must never start muted.
   */
  private setMuted(call: LiveCall, on: boolean): void {
    const legId = call.agentLegId;
    if (!legId) throw apiError('ACTION_NOT_ALLOWED', 'Your phone is not on this call', { interactionId: call.interaction.id });
    if (call.muted === on) return;
    const engine = this.t.stack.engine;
    engineCall(() => (on ? engine.mute(legId) : engine.unmute(legId)));
    call.muted = on;
    this.unmuteWatch.get(call)?.();
    this.unmuteWatch.delete(call);
    // The interaction emits nothing for a mute: the agent's sockets must hear it all the same,
    // or the adapter keeps showing the old state until some other change (issue 14, item 2).
    const agentId = call.interaction.agentId;
    if (agentId) this.t.center.publish(agentId);
    if (!on) return;
    const off = call.interaction.on('event', () => {
      if (call.interaction.state === 'connected' && call.agentLegId === legId) return;
      off();
      this.unmuteWatch.delete(call);
      call.muted = false;
      try {
        engine.unmute(legId);
      } catch {
        // a per-call leg that was hung up
      }
      // The view published for this event (before this listener ran) still said muted.
      if (call.interaction.agentId) this.t.center.publish(call.interaction.agentId);
    });
    this.unmuteWatch.set(call, off);
  }

  private readonly unmuteWatch = new WeakMap<LiveCall, () => void>();

  private caps(agentId: string, call: LiveCall) {
    return this.t.callView(agentId, call).capabilities;
  }
}
