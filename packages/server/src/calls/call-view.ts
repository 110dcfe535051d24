import { interactionCapabilities, interactionInfo, type CallSession, type Party, type WorkspaceConfig } from '@switchboard/core';
import type { CallParty, CallView, DialView } from '@switchboard/protocol';

const NO_TRANSFER_CAPS = { canTransfer: false, canCompleteTransfer: false, canMerge: false, canCancelConsult: false, canAddParty: false, canManageParties: false, canLeave: false };

const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

/** The agent's open interaction as protocol's CallView (Info tab, controls, wrap). */
export function callView(agentId: string, call: CallSession): CallView {
  const i = call.interaction;
  const v = i.view();
  const caps = interactionCapabilities(agentId, i);
  const offered = v.state === 'offered' && v.agentId === agentId;
  const w = call.connected?.wrap?.view();
  // The room's parties and a consult in progress, while the call is live for this agent.
  const live = call.connected?.live && call.connected.room ? call.connected : undefined;
  const consult = live?.transfers.consultView() ?? null;
  const from = i.transferredFrom;
  const ann = v.announcement ? (i.campaign?.announcements.find((a) => a.name === v.announcement) ?? null) : null;
  return {
    id: v.id,
    direction: v.direction,
    state: v.state,
    presentation: offered ? 'ringing' : v.state === 'dialling' ? 'dialling' : v.state === 'connected' ? 'live' : 'ended',
    campaignId: v.campaignId,
    campaignName: v.campaignName,
    customerNumber: v.customerNumber,
    platformNumber: v.platformNumber,
    info: interactionInfo(v).map((r) => ({ key: r.key, label: r.label, value: r.value })),
    ivrData: v.ivrData.map((e) => ({ label: e.label, value: e.value, at: new Date(e.at).toISOString() })),
    timeInQueueMs: v.timeInQueueMs,
    notes: v.notes.at(-1)?.text ?? '',
    held: i.customerLeg()?.state === 'held',
    muted: call.connected?.muted ?? false,
    recording: {
      state: v.recording.state,
      icon: v.recording.icon,
      markers: v.recording.markers
        .filter((m) => m.kind === 'manual' || m.kind === 'announcement-start' || m.kind === 'announcement-end')
        .map((m) => ({ kind: m.kind as 'manual' | 'announcement-start' | 'announcement-end', label: m.label, offsetMs: m.offsetMs, at: new Date(m.at).toISOString() })),
    },
    announcements: (i.campaign?.announcements ?? []).map((a) => ({ id: a.id, name: a.name })),
    announcement: ann ? { id: ann.id, name: ann.name } : null,
    startedAt: new Date(v.times.createdAt).toISOString(),
    answeredAt: iso(v.times.answeredAt),
    endedAt: iso(v.times.endedAt),
    endCause: v.endCause,
    wrap:
      w && !w.done
        ? {
            outcomes: w.outcomes,
            deadline: iso(w.deadline),
            remainingSeconds: w.remainingSeconds,
            canExtend: w.canExtend,
            extendSeconds: w.extendSeconds,
            outcomeRequired: w.outcomeRequired,
          }
        : null,
    capabilities: {
      canAnswer: offered,
      canDecline: offered,
      ...caps,
      // A consult holds the caller: Hold and Resume are its own (Transfer, Merge, Cancel).
      ...(live?.transfers.holdLocked() ? { canHold: false, canResume: false } : {}),
      ...(live ? live.transfers.capabilities() : NO_TRANSFER_CAPS),
    },
    parties: live ? live.room.parties.map((p) => partyView(p, live.agent.id)) : [],
    transfer: consult ? { kind: consult.kind, to: consult.to, phase: consult.phase, since: new Date(consult.since).toISOString(), failure: null } : null,
    conference: live?.room.conference ?? false,
    transferredFrom: from ? { kind: from.kind, agentId: from.agentId, agentName: from.agentName, notes: from.notes, at: new Date(from.at).toISOString() } : null,
  };
}

/** Manual dial: allowed with a connected voice path and nothing open (manual 7). */
export function dialView(ws: WorkspaceConfig, agentId: string, voiceConnected: boolean, idle: boolean): DialView {
  const agent = ws.agents.find((a) => a.id === agentId);
  return { canDial: voiceConnected && idle, region: agent?.region ?? ws.region };
}

function partyView(p: Party, myLegId: string): CallParty {
  return {
    id: p.id,
    role: p.role,
    label: p.label,
    agentId: p.agentId,
    number: p.number,
    state: p.endedAt !== null ? 'ended' : p.held ? 'held' : 'connected',
    me: p.id === myLegId,
    joinedAt: new Date(p.joinedAt).toISOString(),
    endedAt: p.endedAt === null ? null : new Date(p.endedAt).toISOString(),
  };
}
