// The adapter's entry: the interface, errors, the standalone host and hostFor(), which loads
// the one bridge the URL names on demand. Bridge classes are not re-exported here on purpose:
// a static export would put every CRM's bridge in every adapter's bundle.
export * from './crm-host';
export * from './crm-error';
export { originOf, type CrmEnvironment } from './environment';
export { CRM_CALL_TIMEOUT_MS } from './with-timeout';
export { StandaloneHost } from './standalone-host';
export { backgroundRole, hostFor, CRM_NAMES, type CrmPorts } from './select-host';
export { callCenterXml, type CallCenterOptions } from './salesforce/call-center-xml';
export type * from './salesforce/open-cti';
export type * from './dynamics/cif';
export type * from './servicenow/openframe';
export type * from './zendesk/zaf';
