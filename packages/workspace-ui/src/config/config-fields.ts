import type { ConfigItem, ConfigSection, WorkspaceConfigView } from '@switchboard/protocol';
import type { FieldSpec, SectionKey, SectionLabels } from './field-spec';
import { OBJECT_FIELDS, TELEPHONY_FIELDS, TELEPHONY_LABELS } from './telephony-fields';

export type { FieldKind, FieldSpec, RowColumn, SectionKey, SectionLabels } from './field-spec';

/**
 * The configuration page's forms, described per section: each field names the file's key, how it
 * is edited, and its label. The server's loader is the only judge of what is valid; these only
 * shape the inputs (an empty optional field is left out of the item).
 */
const ids = (cfg: WorkspaceConfigView, section: ConfigSection): Array<[string, string]> =>
  (cfg.sections[section] ?? []).map((i) => [String(i.id ?? i.username), String(i.name ?? i.displayName ?? i.id ?? i.username)]);
const none = (label: string): Array<[string, string]> => [['', label]];

export const SECTION_LABELS: Record<SectionKey, SectionLabels> = {
  ...TELEPHONY_LABELS,
  teams: { title: 'Teams', one: 'team' },
  pauseReasons: { title: 'Pause reasons', one: 'pause reason' },
  agents: { title: 'Agents', one: 'agent' },
  staff: { title: 'Users and roles', one: 'workspace user' },
  campaigns: { title: 'Campaigns', one: 'campaign' },
  queues: { title: 'Queues', one: 'queue' },
  workflows: { title: 'Workflows', one: 'workflow' },
};

const id: FieldSpec = { key: 'id', label: 'Id', kind: 'text', identity: true, help: 'Letters, digits, - and _; keep it stable once in use.' };
const name: FieldSpec = { key: 'name', label: 'Name', kind: 'text' };
const seconds = (key: string, label: string, help?: string): FieldSpec => ({ key, label, kind: 'number', optional: true, ...(help ? { help } : {}) });

