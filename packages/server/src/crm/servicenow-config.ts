import { SwitchboardError } from '@switchboard/shared';

/** The ServiceNow instance the server reads and writes records in for the adapter (Table API). */
export interface ServiceNowConfig {
  /** SERVICENOW_INSTANCE: `https://<instance>.service-now.com` (http only for tests on loopback). */
  instance: string;
  /** SERVICENOW_USER / SERVICENOW_PASSWORD: basic auth of an integration user with the rest_api_explorer/itil roles. */
  user: string;
  password: string;
  /** SERVICENOW_CALLER_TABLE: where callers are looked up by phone (sys_user; customer_contact with CSM). */
  callerTable: string;
  /** SERVICENOW_TIMEOUT_SECONDS: one Table API request's limit (the adapter's own limit is 8 s). */
  timeoutMs: number;
}

const TABLE_RE = /^[a-z][a-z0-9_]{0,79}$/;

/** Unset SERVICENOW_INSTANCE: no ServiceNow (the routes answer 503 CRM_NOT_CONFIGURED). Half a configuration is an error. */
export function loadServiceNowConfig(env: NodeJS.ProcessEnv): ServiceNowConfig | undefined {
  const raw = env.SERVICENOW_INSTANCE;
  if (!raw) return undefined;
  let url: URL | undefined;
  try {
    url = new URL(raw);
  } catch {
    url = undefined;
  }
  const loopback = url && url.protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
  if (!url || (url.protocol !== 'https:' && !loopback) || url.origin !== raw.replace(/\/+$/, '')) {
    throw new SwitchboardError('CONFIG_INVALID', `SERVICENOW_INSTANCE must be an origin like https://acme.service-now.com, got "${raw}"`);
  }
  const user = env.SERVICENOW_USER ?? '';
  const password = env.SERVICENOW_PASSWORD ?? '';
  if (!user || !password) throw new SwitchboardError('CONFIG_INVALID', 'SERVICENOW_INSTANCE is set: SERVICENOW_USER and SERVICENOW_PASSWORD are needed too');
  const callerTable = env.SERVICENOW_CALLER_TABLE || 'sys_user';
  if (!TABLE_RE.test(callerTable)) throw new SwitchboardError('CONFIG_INVALID', `SERVICENOW_CALLER_TABLE must be a table name, got "${callerTable}"`);
  const seconds = Number(env.SERVICENOW_TIMEOUT_SECONDS || 6);
  if (!Number.isFinite(seconds) || seconds <= 0 || seconds > 60) throw new SwitchboardError('CONFIG_INVALID', 'SERVICENOW_TIMEOUT_SECONDS must be between 0 and 60');
  return { instance: url.origin, user, password, callerTable, timeoutMs: Math.round(seconds * 1000) };
}
