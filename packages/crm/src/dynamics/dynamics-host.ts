import { CrmError } from '../crm-error';
import type { ActivityLog, ActivityResult, CallContext, ClickToDial, CrmCapabilities, CrmHost, CrmRecord, NewRecordForm, ScreenPopResult } from '../crm-host';
import { originOf, type CrmEnvironment } from '../environment';
import { searchDigits } from '../phone-search';
import { withTimeout } from '../with-timeout';
import type { CifClickToActPayload, CifFramework } from './cif';

const CRM = 'Dynamics 365';

/** The org's CIF library: `?crmOrigin=` in the provider's channel URL, else the embedding page. */
export function cifScriptUrl(env: Pick<CrmEnvironment, 'params' | 'referrer'>): { src: string; org: string } | null {
  const org = originOf(env.params.get('crmOrigin')) ?? originOf(env.referrer);
  return org ? { src: `${org}/webresources/Widget/msdyn_ciLibrary.js`, org } : null;
}

const parse = (json: string): unknown => {
  try {
    return JSON.parse(json) as unknown;
  } catch {
    return null;
  }
};

/** Dynamics 365 CIF: contacts found by phone, phone call activities at wrap. */
export class DynamicsHost implements CrmHost {
  readonly name = 'dynamics' as const;
  readonly label = CRM;
  private cif: CifFramework | undefined;
  private current: CrmRecord | null = null;
  private readonly dialListeners = new Set<(r: ClickToDial) => void>();

  constructor(private readonly env: CrmEnvironment) {}

  async init(): Promise<void> {
    const where = cifScriptUrl(this.env);
    if (!where) throw new CrmError('CRM_SCRIPT_FAILED', CRM, 'The channel URL names no Dynamics org (add crmOrigin=https://<org>.crm.dynamics.com)');
    // Listen first: CIFInitDone can fire as soon as the script runs.
    const ready = this.env.waitForEvent('CIFInitDone');
    await withTimeout(
      this.env,
      CRM,
      'loading CIF',
      this.env.loadScript(where.src, { 'data-crmurl': where.org, 'data-cifid': 'CIFMainLibrary' }).then(() => ready),
    ).catch((err: unknown) => {
      throw err instanceof CrmError && err.code === 'CRM_TIMEOUT' ? err : new CrmError('CRM_SCRIPT_FAILED', CRM, `CIF could not be loaded from ${where.src}`);
    });
    const cif = (this.env.globals.Microsoft as { CIFramework?: CifFramework } | undefined)?.CIFramework;
    if (!cif) throw new CrmError('CRM_SCRIPT_FAILED', CRM, 'CIF loaded but did not provide Microsoft.CIFramework');
    this.cif = cif;
    await this.call('enabling click-to-dial', cif.setClickToAct(true));
    await this.call(
      'listening for clicks',
      cif.addHandler('onclicktoact', async (json) => this.clicked(parse(json) as CifClickToActPayload | null)),
    );
    await this.call(
      'following navigation',
      cif.addHandler('onpagenavigate', async (json) => this.navigated(parse(json))),
    );
  }

  capabilities(): CrmCapabilities {
    return { screenPop: true, openNewRecord: true, clickToDial: true, logActivity: true, panelVisibility: true, panelSize: true, currentRecord: true };
  }

  async screenPop(call: CallContext): Promise<ScreenPopResult> {
    const cif = this.api();
    await this.setVisible(true).catch(() => undefined);
    const d = searchDigits(call.customerNumber);
    if (!d) return { matches: [], opened: null };
    const query = `?$select=fullname,telephone1,mobilephone&$filter=contains(telephone1,'${d}') or contains(mobilephone,'${d}')`;
    // searchOnly false: CIF opens the record when one matches, and a search page when several do.
    const json = await this.call('the screen pop', cif.searchAndOpenRecords('contact', query, false));
    const found = parse(json);
    const matches = Object.values(found && typeof found === 'object' ? found : {})
      .filter((r): r is { contactid: string; fullname?: string } => !!r && typeof (r as { contactid?: unknown }).contactid === 'string')
      .map((r) => ({ id: r.contactid, name: r.fullname ?? '', type: 'contact' }));
    return { matches, opened: matches.length === 1 ? matches[0]! : null };
  }

  async openRecord(record: CrmRecord): Promise<void> {
    await this.call('opening the record', this.api().openForm(JSON.stringify({ entityName: record.type, entityId: record.id })));
  }

  async openNewRecord(form: NewRecordForm): Promise<void> {
    await this.call('opening a new record', this.api().openForm(JSON.stringify({ entityName: form.type }), JSON.stringify(form.fields)));
  }

  onClickToDial(listener: (request: ClickToDial) => void): () => void {
    this.dialListeners.add(listener);
    return () => this.dialListeners.delete(listener);
  }

  /** A completed phone call activity, regarding the contact popped or chosen. */
  async logActivity(log: ActivityLog): Promise<ActivityResult> {
    const data: Record<string, unknown> = {
      subject: log.subject.slice(0, 200),
      phonenumber: log.customerNumber,
      directioncode: log.direction === 'outbound', // true: outgoing
      actualdurationminutes: Math.max(0, Math.round(log.durationSeconds / 60)),
      description: [
        log.notes.trim(),
        '',
        log.outcome ? `Outcome: ${log.outcome}` : '',
        log.recordingUrl ? `Recording: ${log.recordingUrl}` : '',
        `Switchboard interaction: ${log.interactionId}`,
      ]
        .filter((l, i) => l || i === 1)
        .join('\n')
        .trim(),
    };
    if (log.record?.type === 'contact') data['regardingobjectid_contact@odata.bind'] = `/contacts(${log.record.id})`;
    const json = await this.call('saving the phone call', this.api().createRecord('phonecall', JSON.stringify(data)));
    const r = parse(json) as { id?: unknown } | null;
    return { id: typeof r?.id === 'string' ? r.id : null };
  }

  async setVisible(visible: boolean): Promise<void> {
    await this.call('showing the panel', this.api().setMode(visible ? 1 : 0));
  }

  async setSize(size: { width?: number; height?: number }): Promise<void> {
    if (size.width !== undefined) await this.call('resizing the panel', this.api().setWidth(Math.round(size.width)));
  }

  currentRecord(): CrmRecord | null {
    return this.current;
  }

  private clicked(p: CifClickToActPayload | null): void {
    const number = typeof p?.value === 'string' ? p.value.trim() : '';
    if (!number) return;
    const record = p?.entityId && p.entityLogicalName ? { id: p.entityId.replace(/[{}]/g, ''), name: p.name ?? '', type: p.entityLogicalName } : null;
    for (const l of this.dialListeners) l({ number, record });
  }

  /** onpagenavigate gives the new page's URL: a record form carries etn (entity) and id. */
  private navigated(p: unknown): void {
    const url = typeof p === 'object' && p ? (p as { value?: unknown }).value : p;
    if (typeof url !== 'string') return;
    try {
      const q = new URL(url).searchParams;
      const etn = q.get('etn');
      const id = q.get('id');
      this.current = etn && id ? { id: id.replace(/[{}]/g, ''), name: '', type: etn } : null;
    } catch {
      this.current = null;
    }
  }

  private api(): CifFramework {
    if (!this.cif) throw new CrmError('CRM_SCRIPT_FAILED', CRM, 'CIF is not initialised');
    return this.cif;
  }

  private call<T>(what: string, p: Promise<T>): Promise<T> {
    return withTimeout(this.env, CRM, what, p);
  }
}
