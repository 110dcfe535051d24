import { CrmError } from '../crm-error';
import type { ActivityLog, ActivityResult, CallContext, ClickToDial, CrmCapabilities, CrmHost, CrmRecord, NewRecordForm, ScreenPopResult } from '../crm-host';
import type { CrmEnvironment } from '../environment';
import { searchDigits } from '../phone-search';
import { withTimeout } from '../with-timeout';
import { VIA_INBOUND, VIA_OUTBOUND, ZAF_SDK_URL, type ZafClient, type ZafGlobal } from './zaf';

const CRM = 'Zendesk';
/** The top bar app listens for numbers the background instance relays (voice.dialout may reach only it). */
export const RELAYED_DIALOUT = 'switchboard.dialout';

/** How long the ZAF SDK waits for Zendesk to answer a get, set or invoke (lib/client.js). */
const ZAF_TIMEOUT_S = 5;

/**
 * The ZAF SDK 2.0 settles a get, set or invoke Zendesk leaves unanswered by *resolving* with its
 * TimeoutError (not an Error: its own rejection handler passes it through as a value).
 */
function isZafTimeout(v: unknown): boolean {
  return typeof v === 'object' && v !== null && (v as { name?: unknown }).name === 'TimeoutError' && 'invocationName' in v;
}

/** Loads the ZAF SDK and makes the client; CRM_SCRIPT_FAILED when the page is not inside Zendesk. */
export async function zafClient(env: CrmEnvironment): Promise<ZafClient> {
  await withTimeout(env, CRM, 'loading the ZAF SDK', env.loadScript(ZAF_SDK_URL)).catch((err: unknown) => {
    throw err instanceof CrmError && err.code === 'CRM_TIMEOUT' ? err : new CrmError('CRM_SCRIPT_FAILED', CRM, `The ZAF SDK could not be loaded from ${ZAF_SDK_URL}`);
  });
  const zaf = env.globals.ZAFClient as ZafGlobal | undefined;
  const client = zaf?.init();
  if (!client) throw new CrmError('CRM_SCRIPT_FAILED', CRM, 'Not inside Zendesk: the app URL lacks origin and app_guid');
  return client;
}

/**
 * The app's background location: it only relays Talk's click-to-dial (`voice.dialout`) to the
 * top bar instance, where the adapter is.
 */
export async function runZendeskBackground(env: CrmEnvironment): Promise<void> {
  const client = await zafClient(env);
  client.on('voice.dialout', (e) => {
    void client.get('instances').then((r) => {
      const instances = (r.instances ?? {}) as Record<string, { location?: string }>;
      for (const [guid, inst] of Object.entries(instances)) if (inst.location === 'top_bar') client.instance(guid).trigger(RELAYED_DIALOUT, e);
    });
  });
}

/** Zendesk (Support with Talk Partner Edition): the adapter as a top bar app. */
export class ZendeskHost implements CrmHost {
  readonly name = 'zendesk' as const;
  readonly label = CRM;
  private client: ZafClient | undefined;
  private agentId: number | null = null;
  private readonly dialListeners = new Set<(r: ClickToDial) => void>();

  constructor(private readonly env: CrmEnvironment) {}

  async init(): Promise<void> {
    const client = await zafClient(this.env);
    this.client = client;
    const me = await this.call('reading the current user', client.get('currentUser'));
    const id = (me.currentUser as { id?: unknown } | undefined)?.id;
    this.agentId = typeof id === 'number' ? id : null;
    const dial = (e: unknown) => {
      const number = typeof (e as { number?: unknown })?.number === 'string' ? (e as { number: string }).number.trim() : '';
      if (number) for (const l of this.dialListeners) l({ number, record: null });
    };
    client.on('voice.dialout', dial);
    client.on(RELAYED_DIALOUT, dial);
  }

  capabilities(): CrmCapabilities {
    return { screenPop: true, openNewRecord: true, clickToDial: true, logActivity: true, panelVisibility: true, panelSize: true, currentRecord: false };
  }

  /** Shows the app, finds end users by phone and opens the profile of the one found (Talk Partner Edition display), else a new ticket. */
  async screenPop(call: CallContext): Promise<ScreenPopResult> {
    const client = this.zaf();
    await this.setVisible(true).catch(() => undefined);
    const d = searchDigits(call.customerNumber);
    const query = encodeURIComponent(`type:user role:end-user phone:*${d}`);
    const found = d
      ? await this.call('the caller search', client.request<{ results?: Array<{ id?: unknown; name?: unknown }> }>({ url: `/api/v2/search.json?query=${query}` }))
      : {};
    const matches = (found.results ?? [])
      .filter((u): u is { id: number; name?: unknown } => typeof u.id === 'number')
      .map((u) => ({ id: String(u.id), name: typeof u.name === 'string' ? u.name : '', type: 'user' }));
    if (matches.length === 1) await this.openRecord(matches[0]!);
    else if (matches.length === 0) await this.call('opening a new ticket', client.invoke('routeTo', 'ticket', 'new'));
    return { matches, opened: matches.length === 1 ? matches[0]! : null };
  }

