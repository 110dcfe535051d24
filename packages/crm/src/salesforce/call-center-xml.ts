import { CrmError } from '../crm-error';

export interface CallCenterOptions {
  /** The adapter's URL as Salesforce must load it (https; `?crm=salesforce` is added). */
  adapterUrl: string;
  displayName?: string;
  internalName?: string;
  width?: number;
  height?: number;
  /** Lightning only, or both Classic and Lightning (the adapter supports Lightning). */
  compatibility?: 'Lightning' | 'Classic_and_Lightning';
}

const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/**
 * The call center definition file an administrator imports in Salesforce Setup (Call Centers →
 * Import). Salesforce loads reqAdapterUrl in the softphone panel; it must be https (localhost
 * excepted, for trying it out).
 */
export function callCenterXml(o: CallCenterOptions): string {
  let url: URL;
  try {
    url = new URL(o.adapterUrl);
  } catch {
    throw new CrmError('CRM_BAD_INPUT', 'Salesforce', `Not a URL: ${o.adapterUrl}`);
  }
  if (url.protocol !== 'https:' && url.hostname !== 'localhost' && url.hostname !== '127.0.0.1') {
    throw new CrmError('CRM_BAD_INPUT', 'Salesforce', 'Salesforce loads the adapter only over https');
  }
  url.searchParams.set('crm', 'salesforce');
  const internal = o.internalName ?? 'SwitchboardCti';
  if (!/^[A-Za-z][A-Za-z0-9_]{0,39}$/.test(internal))
    throw new CrmError('CRM_BAD_INPUT', 'Salesforce', 'The internal name takes letters, digits and _ (40 at most), starting with a letter');
  const items: Array<[string, string, string]> = [
    ['reqInternalName', 'InternalName', internal],
    ['reqDisplayName', 'Display Name', o.displayName ?? 'Switchboard'],
    ['reqAdapterUrl', 'CTI Adapter URL', url.toString()],
    ['reqUseApi', 'Use CTI API', 'true'],
    ['reqSoftphoneHeight', 'Softphone Height', String(o.height ?? 520)],
    ['reqSoftphoneWidth', 'Softphone Width', String(o.width ?? 320)],
    ['reqSalesforceCompatibilityMode', 'Salesforce Compatibility Mode', o.compatibility ?? 'Lightning'],
  ];
  const body = items.map(([name, label, value], i) => `    <item sortOrder="${i}" name="${name}" label="${esc(label)}">${esc(value)}</item>`).join('\n');
  return `<!-- Switchboard call center definition: Setup → Call Centers → Import -->\n<callCenter>\n  <section sortOrder="0" name="reqGeneralInfo" label="General Information">\n${body}\n  </section>\n</callCenter>\n`;
}
