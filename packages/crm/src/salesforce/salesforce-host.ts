import { CrmError } from '../crm-error';
import type { ActivityLog, ActivityResult, CallContext, ClickToDial, CrmCapabilities, CrmHost, CrmRecord, NewRecordForm, ScreenPopResult } from '../crm-host';
import { originOf, type CrmEnvironment } from '../environment';
import { withTimeout } from '../with-timeout';
import type { OpenCti, OpenCtiCallback, OpenCtiSearchMatch } from './open-cti';

const CRM = 'Salesforce';
/** The Open CTI version loaded unless the adapter URL says `sfApiVersion=`. */
export const DEFAULT_OPEN_CTI_VERSION = '62.0';

/** Where opencti_min.js lives for the org that embeds the adapter (Salesforce passes sfdcIframeOrigin). */
export function openCtiScriptUrl(env: Pick<CrmEnvironment, 'params' | 'referrer'>): string | null {
  const origin = originOf(env.params.get('sfdcIframeOrigin') ?? env.params.get('sfdcIFrameOrigin')) ?? originOf(env.referrer);
  if (!origin) return null;
  const version = /^\d{2,3}\.0$/.test(env.params.get('sfApiVersion') ?? '') ? env.params.get('sfApiVersion')! : DEFAULT_OPEN_CTI_VERSION;
  return `${origin}/support/api/${version}/lightning/opencti_min.js`;
}

/** Who-type objects (people) link a Task by WhoId; everything else by WhatId. */
const WHO_TYPES = new Set(['Contact', 'Lead']);
const ID_PREFIX_TYPES: Record<string, string> = { '003': 'Contact', '00Q': 'Lead', '001': 'Account', '500': 'Case', '006': 'Opportunity' };

/** Salesforce Open CTI (Lightning): the adapter as the org's softphone. */
export class SalesforceHost implements CrmHost {
  readonly name = 'salesforce' as const;
  readonly label = CRM;
  private cti: OpenCti | undefined;
  private current: CrmRecord | null = null;
  private readonly dialListeners = new Set<(r: ClickToDial) => void>();

  constructor(private readonly env: CrmEnvironment) {}

  async init(): Promise<void> {
    const src = openCtiScriptUrl(this.env);
    if (!src) throw new CrmError('CRM_SCRIPT_FAILED', CRM, 'Salesforce did not say which org embeds the adapter (no sfdcIframeOrigin and no referrer)');
    await withTimeout(this.env, CRM, 'loading Open CTI', this.env.loadScript(src)).catch((err: unknown) => {
      throw err instanceof CrmError && err.code === 'CRM_TIMEOUT' ? err : new CrmError('CRM_SCRIPT_FAILED', CRM, `Open CTI could not be loaded from ${src}`);
    });
    const cti = (this.env.globals.sforce as { opencti?: OpenCti } | undefined)?.opencti;
    if (!cti) throw new CrmError('CRM_SCRIPT_FAILED', CRM, `${src} loaded but did not provide sforce.opencti`);
    this.cti = cti;
    cti.onNavigationChange({
      listener: (p) => {
        this.current = p.recordId ? { id: p.recordId, name: p.recordName ?? '', type: p.objectType ?? typeFromId(p.recordId) } : null;
      },
    });
    cti.onClickToDial({
      listener: (p) => {
        const number = typeof p?.number === 'string' ? p.number.trim() : '';
        if (!number) return;
        const record = p.recordId ? { id: p.recordId, name: p.recordName ?? '', type: p.objectType ?? typeFromId(p.recordId) } : null;
        for (const l of this.dialListeners) l({ number, record });
      },
    });
    await this.call<unknown>('enabling click-to-dial', (callback) => cti.enableClickToDial({ callback }));
    cti.notifyInitializationComplete?.();
  }

  capabilities(): CrmCapabilities {
    return { screenPop: true, openNewRecord: true, clickToDial: true, logActivity: true, panelVisibility: true, panelSize: true, currentRecord: true };
  }

  async screenPop(call: CallContext): Promise<ScreenPopResult> {
    const cti = this.api();
    // Shown first: a ringing call must be seen even when the panel was minimised.
    await this.setVisible(true).catch(() => undefined);
    const found = await this.call<Record<string, unknown>>('the screen pop', (callback) =>
      cti.searchAndScreenPop({
        searchParams: call.customerNumber,
        queryParams: `switchboardInteraction=${encodeURIComponent(call.interactionId)}`,
        defaultFieldValues: { Phone: call.customerNumber },
        callType: call.direction === 'inbound' ? cti.CALL_TYPE.INBOUND : cti.CALL_TYPE.OUTBOUND,
        deferred: false,
        callback,
      }),
    );
    const matches = Object.values(found ?? {})
      .filter((m): m is OpenCtiSearchMatch => !!m && typeof m === 'object' && typeof (m as OpenCtiSearchMatch).Id === 'string')
      .map((m) => ({ id: m.Id, name: typeof m.Name === 'string' ? m.Name : '', type: m.RecordType || typeFromId(m.Id) }));
    // Salesforce pops the record itself when there is exactly one (softphone layout settings).
    return { matches, opened: matches.length === 1 ? matches[0]! : null };
  }

