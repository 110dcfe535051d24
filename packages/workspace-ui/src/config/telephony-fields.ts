import type { ConfigObjectSection, WorkspaceConfigView } from '@switchboard/protocol';
import type { FieldSpec, SectionLabels } from './field-spec';

/**
 * The forms of what reaches the telephone network and the policies beside it: DNIS (which number
 * runs which workflow), trunks (admins only; a password is set here and never shown again), and
 * the single-object sections: the dial plan, recordings, CRMs.
 */

const workflows = (cfg: WorkspaceConfigView): Array<[string, string]> => (cfg.sections.workflows ?? []).map((w) => [String(w.id), String(w.name ?? w.id)]);

/** libphonenumber's number types, as the file names them (core's PHONE_NUMBER_TYPES). */
const NUMBER_TYPES: Array<[string, string]> = [
  ['PREMIUM_RATE', 'Premium rate'],
  ['SHARED_COST', 'Shared cost'],
  ['TOLL_FREE', 'Toll free'],
  ['VOIP', 'VoIP'],
  ['PERSONAL_NUMBER', 'Personal number'],
  ['UAN', 'UAN'],
  ['PAGER', 'Pager'],
  ['VOICEMAIL', 'Voicemail'],
  ['MOBILE', 'Mobile'],
  ['FIXED_LINE', 'Fixed line'],
  ['FIXED_LINE_OR_MOBILE', 'Fixed line or mobile'],
];
const ROLES = (): Array<[string, string]> => [
  ['agent', 'Agents (their own calls)'],
  ['supervisor', 'Supervisors (their team’s calls)'],
  ['admin', 'Admins'],
];
const credentials = (key: string, label: string, envHelp: string): FieldSpec => ({
  key,
  label,
  kind: 'group',
  optional: true,
  help: 'Leave every part blank for none.',
  columns: [
    { key: 'username', label: 'Username' },
    { key: 'password', label: 'New password', kind: 'secret', help: 'Leave blank to keep the current one (same username).' },
    { key: 'passwordEnv', label: 'Password variable', help: envHelp },
  ],
});
const rewrite = (key: string, label: string): FieldSpec => ({
  key,
  label,
  kind: 'rows',
  rowName: 'rule',
  help: 'First match wins; the pattern matches the whole number; $1… in the replacement.',
  columns: [
    { key: 'match', label: 'Pattern' },
    { key: 'replace', label: 'Replacement', keepEmpty: true },
  ],
});

export const TELEPHONY_LABELS: Record<'dnis' | 'trunks' | ConfigObjectSection, SectionLabels> = {
  dnis: { title: 'DNIS', one: 'DNIS', keyLabel: 'Number', summaryLabel: 'Workflow', summary: (i) => String(i.workflow ?? '') },
  trunks: { title: 'Trunks', one: 'trunk', keyLabel: 'Name', summaryLabel: 'Address', summary: (i) => String(i.address ?? '') },
  dialPlan: {
    title: 'Dial plan',
    one: 'dial plan',
    defaults: 'The file has no dial plan: calls out may reach the workspace’s own country, premium rate blocked.',
  },
  recordings: {
    title: 'Recordings',
    one: 'recordings policy',
    defaults: 'The file has no recordings policy: supervisors and admins play and download, recordings are kept.',
  },
  crm: { title: 'CRMs', one: 'CRM origins', defaults: 'The file names no CRM: only the server’s CRM_ORIGINS may embed the adapter.' },
};

export const TELEPHONY_FIELDS: Record<'dnis' | 'trunks', FieldSpec[]> = {
  dnis: [
    { key: 'number', label: 'Number', kind: 'text', identity: true, help: 'As dialled, in E.164: +61290000001. Not the call-in number.' },
    { key: 'workflow', label: 'Workflow', kind: 'select', options: workflows, help: 'What a caller to this number hears and keys.' },
  ],
  trunks: [
    { key: 'name', label: 'Name', kind: 'text', identity: true, help: 'Letters, digits, _ . -; "sandbox" is the sandbox carrier’s.' },
    { key: 'address', label: 'Address', kind: 'text', help: 'host or host:port (5060 unless said), e.g. sip.carrier.example:5060.' },
    {
      key: 'transport',
      label: 'Transport',
      kind: 'select',
      optional: true,
      options: () => [
        ['', 'UDP (the default)'],
        ['udp', 'UDP'],
        ['tcp', 'TCP'],
        ['tls', 'TLS (needs SIP_TLS_CERT and SIP_TLS_KEY)'],
      ],
    },
    { key: 'srtp', label: 'Encrypt media (SRTP) on calls out', kind: 'checkbox', help: 'TLS only: the keys travel in the SIP messages.' },
    {
      key: 'tlsFingerprints',
      label: 'Pinned certificates',
      kind: 'list',
      optional: true,
      rowName: 'fingerprint',
      help: 'TLS only: SHA-256 fingerprints the carrier may present, separated by spaces.',
    },
    credentials('credentials', 'Credentials (calls out)', 'An environment variable holding the password, e.g. CARRIER_PASSWORD (better than a password in the file).'),
    { key: 'callerId', label: 'Caller ID', kind: 'text', optional: true, help: 'Sent when a call gives none.' },
    rewrite('outboundRewrite', 'Numbers sent to the carrier'),
    rewrite('inboundRewrite', 'Numbers arriving from the carrier'),
    { key: 'ringTimeoutSec', label: 'Ring timeout (s)', kind: 'number', optional: true },
    { key: 'maxCalls', label: 'Maximum calls at once', kind: 'number', optional: true },
    { key: 'inbandDtmf', label: 'The carrier sends keys as tones (in-band DTMF)', kind: 'checkbox' },
    {
      key: 'sourcePorts',
      label: 'Source ports',
      kind: 'group',
      optional: true,
      help: 'When the carrier sends from a pool of ports; blank: the address’s port.',
      columns: [
        { key: 'min', label: 'From', kind: 'number' },
        { key: 'max', label: 'To', kind: 'number' },
      ],
    },
    credentials('inboundCredentials', 'Credentials the carrier calls in with', 'e.g. CARRIER_INBOUND_PASSWORD. Set: the carrier authenticates by digest instead of by address.'),
  ],
};

export const OBJECT_FIELDS: Record<ConfigObjectSection, FieldSpec[]> = {
  dialPlan: [
    {
      key: 'allowCountries',
      label: 'Countries allowed',
      kind: 'list',
      optional: true,
      rowName: 'country',
      allWord: 'all',
      help: 'Two-letter codes separated by spaces or commas (AU NZ), or all; blank: the workspace’s region.',
    },
    { key: 'blockTypes', label: 'Number types never called', kind: 'multi', options: () => NUMBER_TYPES },
    {
      key: 'blockNumbers',
      label: 'Numbers and prefixes never called',
      kind: 'list',
      rowName: 'number',
      help: 'E.164, separated by spaces or commas: +61491570999 +1900.',
    },
  ],
  recordings: [
    { key: 'play', label: 'Who may play recordings', kind: 'multi', options: ROLES },
    { key: 'download', label: 'Who may download recordings', kind: 'multi', options: ROLES },
    { key: 'retentionDays', label: 'Keep recordings for (days)', kind: 'number', optional: true, help: 'Older ones are deleted hourly; blank: kept.' },
  ],
  crm: [
    {
      key: 'allowedOrigins',
      label: 'CRM origins',
      kind: 'list',
      rowName: 'origin',
      help: 'Where the adapter is embedded, separated by spaces: https://acme.lightning.force.com https://*.crm6.dynamics.com.',
    },
  ],
};
