import { effect, signal } from '@preact/signals';
import { CrmError, StandaloneHost, hostFor, type CrmEnvironment, type CrmHost, type CrmPorts, type CrmRecord } from '@switchboard/crm';
import type { CallView, Command } from '@switchboard/protocol';
import type { Session } from './session';
import { showToast } from './toasts';

export type CrmStatus = 'none' | 'loading' | 'ready' | 'failed';

/** What the CRM said about one call: the records found, the one in use. */
export interface CrmCallLink {
  state: 'searching' | 'done' | 'failed';
  matches: CrmRecord[];
  record: CrmRecord | null;
}

const messageOf = (e: unknown): string => (e instanceof CrmError ? e.message : 'The CRM did not answer');

/**
 * The adapter's side of the CRM it is embedded in, through @switchboard/crm's CrmHost only: the
 * bridge the URL names is loaded on demand; a ringing or dialled call pops the caller's record;
 * a number clicked in the CRM becomes a manual call; the wrapped call is logged on the record.
 * The CRM never blocks a call: its failures are toasts.
 */
export function createCrmLink(s: Session, env: CrmEnvironment) {
  const status = signal<CrmStatus>(env.params.get('crm') ? 'loading' : 'none');
  const host = signal<CrmHost>(new StandaloneHost());
  const links = signal<Readonly<Record<string, CrmCallLink>>>({});
  /** The last view of each open call (the view drops it once wrapped), and the outcome the agent chose. */
  const lastSeen = new Map<string, CallView>();
  const outcomes = new Map<string, string | null>();

  const setLink = (id: string, link: CrmCallLink) => (links.value = { ...links.value, [id]: link });
  // ServiceNow's records are searched and written by our server (it holds the instance's credentials).
  const ports: CrmPorts = {
    serviceNowRecords: {
      findByPhone: (number) => s.client().serviceNowCallers(number),
      logInteraction: (log) => s.client().serviceNowLogInteraction(log),
    },
  };

  async function start(): Promise<void> {
    if (status.value === 'none') return;
    try {
      const h = await hostFor(env, ports);
      await h.init();
      host.value = h;
      status.value = 'ready';
      h.onClickToDial((req) => void dial(req.number));
    } catch (e) {
      status.value = 'failed';
      showToast('error', `CRM not connected: ${messageOf(e)}`);
    }
  }

  async function dial(number: string): Promise<void> {
    const v = s.view.value;
    if (!v?.dial?.canDial || v.interaction) {
      showToast('warning', `Cannot call ${number} now: finish the current call and connect your phone first.`);
      return;
    }
    // A click in the CRM names no campaign: the call is placed as "Skip campaign".
    await s.send({ type: 'dial', number, campaignId: null });
  }

  async function pop(call: CallView): Promise<void> {
    setLink(call.id, { state: 'searching', matches: [], record: null });
    try {
      const r = await host.value.screenPop({ interactionId: call.id, direction: call.direction === 'IN' ? 'inbound' : 'outbound', customerNumber: call.customerNumber ?? '' });
      setLink(call.id, { state: 'done', matches: r.matches, record: r.opened });
    } catch (e) {
      setLink(call.id, { state: 'failed', matches: [], record: null });
      showToast('error', `CRM screen pop failed: ${messageOf(e)}`);
    }
  }

  async function log(call: CallView): Promise<void> {
    const link = links.value[call.id];
    const outcomeId = outcomes.has(call.id) ? outcomes.get(call.id)! : (call.wrap?.outcomes.find((o) => o.default)?.id ?? null);
    const outcome = call.wrap?.outcomes.find((o) => o.id === outcomeId)?.name ?? outcomeId;
    const started = Date.parse(call.answeredAt ?? call.startedAt);
    const ended = Date.parse(call.endedAt ?? new Date().toISOString());
    try {
      await host.value.logActivity({
        interactionId: call.id,
        direction: call.direction === 'IN' ? 'inbound' : 'outbound',
        customerNumber: call.customerNumber ?? '',
        subject: `${call.direction === 'IN' ? 'Inbound' : 'Outbound'} call ${call.customerNumber ?? ''}`.trim(),
        startedAt: started,
        durationSeconds: call.answeredAt ? Math.max(0, (ended - started) / 1000) : 0,
        outcome,
        notes: call.notes,
        recordingUrl: null,
        record: link?.record ?? null,
      });
      showToast('success', `Call logged in ${host.value.label}.`);
    } catch (e) {
      showToast('error', `The call was not logged in the CRM: ${messageOf(e)}`);
    }
  }

  // Follow the agent's open interaction: pop once when it first shows, log once it is wrapped.
  effect(() => {
    const call = s.view.value?.interaction ?? null;
    if (status.value !== 'ready') return;
    if (call && !lastSeen.has(call.id) && call.presentation !== 'ended') void pop(call);
    for (const [id, seen] of lastSeen) {
      if (call?.id === id) continue;
      lastSeen.delete(id);
      if (seen.presentation === 'ended' && host.value.capabilities().logActivity) void log(seen);
    }
    if (call) lastSeen.set(call.id, call);
  });

  return {
    status,
    host,
    links,
    start,
    /** The agent picked one of several matches (or another record): open it and log against it. */
    choose(interactionId: string, record: CrmRecord): void {
      const link = links.value[interactionId] ?? { state: 'done' as const, matches: [], record: null };
      setLink(interactionId, { ...link, record });
      host.value.openRecord(record).catch((e: unknown) => showToast('error', `The CRM could not open the record: ${messageOf(e)}`));
    },
    createNew(call: CallView): void {
      host.value
        .openNewRecord({ type: 'Contact', fields: { Phone: call.customerNumber ?? '' } })
        .catch((e: unknown) => showToast('error', `The CRM could not open a new record: ${messageOf(e)}`));
    },
    /** Called with every command the agent sends, before its answer (the wrap's outcome is kept for the log). */
    commandSent(command: Command): void {
      if (command.type === 'wrap') outcomes.set(command.interactionId, command.outcomeId ?? null);
    },
  };
}

export type CrmLink = ReturnType<typeof createCrmLink>;

/** The page's one link, set at start (like the toasts, a page-wide singleton). */
export const crmLink = signal<CrmLink | null>(null);
