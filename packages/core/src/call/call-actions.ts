import { InteractionActionError } from '../interaction/errors';
import { interactionCapabilities } from '../interaction/capabilities';
import type { AgentLine } from './telephony-port';
import type { InboundCall } from './inbound-call';
import type { HandedOnCall } from './handed-on-call';
import type { ManualCall } from './manual-call';
import type { TransferAction } from './transfer-types';
import { applyTransferAction } from './transfer-actions';

/** What an agent asks of their open call from the adapter (protocol's call commands, less dial). */
export type CallAction =
  | { type: 'answer' }
  | { type: 'decline' }
  | { type: 'hang-up' }
  | { type: 'hold' }
  | { type: 'resume' }
  | { type: 'mute'; muted: boolean }
  | { type: 'send-dtmf'; digits: string }
  | { type: 'set-notes'; text: string }
  | { type: 'toggle-recording' }
  | { type: 'add-bookmark' }
  | { type: 'play-announcement'; announcementId: string }
  | { type: 'stop-announcement' }
  | { type: 'wrap'; outcomeId?: string | null }
  | { type: 'extend-wrap' }
  | TransferAction;

export type CallSession = InboundCall | ManualCall | HandedOnCall;

/**
 * Applies one agent action to their call. Each is checked against the interaction's capabilities
 * first (the same flags the adapter renders buttons from), so a refused action changes nothing.
 * Throws InteractionActionError (ACTION_NOT_ALLOWED) when it is not allowed now; a port failure
 * (the engine refusing) propagates for the server to translate.
 */
export function applyCallAction(call: CallSession, agentId: string, action: CallAction, line: AgentLine | undefined): void {
  const i = call.interaction;
  const not = (why: string) => new InteractionActionError(why, { interactionId: i.id, state: i.state });
  const caps = interactionCapabilities(agentId, i);
  const live = call.connected;
  switch (action.type) {
    case 'answer': {
      if (i.state !== 'offered' || !('accept' in call)) throw not('Nothing is ringing');
      if (!line?.leg) throw not('Answer on your phone');
      return call.accept(agentId, line.leg, false);
    }
    case 'decline':
      if (i.state !== 'offered' || !('decline' in call)) throw not('Nothing is ringing');
      return call.decline();
    case 'hang-up':
      if (!caps.canHangUp) throw not('There is no call to hang up');
      if (i.state === 'dialling' && 'cancel' in call) return call.cancel();
      return live?.transfers.hangUp();
    case 'hold':
      if (!caps.canHold || !live || live.transfers.holdLocked()) throw not('The call cannot be held now');
      return live.hold();
    case 'resume':
      if (!caps.canResume || !live || live.transfers.holdLocked()) throw not('The call is not on hold, or a consult holds it');
      return live.resume();
    case 'mute':
      if (!caps.canMute || !live) throw not('There is no live call to mute');
      return live.setMuted(action.muted);
    case 'send-dtmf':
      if (!caps.canSendDtmf || !live) throw not('There is no live call to send tones to');
      return live.sendDtmf(action.digits);
    case 'set-notes':
      if (!caps.canEditNotes) throw not('Notes are closed for this interaction');
      return i.setNotes(action.text, agentId);
    case 'toggle-recording':
      if (!caps.canToggleRecording || !live) throw not('Recording cannot be changed for this call');
      return live.toggleRecording(agentId);
    case 'add-bookmark':
      if (!caps.canBookmark || !live) throw not('Bookmarks need a running recording');
      return live.bookmark(agentId);
    case 'play-announcement':
      if (!caps.canPlayAnnouncement || !live) throw not('An announcement cannot be played now');
      return live.playAnnouncement(action.announcementId, agentId);
    case 'stop-announcement':
      if (!caps.canStopAnnouncement || !live) throw not('No announcement is playing');
      return live.stopAnnouncement(agentId);
    case 'wrap':
      if (!caps.canWrap || !live?.wrap) throw not('Nothing to wrap');
      return live.wrap.wrap(action.outcomeId ?? null);
    case 'extend-wrap':
      if (!caps.canExtendWrap || !live?.wrap) throw not('The wrap cannot be extended');
      live.wrap.extend();
      return;
    default:
      if (!live) throw not('There is no live call');
      return applyTransferAction(live, action);
  }
}
