import type { AgentView, CallCapabilities, CallView } from '@switchboard/protocol';
import { baseView } from './scripted-api';

const NONE: CallCapabilities = {
  canAnswer: false,
  canDecline: false,
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
  canTransfer: false,
  canCompleteTransfer: false,
  canMerge: false,
  canCancelConsult: false,
  canAddParty: false,
  canManageParties: false,
  canLeave: false,
};

/** An agent with both demo campaigns who may dial (manual §7). */
export function dialView(canDial = true): AgentView {
  return {
    ...baseView(),
    campaigns: [
      { id: 'care-inbound', name: 'Customer Care', direction: 'inbound' },
      { id: 'sales-outbound', name: 'Sales', direction: 'outbound' },
    ],
    dial: { canDial, region: 'AU' },
    interaction: null,
  };
}

/** An inbound Customer Care call as the server would describe it, in the given presentation. */
export function callView(presentation: CallView['presentation'], over: Partial<CallView> = {}): CallView {
  const live = presentation === 'live';
  const base: CallView = {
    id: 'int_0001',
    direction: 'IN',
    state: presentation === 'ringing' ? 'offered' : presentation === 'ended' ? 'wrap' : presentation === 'dialling' ? 'dialling' : 'connected',
    presentation,
    campaignId: 'care-inbound',
    campaignName: 'Customer Care',
    customerNumber: '+61298765432',
    platformNumber: '+61290000000',
    info: [
      { key: 'interactionId', label: 'Interaction ID', value: 'int_0001' },
      { key: 'callType', label: 'Call Type', value: 'IN' },
      { key: 'campaign', label: 'Campaign', value: 'Customer Care' },
      { key: 'customerPhone', label: 'Customer Phone Number', value: '+61298765432' },
      { key: 'platformPhone', label: 'Platform phone', value: '+61290000000' },
      { key: 'ivrData', label: 'IVR Data', value: 'Account number: 556677\nReason: 2' },
      { key: 'timeInQueue', label: 'Time in queue', value: '0:42' },
    ],
    ivrData: [
      { label: 'Account number', value: '556677', at: new Date(0).toISOString() },
      { label: 'Reason', value: '2', at: new Date(0).toISOString() },
    ],
    timeInQueueMs: 42_000,
    notes: '',
    held: false,
    muted: false,
    recording: { state: live ? 'recording' : 'off', icon: live ? 'recording' : 'disabled', markers: [] },
    announcements: [
      { id: 'terms', name: 'Terms and conditions' },
      { id: 'recording-notice', name: 'Recording notice' },
    ],
    announcement: null,
    startedAt: new Date().toISOString(),
    answeredAt: live ? new Date().toISOString() : null,
    endedAt: null,
    endCause: null,
    wrap: null,
    parties: [],
    transfer: null,
    conference: false,
    transferredFrom: null,
    capabilities: {
      ...NONE,
      ...(presentation === 'ringing' ? { canAnswer: true, canDecline: true } : {}),
      ...(presentation === 'dialling' ? { canHangUp: true } : {}),
      ...(live
        ? { canHold: true, canMute: true, canToggleRecording: true, canBookmark: true, canPlayAnnouncement: true, canHangUp: true, canSendDtmf: true, canEditNotes: true }
        : {}),
      ...(presentation === 'ended' ? { canEditNotes: true, canWrap: true, canExtendWrap: true } : {}),
    },
  };
  return { ...base, ...over };
}

/** The call ended and is in wrap: outcomes, an auto-wrap deadline `seconds` away, Extend +30. */
export function wrapCall(seconds: number, over: Partial<NonNullable<CallView['wrap']>> = {}): CallView {
  return callView('ended', {
    endedAt: new Date().toISOString(),
    endCause: 'customer-hung-up',
    wrap: {
      outcomes: [
        { id: 'resolved', name: 'Resolved', default: false },
        { id: 'follow-up', name: 'Follow-up', default: false },
        { id: 'escalated', name: 'Escalated', default: false },
      ],
      deadline: new Date(Date.now() + seconds * 1000).toISOString(),
      remainingSeconds: seconds,
      canExtend: true,
      extendSeconds: 30,
      outcomeRequired: true,
      ...over,
    },
  });
}

/** The agent's view with this call open. */
export function withCall(v: AgentView, call: CallView | null): AgentView {
  const activity: AgentView['activity'] = !call
    ? 'idle'
    : call.presentation === 'ringing'
      ? 'offered'
      : call.presentation === 'dialling'
        ? 'dialling'
        : call.presentation === 'ended'
          ? 'wrap'
          : 'on-call';
  return { ...v, interaction: call, activity };
}
