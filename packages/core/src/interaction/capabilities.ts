import type { Interaction } from './interaction';

/** What the agent may do to the interaction now; the adapter renders buttons from these. */
export interface InteractionCapabilities {
  canHold: boolean;
  canResume: boolean;
  canMute: boolean;
  canToggleRecording: boolean;
  canBookmark: boolean;
  canPlayAnnouncement: boolean;
  canStopAnnouncement: boolean;
  canHangUp: boolean;
  canSendDtmf: boolean;
  canEditNotes: boolean;
  canWrap: boolean;
  canExtendWrap: boolean;
}

export const NO_CAPABILITIES: Readonly<InteractionCapabilities> = Object.freeze({
  canHold: false,
  canResume: false,
  canMute: false,
  canToggleRecording: false,
  canBookmark: false,
  canPlayAnnouncement: false,
  canStopAnnouncement: false,
  canHangUp: false,
  canSendDtmf: false,
  canEditNotes: false,
  canWrap: false,
  canExtendWrap: false,
});

/**
 * The rules, in one place (manual 9, 11, 13, 14):
 * - only the interaction's own agent gets anything;
 * - hold/mute/DTMF/hang up need a connected call (hang up also cancels a dial);
 * - the recording toggle needs an agent-controlled campaign and a started file;
 * - a bookmark needs the campaign's bookmarks and the recording running now;
 * - an announcement needs the campaign to have some, a connected customer, and none playing;
 * - wrap once the call ended (or a campaign dial failed); Extend once, if the campaign has it
 *   and an auto-wrap countdown runs.
 */
export function interactionCapabilities(agentId: string, i: Interaction): InteractionCapabilities {
  if (i.agentId !== agentId) return { ...NO_CAPABILITIES };
  const connected = i.state === 'connected';
  const customer = i.customerLeg();
  const rec = i.recording;
  const c = i.campaign;
  const wrapping = i.state === 'wrap';
  return {
    canHold: connected && customer?.state === 'connected',
    canResume: connected && customer?.state === 'held',
    canMute: connected,
    canToggleRecording: connected && rec.agentControlled && rec.state !== 'off',
    canBookmark: connected && !!c?.bookmarks && rec.state === 'recording',
    canPlayAnnouncement: connected && customer?.state === 'connected' && (c?.announcements.length ?? 0) > 0 && i.announcement === null,
    canStopAnnouncement: connected && i.announcement !== null,
    canHangUp: connected || i.state === 'dialling',
    canSendDtmf: connected,
    canEditNotes: !['closed', 'abandoned'].includes(i.state),
    canWrap: wrapping,
    canExtendWrap: wrapping && !!c?.extendSeconds && i.wrap.deadline !== null && !i.wrap.extended,
  };
}