export const SECTION_FIELDS: Record<SectionKey, FieldSpec[]> = {
  ...TELEPHONY_FIELDS,
  ...OBJECT_FIELDS,
  teams: [id, name, { key: 'requestAssistance', label: 'Agents may request assistance', kind: 'checkbox' }],
  pauseReasons: [
    id,
    name,
    { key: 'takesTransfers', label: 'Takes transfers while paused', kind: 'checkbox', help: 'Agents paused with this reason are still offered transferred calls.' },
  ],
  agents: [
    { key: 'username', label: 'Username', kind: 'text', identity: true },
    { key: 'displayName', label: 'Display name', kind: 'text' },
    { key: 'agentNumber', label: 'Agent number', kind: 'text', help: '2-12 digits, keyed in on "Call in to connect".' },
    { key: 'password', label: 'New password', kind: 'secret', optional: true, help: 'Leave blank to keep the current one.' },
    { key: 'pin', label: 'New PIN', kind: 'secret', optional: true, help: '4-12 digits; leave blank to keep the current one.' },
    { key: 'team', label: 'Team', kind: 'select', optional: true, options: (c) => [...none('No team'), ...ids(c, 'teams')] },
    { key: 'campaigns', label: 'Campaigns', kind: 'multi', options: (c) => ids(c, 'campaigns') },
    { key: 'defaultNumber', label: 'Default "call me" number', kind: 'text', optional: true },
    { key: 'region', label: 'Region', kind: 'text', optional: true, help: 'Two capital letters, e.g. AU; blank: the workspace’s.' },
    { key: 'transfersWhilePaused', label: 'Receives transfers while paused', kind: 'checkbox' },
  ],
  staff: [
    { key: 'username', label: 'Username', kind: 'text', identity: true },
    { key: 'displayName', label: 'Display name', kind: 'text' },
    {
      key: 'role',
      label: 'Role',
      kind: 'select',
      options: () => [
        ['supervisor', 'Supervisor'],
        ['admin', 'Admin'],
      ],
    },
    { key: 'team', label: 'Team', kind: 'select', optional: true, options: (c) => [...none('No team'), ...ids(c, 'teams')] },
    { key: 'password', label: 'New password', kind: 'secret', optional: true, help: 'Leave blank to keep the current one.' },
  ],
  campaigns: [
    id,
    name,
    {
      key: 'direction',
      label: 'Direction',
      kind: 'select',
      options: () => [
        ['inbound', 'Inbound'],
        ['outbound', 'Outbound'],
      ],
    },
    {
      key: 'dialMode',
      label: 'Dialling mode',
      kind: 'select',
      optional: true,
      options: () => [
        ['', 'None (inbound)'],
        ['preview', 'Preview'],
        ['predictive', 'Predictive'],
      ],
    },
    {
      key: 'recording',
      label: 'Recording',
      kind: 'select',
      options: () => [
        ['off', 'Off'],
        ['agent-controlled', 'Agent controlled'],
        ['always', 'Always'],
      ],
    },
    { key: 'bookmarks', label: 'Agents may bookmark recordings', kind: 'checkbox' },
    {
      key: 'wrapCodes',
      label: 'Wrap codes',
      kind: 'rows',
      rowName: 'wrap code',
      columns: [
        { key: 'id', label: 'Id' },
        { key: 'name', label: 'Name' },
      ],
    },
    { key: 'defaultWrapCode', label: 'Default wrap code', kind: 'text', optional: true, help: 'The id of one of the wrap codes; blank for none.' },
    seconds('autoWrapSeconds', 'Auto-wrap after (s)', 'Wrap closes by itself after this long; blank for never.'),
    seconds('extendSeconds', 'Extend adds (s)'),
    {
      key: 'transferNumbers',
      label: 'Transfer numbers',
      kind: 'rows',
      rowName: 'transfer number',
      columns: [
        { key: 'label', label: 'Label' },
        { key: 'number', label: 'Number' },
      ],
    },
    {
      key: 'announcements',
      label: 'Announcements',
      kind: 'rows',
      rowName: 'announcement',
      columns: [
        { key: 'id', label: 'Id' },
        { key: 'name', label: 'Name' },
        { key: 'file', label: 'WAV file' },
      ],
    },
  ],
  queues: [
    id,
    name,
    { key: 'campaign', label: 'Campaign', kind: 'select', options: (c) => ids(c, 'campaigns') },
    seconds('maxWaitSeconds', 'Maximum wait (s)', 'Then the overflow runs; blank for no limit.'),
    { key: 'overflow', label: 'Overflow', kind: 'overflow', optional: true, help: 'Runs when a caller has waited the maximum; needs a maximum wait.' },
    seconds('reofferAfterSeconds', 'Re-offer a missed call after (s)'),
    seconds('serviceLevelSeconds', 'Service level target (s)'),
  ],
  workflows: [
    id,
    name,
    { key: 'start', label: 'Start object', kind: 'text' },
    { key: 'transferTarget', label: 'Offered as a transfer target', kind: 'checkbox' },
    { key: 'objects', label: 'Objects', kind: 'objects', help: 'play, collect, branch, queue, callback, hangup; "go to" names another object’s id.' },
  ],
};

/** A new item's (or single-object section's) starting values: the loader's defaults, where it has them. */
export function blankItem(section: SectionKey): ConfigItem {
  switch (section) {
    case 'dialPlan':
      return { blockTypes: ['PREMIUM_RATE'], blockNumbers: [] };
    case 'recordings':
      return { play: ['supervisor', 'admin'], download: ['supervisor', 'admin'] };
    case 'crm':
      return { allowedOrigins: [] };
    case 'campaigns':
      return { direction: 'inbound', recording: 'off', wrapCodes: [], transferNumbers: [], announcements: [] };
    case 'agents':
      return { campaigns: [] };
    case 'staff':
      return { role: 'supervisor' };
    case 'workflows':
      return { objects: [{ id: 'bye', type: 'hangup' }], start: 'bye' };
    default:
      return {};
  }
}

/** The item's key in its section, as the server reads it (DNIS: the number; trunks: the name). */
export function keyOf(section: SectionKey, item: ConfigItem): string {
  if (section === 'dnis') return String(item.number ?? '');
  if (section === 'trunks') return String(item.name ?? '');
  return String(item.id ?? (section === 'agents' || section === 'staff' ? item.username : '') ?? '');
}
