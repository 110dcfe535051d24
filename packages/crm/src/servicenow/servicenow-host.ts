import { CrmError } from '../crm-error';
import type { ActivityLog, ActivityResult, CallContext, ClickToDial, CrmCapabilities, CrmHost, CrmRecord, NewRecordForm, ScreenPopResult } from '../crm-host';
import { originOf, type CrmEnvironment } from '../environment';
import { withTimeout } from '../with-timeout';
import type { OpenFrameApi, ServiceNowRecords } from './openframe';

const CRM = 'ServiceNow';

/** The instance's OpenFrame script: `?snInstance=` in the OpenFrame configuration URL, else the embedding page. */
export function openFrameScriptUrl(env: Pick<CrmEnvironment, 'params' | 'referrer'>): string | null {
  const instance = originOf(env.params.get('snInstance')) ?? originOf(env.referrer);
  return instance ? `${instance}/scripts/openframe/latest/openFrameAPI.min.js` : null;
}

/** Where a click-to-dial puts the number: OpenFrame's payload is the telephony partner's to shape. */
function numberOf(context: unknown): string {
  const c = (context ?? {}) as Record<string, unknown>;
  const data = (c.data ?? {}) as Record<string, unknown>;
  const meta = (data.metaData ?? c.metaData ?? {}) as Record<string, unknown>;
  for (const v of [meta.phoneNumber, data.phoneNumber, c.phoneNumber]) if (typeof v === 'string' && v.trim()) return v.trim();
  return '';
}

/** ServiceNow OpenFrame: the adapter in the instance's OpenFrame panel. */
export class ServiceNowHost implements CrmHost {
  readonly name = 'servicenow' as const;
  readonly label = CRM;
  private api: OpenFrameApi | undefined;
  private readonly dialListeners = new Set<(r: ClickToDial) => void>();

  constructor(
    private readonly env: CrmEnvironment,
    private readonly records?: ServiceNowRecords,
  ) {}

  async init(): Promise<void> {
    const src = openFrameScriptUrl(this.env);
    if (!src) throw new CrmError('CRM_SCRIPT_FAILED', CRM, 'The OpenFrame URL names no instance (add snInstance=https://<instance>.service-now.com)');
    await withTimeout(this.env, CRM, 'loading OpenFrame', this.env.loadScript(src)).catch((err: unknown) => {
      throw err instanceof CrmError && err.code === 'CRM_TIMEOUT' ? err : new CrmError('CRM_SCRIPT_FAILED', CRM, `OpenFrame could not be loaded from ${src}`);
    });
    const api = this.env.globals.openFrameAPI as OpenFrameApi | undefined;
    if (!api) throw new CrmError('CRM_SCRIPT_FAILED', CRM, `${src} loaded but did not provide openFrameAPI`);
    await withTimeout(
      this.env,
      CRM,
      'OpenFrame init',
      new Promise<void>((resolve, reject) =>
        api.init(
          { title: 'Switchboard', subTitle: '' },
          () => resolve(),
          (e) => reject(new CrmError('CRM_SCRIPT_FAILED', CRM, `OpenFrame init failed: ${String((e as { message?: unknown })?.message ?? e)}`)),
        ),
      ),
    );
    this.api = api;
    api.subscribe(api.EVENTS.COMMUNICATION_EVENT, (context) => {
      const number = numberOf(context);
      if (!number) return;
      for (const l of this.dialListeners) l({ number, record: null });
    });
  }

  capabilities(): CrmCapabilities {
    const rest = !!this.records;
    return { screenPop: true, openNewRecord: true, clickToDial: true, logActivity: rest, panelVisibility: true, panelSize: true, currentRecord: false };
  }

  /** Shows the panel; finds the caller through the Table API when the server has credentials, else opens a new interaction. */
  async screenPop(call: CallContext): Promise<ScreenPopResult> {
    const api = this.frame();
    api.show();
    api.setSubtitle(call.customerNumber);
    const found = this.records ? await withTimeout(this.env, CRM, 'the caller search', this.records.findByPhone(call.customerNumber)) : [];
    const matches = found.map((r) => ({ id: r.sys_id, name: r.name, type: r.table }));
    if (matches.length === 1) api.openServiceNowForm({ entity: matches[0]!.type, query: `sys_id=${matches[0]!.id}` });
    else if (matches.length === 0) api.openServiceNowForm({ entity: 'interaction', query: 'sys_id=-1' });
    return { matches, opened: matches.length === 1 ? matches[0]! : null };
  }

  async openRecord(record: CrmRecord): Promise<void> {
    this.frame().openServiceNowForm({ entity: record.type, query: `sys_id=${record.id}` });
  }

  async openNewRecord(form: NewRecordForm): Promise<void> {
    const prefill = Object.entries(form.fields)
      .map(([k, v]) => `${k}=${v.replace(/\^/g, '')}`)
      .join('^');
    this.frame().openServiceNowForm({ entity: form.type, query: `sys_id=-1${prefill ? `^${prefill}` : ''}` });
  }

  onClickToDial(listener: (request: ClickToDial) => void): () => void {
    this.dialListeners.add(listener);
    return () => this.dialListeners.delete(listener);
  }

  async logActivity(log: ActivityLog): Promise<ActivityResult> {
    if (!this.records) throw new CrmError('CRM_NOT_SUPPORTED', CRM, "Logging to ServiceNow needs the instance's API credentials on the Switchboard server");
    const r = await withTimeout(this.env, CRM, 'logging the interaction', this.records.logInteraction(log));
    return { id: r.sys_id };
  }

  async setVisible(visible: boolean): Promise<void> {
    if (visible) this.frame().show();
    else this.frame().hide();
  }

  async setSize(size: { width?: number; height?: number }): Promise<void> {
    this.frame().setSize(Math.round(size.width ?? 320), Math.round(size.height ?? 520));
  }

  currentRecord(): CrmRecord | null {
    return null;
  }

  private frame(): OpenFrameApi {
    if (!this.api) throw new CrmError('CRM_SCRIPT_FAILED', CRM, 'OpenFrame is not initialised');
    return this.api;
  }
}
