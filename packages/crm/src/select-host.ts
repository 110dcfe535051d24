import { CrmError } from './crm-error';
import type { CrmHost, CrmName } from './crm-host';
import type { CrmEnvironment } from './environment';
import { StandaloneHost } from './standalone-host';
import type { ServiceNowRecords } from './servicenow/openframe';

/** What the adapter's server lends a bridge: ServiceNow's records through the server's Table API proxy. */
export interface CrmPorts {
  serviceNowRecords?: ServiceNowRecords;
}

export const CRM_NAMES: readonly CrmName[] = ['salesforce', 'servicenow', 'zendesk', 'dynamics'];

/**
 * The bridges, each its own chunk: the adapter downloads only the one its URL asks for, so a
 * panel outside any CRM (or in one CRM) carries none of the others.
 */
const BRIDGES: Record<CrmName, (env: CrmEnvironment, ports: CrmPorts) => Promise<CrmHost>> = {
  salesforce: async (env) => new (await import('./salesforce/salesforce-host')).SalesforceHost(env),
  servicenow: async (env, ports) => new (await import('./servicenow/servicenow-host')).ServiceNowHost(env, ports.serviceNowRecords),
  dynamics: async (env) => new (await import('./dynamics/dynamics-host')).DynamicsHost(env),
  zendesk: async (env) => new (await import('./zendesk/zendesk-host')).ZendeskHost(env),
};

/** The host for the adapter's URL: `?crm=salesforce` etc., none for the standalone panel. Not yet initialised. */
export async function hostFor(env: CrmEnvironment, ports: CrmPorts = {}): Promise<CrmHost> {
  const name = env.params.get('crm');
  if (!name) return new StandaloneHost();
  if (!(CRM_NAMES as readonly string[]).includes(name)) throw new CrmError('CRM_UNKNOWN', name, `No CRM bridge called "${name}" (known: ${CRM_NAMES.join(', ')})`);
  return BRIDGES[name as CrmName](env, ports);
}

/**
 * A page the CRM loads only to relay (Zendesk's background location, `?crm=zendesk&zafRole=background`):
 * what it runs instead of the adapter, or undefined for an ordinary panel.
 */
export function backgroundRole(env: CrmEnvironment): (() => Promise<void>) | undefined {
  if (env.params.get('crm') !== 'zendesk' || env.params.get('zafRole') !== 'background') return undefined;
  return async () => (await import('./zendesk/zendesk-host')).runZendeskBackground(env);
}
