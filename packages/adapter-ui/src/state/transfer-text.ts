import type { CallParty, CallView, TransferDestination, TransferDestinations, TransferKind, TransferView } from '@switchboard/protocol';

/**
 * Words and lists for the Transfer dialog, the consult panel and the parties list (manual 8).
 * Pure, so they are unit-tested; what the agent may do still comes only from the capabilities.
 */

export type DestinationType = TransferDestination['type'];

export const DESTINATION_TYPES: ReadonlyArray<readonly [DestinationType, string]> = [
  ['agent', 'Another agent'],
  ['number', 'A phone number'],
  ['workflow', 'A workflow'],
];

export const KIND_TEXT: Record<TransferKind, string> = { blind: 'Transfer', consult: 'Consult', assisted: 'Assisted transfer' };
/** As the receiving agent's banner says it: "Transferred by Bob (consult)". */
export const KIND_PHRASE: Record<TransferKind, string> = { blind: 'blind transfer', consult: 'consult', assisted: 'assisted transfer' };

/**
 * The kinds the dialog offers per destination (manual 8's table): Assisted transfer is the
 * consult of a workflow (its keypad's digits go to the workflow), so a workflow is offered
 * Transfer or Assisted transfer, an agent or a number Transfer or Consult (core refuses the rest).
 */
export function kindsFor(type: DestinationType): TransferKind[] {
  return type === 'workflow' ? ['blind', 'assisted'] : ['blind', 'consult'];
}

/** Who can be conferenced in: an agent or a number (a workflow cannot join a conference). */
export const ADD_PARTY_TYPES: readonly DestinationType[] = ['agent', 'number'];

/** Whole seconds since an ISO time as m:ss (h:mm:ss past an hour); never negative (clock skew). */
export function elapsed(sinceIso: string, now: number = Date.now()): string {
  const s = Math.max(0, Math.floor((now - Date.parse(sinceIso)) / 1000));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const ss = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}

type AgentRow = TransferDestinations['agents'][number];

export function agentStateText(a: Pick<AgentRow, 'state' | 'reason'>): string {
  return a.state === 'available' ? 'Available' : a.reason ? `Paused: ${a.reason}` : 'Paused';
}

export const PHASE_TEXT: Record<TransferView['phase'], string> = { ringing: 'Ringing', waiting: 'Waiting in queue', talking: 'Talking', failed: 'Failed' };

/** The consult's phase in words: "Waiting in queue 0:12" (ticking with `now`), "Failed: busy". */
export function phaseText(t: Pick<TransferView, 'phase' | 'since' | 'failure'>, now: number = Date.now()): string {
  if (t.phase === 'waiting') return `${PHASE_TEXT.waiting} ${elapsed(t.since, now)}`;
  if (t.phase === 'failed' && t.failure) return `${PHASE_TEXT.failed}: ${t.failure}`;
  return PHASE_TEXT[t.phase];
}

export const ROLE_TEXT: Record<CallParty['role'], string> = { customer: 'Caller', agent: 'Agent', 'third-party': 'Third party', workflow: 'Workflow' };
export const PARTY_STATE_TEXT: Record<CallParty['state'], string> = { connecting: 'Connecting', connected: 'Connected', held: 'On hold', ended: 'Left' };

/** The parties list shows once there is more than the agent and the caller, or a conference. */
export function showParties(call: Pick<CallView, 'parties' | 'conference'>): boolean {
  return call.conference || call.parties.length > 2;
}

/** One row of the dialog's list: what it says and where it sends the call. */
export interface DestinationOption {
  key: string;
  label: string;
  detail: string;
  /** The agent's time in state ticks from here. */
  since: string | null;
  destination: TransferDestination;
}

/** The rows of one destination type whose label or detail contains every word typed (any case). */
export function destinationOptions(lists: TransferDestinations, type: DestinationType, query: string): DestinationOption[] {
  const all: DestinationOption[] =
    type === 'agent'
      ? lists.agents.map((a) => ({ key: `agent:${a.agentId}`, label: a.name, detail: agentStateText(a), since: a.since, destination: { type: 'agent', agentId: a.agentId } }))
      : type === 'number'
        ? lists.numbers.map((n) => ({ key: `number:${n.number}`, label: n.label, detail: n.number, since: null, destination: { type: 'number', number: n.number } }))
        : lists.workflows.map((w) => ({ key: `workflow:${w.id}`, label: w.name, detail: '', since: null, destination: { type: 'workflow', workflowId: w.id } }));
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return all;
  return all.filter((o) => {
    const hay = `${o.label} ${o.detail}`.toLowerCase();
    // A word of digits matches a number whatever its spacing ("9000 0099" finds "+61 2 9000 0099").
    const digits = o.detail.replace(/\D/g, '');
    return words.every((w) => hay.includes(w) || (/^\d+$/.test(w) && digits.includes(w)));
  });
}

/** What a keyboard may type into a number (as the manual dial's field, plus the dot). */
export function numberInput(text: string): string {
  return text.replace(/[^0-9+ ().-]/g, '').slice(0, 40);
}

/**
 * The manual dial's checks before the server normalises to E.164 (core's normalisePhoneNumber):
 * a message for what is wrong, null when the server may judge it. The server's INVALID_PHONE_NUMBER
 * (a number not valid for its region) comes back as a toast.
 */
export function numberProblem(text: string): string | null {
  const t = text.trim();
  if (!t) return 'Enter a number';
  if (t.length > 40) return 'That number is too long';
  if (!/^[0-9+ ().-]*$/.test(t) || t.lastIndexOf('+') > 0) return 'Use digits, with + only at the start';
  const digits = t.replace(/\D/g, '').length;
  if (digits < 3) return 'That number is too short';
  if (digits > 15) return 'That number is too long';
  return null;
}