  async openRecord(record: CrmRecord): Promise<void> {
    const cti = this.api();
    await this.call('opening the record', (callback) => cti.screenPop({ type: cti.SCREENPOP_TYPE.SOBJECT, params: { recordId: record.id }, callback }));
  }

  async openNewRecord(form: NewRecordForm): Promise<void> {
    const cti = this.api();
    await this.call('opening a new record', (callback) =>
      cti.screenPop({ type: cti.SCREENPOP_TYPE.NEW_RECORD_MODAL, params: { entityName: form.type, defaultFieldValues: form.fields }, callback }),
    );
  }

  onClickToDial(listener: (request: ClickToDial) => void): () => void {
    this.dialListeners.add(listener);
    return () => this.dialListeners.delete(listener);
  }

  /** A completed Task on the record popped or chosen, with the call's fields. */
  async logActivity(log: ActivityLog): Promise<ActivityResult> {
    const cti = this.api();
    const value: Record<string, unknown> = {
      entityApiName: 'Task',
      Subject: log.subject.slice(0, 255),
      Status: 'Completed',
      TaskSubtype: 'Call',
      CallType: log.direction === 'inbound' ? 'Inbound' : 'Outbound',
      CallDurationInSeconds: Math.max(0, Math.round(log.durationSeconds)),
      CallObject: log.interactionId,
      ActivityDate: new Date(log.startedAt).toISOString().slice(0, 10),
      Description: describe(log),
      ...(log.outcome ? { CallDisposition: log.outcome.slice(0, 255) } : {}),
    };
    if (log.record) value[WHO_TYPES.has(log.record.type) ? 'WhoId' : 'WhatId'] = log.record.id;
    const saved = await this.call<{ recordId?: string } | string>('saving the call log', (callback) => cti.saveLog({ value, callback }));
    cti.refreshView();
    const id = typeof saved === 'string' ? saved : (saved?.recordId ?? null);
    return { id };
  }

  async setVisible(visible: boolean): Promise<void> {
    const cti = this.api();
    await this.call('showing the softphone', (callback) => cti.setSoftphonePanelVisibility({ visible, callback }));
  }

  async setSize(size: { width?: number; height?: number }): Promise<void> {
    const cti = this.api();
    if (size.height !== undefined) await this.call('resizing the softphone', (callback) => cti.setSoftphonePanelHeight({ heightPX: Math.round(size.height!), callback }));
    if (size.width !== undefined) await this.call('resizing the softphone', (callback) => cti.setSoftphonePanelWidth({ widthPX: Math.round(size.width!), callback }));
  }

  currentRecord(): CrmRecord | null {
    return this.current;
  }

  private api(): OpenCti {
    if (!this.cti) throw new CrmError('CRM_SCRIPT_FAILED', CRM, 'Open CTI is not initialised');
    return this.cti;
  }

  /** One Open CTI call as a promise: success → returnValue; errors → CRM_CALL_FAILED with Salesforce's words. */
  private call<T>(what: string, invoke: (callback: OpenCtiCallback<T>) => void): Promise<T | null> {
    const p = new Promise<T | null>((resolve, reject) => {
      invoke((r) => {
        if (r?.success) resolve(r.returnValue ?? null);
        else
          reject(
            new CrmError(
              'CRM_CALL_FAILED',
              CRM,
              `Salesforce refused ${what}: ${
                r?.errors
                  ?.map((e) => e.description)
                  .filter(Boolean)
                  .join('; ') || 'no reason given'
              }`,
            ),
          );
      });
    });
    return withTimeout(this.env, CRM, what, p);
  }
}

function typeFromId(id: string): string {
  return ID_PREFIX_TYPES[id.slice(0, 3)] ?? '';
}

/** The Task's description: notes, then what a reader needs to find the call again. */
function describe(log: ActivityLog): string {
  const lines = [log.notes.trim(), '', `Number: ${log.customerNumber}`, `Switchboard interaction: ${log.interactionId}`];
  if (log.outcome) lines.push(`Outcome: ${log.outcome}`);
  if (log.recordingUrl) lines.push(`Recording: ${log.recordingUrl}`);
  return lines.join('\n').trim().slice(0, 32_000);
}
