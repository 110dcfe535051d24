import { z } from 'zod';
import type { ServiceNowInteraction, ServiceNowRecord } from '@switchboard/protocol';
import type { Logger } from '@switchboard/shared';
import { apiError } from '../http/api-error';
import type { ServiceNowConfig } from './servicenow-config';

/** The Table API's answers, as far as we read them (anything else is the instance misbehaving). */
const listAnswer = z.object({ result: z.array(z.object({ sys_id: z.string().regex(/^[0-9a-f]{32}$/), name: z.string().optional().default('') }).loose()) });
const createAnswer = z.object({ result: z.object({ sys_id: z.string().regex(/^[0-9a-f]{32}$/) }).loose() });
const errorAnswer = z.object({ error: z.object({ message: z.string().optional(), detail: z.string().nullish() }) });

/** Callers' numbers are stored as typed; the last eight digits, contained, find the usual forms (as @switchboard/crm's searchDigits). */
export function searchDigits(number: string): string {
  const digits = number.replace(/\D/g, '');
  return digits.length > 8 ? digits.slice(-8) : digits;
}

const minutes = (s: number): string => `${Math.floor(s / 60)}:${String(Math.round(s % 60)).padStart(2, '0')}`;

/** The interaction record written for a wrapped call: what an agent reads on the instance. */
export function interactionFields(log: ServiceNowInteraction, callerTable: string): Record<string, string> {
  const lines = [
    `${log.direction === 'inbound' ? 'Inbound' : 'Outbound'} call ${log.customerNumber} (Switchboard interaction ${log.interactionId})`,
    `Started: ${new Date(log.startedAt).toISOString()}`,
    `Duration: ${minutes(log.durationSeconds)}`,
    `Outcome: ${log.outcome ?? '-'}`,
    ...(log.recordingUrl ? [`Recording: ${log.recordingUrl}`] : []),
    ...(log.notes.trim() ? ['', log.notes.trim()] : []),
  ];
  return {
    type: 'phone',
    direction: log.direction,
    state: 'closed_complete',
    short_description: log.subject,
    ...(log.record && log.record.type === callerTable ? { opened_for: log.record.id } : {}),
    work_notes: lines.join('\n'),
  };
}

/**
 * The instance's REST Table API with the server's credentials: the caller search and the
 * interaction log the ServiceNow bridge asks for. Every failure is an API error with a code
 * (CRM_UPSTREAM_FAILED with ServiceNow's status, CRM_UPSTREAM_TIMEOUT); the credentials never
 * leave the server, not even in a message.
 */
export class ServiceNowTable {
  constructor(
    private readonly config: ServiceNowConfig,
    private readonly log: Logger,
    private readonly fetchImpl: typeof fetch = fetch,
  ) {}

  async findCallers(phone: string): Promise<ServiceNowRecord[]> {
    const d = searchDigits(phone);
    const t = this.config.callerTable;
    const q = new URLSearchParams({
      sysparm_query: `phoneLIKE${d}^ORmobile_phoneLIKE${d}^active=true`,
      sysparm_fields: 'sys_id,name',
      sysparm_limit: '10',
      sysparm_exclude_reference_link: 'true',
    });
    const body = await this.request('GET', `/api/now/table/${t}?${q}`, undefined, 'the caller search');
    const parsed = listAnswer.safeParse(body);
    if (!parsed.success) throw apiError('CRM_UPSTREAM_FAILED', 'ServiceNow answered the caller search with something that is not a record list');
    return parsed.data.result.map((r) => ({ sys_id: r.sys_id, name: r.name, table: t }));
  }

  async logInteraction(log: ServiceNowInteraction): Promise<{ sys_id: string; table: 'interaction' }> {
    const body = await this.request('POST', '/api/now/table/interaction', interactionFields(log, this.config.callerTable), 'logging the interaction');
    const parsed = createAnswer.safeParse(body);
    if (!parsed.success) throw apiError('CRM_UPSTREAM_FAILED', 'ServiceNow answered the interaction log without the record it created');
    return { sys_id: parsed.data.result.sys_id, table: 'interaction' };
  }

  private async request(method: 'GET' | 'POST', path: string, json: unknown, what: string): Promise<unknown> {
    const auth = Buffer.from(`${this.config.user}:${this.config.password}`).toString('base64');
    let res: Response;
    try {
      res = await this.fetchImpl(this.config.instance + path, {
        method,
        headers: { accept: 'application/json', authorization: `Basic ${auth}`, ...(json ? { 'content-type': 'application/json' } : {}) },
        ...(json ? { body: JSON.stringify(json) } : {}),
        signal: AbortSignal.timeout(this.config.timeoutMs),
        redirect: 'error',
      });
    } catch (err) {
      const e = err as Error;
      if (e.name === 'TimeoutError') throw apiError('CRM_UPSTREAM_TIMEOUT', `ServiceNow did not answer ${what} within ${this.config.timeoutMs / 1000} s`);
      this.log.warn({ err: e.message, what }, 'ServiceNow unreachable');
      throw apiError('CRM_UPSTREAM_FAILED', `ServiceNow could not be reached for ${what}`);
    }
    const text = await res.text().catch(() => '');
    let body: unknown;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      body = undefined;
    }
    if (!res.ok) {
      const said = errorAnswer.safeParse(body);
      const why =
        res.status === 401 ? "it refused the server's credentials (SERVICENOW_USER)" : res.status === 403 ? 'the integration user may not do this (ACL)' : `HTTP ${res.status}`;
      const detail = said.success ? said.data.error.message : undefined;
      this.log.warn({ status: res.status, what, detail }, 'ServiceNow refused a Table API request');
      throw apiError('CRM_UPSTREAM_FAILED', `ServiceNow failed ${what}: ${why}${detail ? ` (${detail.slice(0, 200)})` : ''}`, { status: res.status });
    }
    return body;
  }
}