  async openRecord(record: CrmRecord): Promise<void> {
    const client = this.zaf();
    const kind = record.type === 'ticket' ? 'tickets' : 'users';
    if (this.agentId !== null && /^\d+$/.test(record.id)) {
      await this.call('opening the record', client.request({ url: `/api/v2/channels/voice/agents/${this.agentId}/${kind}/${record.id}/display.json`, type: 'POST' }));
    } else {
      await this.call('opening the record', client.invoke('routeTo', record.type === 'ticket' ? 'ticket' : 'user', record.id));
    }
  }

  async openNewRecord(_form: NewRecordForm): Promise<void> {
    await this.call('opening a new ticket', this.zaf().invoke('routeTo', 'ticket', 'new'));
  }

  onClickToDial(listener: (request: ClickToDial) => void): () => void {
    this.dialListeners.add(listener);
    return () => this.dialListeners.delete(listener);
  }

  /** A voice ticket (Talk Partner Edition) with the call as its voice comment, then the notes as an internal note. */
  async logActivity(log: ActivityLog): Promise<ActivityResult> {
    const client = this.zaf();
    const requester = log.record?.type === 'user' && /^\d+$/.test(log.record.id) ? Number(log.record.id) : undefined;
    const ticket = {
      via_id: log.direction === 'inbound' ? VIA_INBOUND : VIA_OUTBOUND,
      subject: log.subject.slice(0, 150),
      ...(requester !== undefined ? { requester_id: requester } : {}),
      voice_comment: {
        from: log.direction === 'inbound' ? log.customerNumber : '',
        to: log.direction === 'inbound' ? '' : log.customerNumber,
        started_at: new Date(log.startedAt).toISOString(),
        call_duration: Math.max(0, Math.round(log.durationSeconds)),
        ...(log.recordingUrl ? { recording_url: log.recordingUrl } : {}),
        ...(this.agentId !== null ? { answered_by_id: this.agentId } : {}),
      },
    };
    const created = await this.call(
      'creating the call ticket',
      client.request<{ ticket?: { id?: unknown } }>({
        url: '/api/v2/channels/voice/tickets.json',
        type: 'POST',
        contentType: 'application/json',
        data: JSON.stringify({ ticket }),
      }),
    );
    const id = typeof created.ticket?.id === 'number' ? created.ticket.id : null;
    const note = [log.notes.trim(), log.outcome ? `Outcome: ${log.outcome}` : '', `Switchboard interaction: ${log.interactionId}`].filter(Boolean).join('\n\n');
    if (id !== null) {
      await this.call(
        'adding the call notes',
        client.request({
          url: `/api/v2/tickets/${id}.json`,
          type: 'PUT',
          contentType: 'application/json',
          data: JSON.stringify({ ticket: { comment: { body: note, public: false } } }),
        }),
      );
    }
    return { id: id === null ? null : String(id) };
  }

  async setVisible(visible: boolean): Promise<void> {
    await this.call('showing the app', this.zaf().invoke('popover', visible ? 'show' : 'hide'));
  }

  async setSize(size: { width?: number; height?: number }): Promise<void> {
    await this.call(
      'resizing the app',
      this.zaf().invoke('resize', { ...(size.width ? { width: `${Math.round(size.width)}px` } : {}), ...(size.height ? { height: `${Math.round(size.height)}px` } : {}) }),
    );
  }

  currentRecord(): CrmRecord | null {
    return null;
  }

  private zaf(): ZafClient {
    if (!this.client) throw new CrmError('CRM_SCRIPT_FAILED', CRM, 'The ZAF client is not initialised');
    return this.client;
  }

  private call<T>(what: string, p: Promise<T>): Promise<T> {
    return withTimeout(
      this.env,
      CRM,
      what,
      p.then((v) => {
        if (isZafTimeout(v)) throw new CrmError('CRM_TIMEOUT', CRM, `${CRM} did not answer ${what} within ${ZAF_TIMEOUT_S} s`);
        return v;
      }),
    );
  }
}
