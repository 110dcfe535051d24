/**
 * What the adapter asks of the CRM it is embedded in, whichever CRM that is. The adapter's
 * core speaks only this interface; a thin bridge per CRM (Salesforce Open CTI, ServiceNow
 * OpenFrame, Zendesk ZAF, Dynamics 365 CIF) maps it onto that CRM's own script, and the
 * standalone host stands in outside any CRM. A CRM never blocks a call: every method settles
 * (with a CrmError on failure or timeout) and the adapter carries on.
 */
export type CrmName = 'salesforce' | 'servicenow' | 'zendesk' | 'dynamics';

/** What a host can do; the adapter hides what is missing rather than failing. */
export interface CrmCapabilities {
  screenPop: boolean;
  openNewRecord: boolean;
  clickToDial: boolean;
  logActivity: boolean;
  panelVisibility: boolean;
  panelSize: boolean;
  currentRecord: boolean;
}

/** A record of the CRM (a contact, an account, a case, a user...). */
export interface CrmRecord {
  id: string;
  name: string;
  /** The CRM's object or entity name: `Contact`, `contact`, `sys_user`... */
  type: string;
}

export interface CallContext {
  interactionId: string;
  direction: 'inbound' | 'outbound';
  /** E.164 where known. */
  customerNumber: string;
}

export interface ScreenPopResult {
  /** Every record the CRM matched for the number (the adapter offers a chooser when several). */
  matches: CrmRecord[];
  /** The record the CRM opened, if it opened exactly one. */
  opened: CrmRecord | null;
}

/** What is written on the CRM's record when the call is wrapped. */
export interface ActivityLog {
  interactionId: string;
  direction: 'inbound' | 'outbound';
  customerNumber: string;
  subject: string;
  /** Epoch ms when the call connected. */
  startedAt: number;
  durationSeconds: number;
  outcome: string | null;
  notes: string;
  recordingUrl: string | null;
  /** The record popped or chosen for this call, to link the activity to. */
  record: CrmRecord | null;
}

export interface ActivityResult {
  /** The id the CRM gave the activity it created, when it says. */
  id: string | null;
}

/** A phone number clicked somewhere in the CRM. */
export interface ClickToDial {
  number: string;
  record: CrmRecord | null;
}

export interface NewRecordForm {
  type: string;
  fields: Record<string, string>;
}

export interface CrmHost {
  readonly name: CrmName | 'standalone';
  /** For people: "Salesforce", "Standalone"... */
  readonly label: string;
  /** Loads and initialises the CRM's script; rejects with CrmError('CRM_SCRIPT_FAILED' | 'CRM_TIMEOUT'). */
  init(): Promise<void>;
  capabilities(): CrmCapabilities;
  /** Ringing: find the caller's record(s) by number and open them as the CRM's settings say. */
  screenPop(call: CallContext): Promise<ScreenPopResult>;
  openRecord(record: CrmRecord): Promise<void>;
  openNewRecord(form: NewRecordForm): Promise<void>;
  /** Subscribes to click-to-dial; returns the unsubscribe. */
  onClickToDial(listener: (request: ClickToDial) => void): () => void;
  logActivity(log: ActivityLog): Promise<ActivityResult>;
  setVisible(visible: boolean): Promise<void>;
  setSize(size: { width?: number; height?: number }): Promise<void>;
  /** The record the user is looking at in the CRM now (for convert to outbound). */
  currentRecord(): CrmRecord | null;
}

export const NO_CAPABILITIES: CrmCapabilities = {
  screenPop: false,
  openNewRecord: false,
  clickToDial: false,
  logActivity: false,
  panelVisibility: false,
  panelSize: false,
  currentRecord: false,
};
