import { CoreError } from '../errors/core-error';
import { normalisePhoneNumber } from '../dialing/phone-number';
import type { CallbackRequest } from './workflow-runner';

/**
 * Callback requests left by callers in an IVR (a workflow's callback object),
 * kept for the outbound dialler to come. Only 'pending' exists until that
 * dialler works them (it will add its own states).
 */
export const CALLBACK_STATUSES = ['pending'] as const;
export type CallbackStatus = (typeof CALLBACK_STATUSES)[number];

export interface CallbackInput {
  id: string;
  /** The IVR call that asked, if any. */
  interactionId: string | null;
  campaignId: string | null;
  queueId: string;
  workflowId: string;
  /** E.164, e.g. +61491570110. */
  number: string;
  /** Epoch ms. */
  requestedAt: number;
  ivrData: Array<{ label: string; value: string }>;
}

export interface CallbackRecord extends CallbackInput {
  status: CallbackStatus;
}

/** The store port (SQLite and PostgreSQL in @switchboard/store; MemoryCallbackStore for tests). */
export interface CallbackStore {
  /** Stores a new request as 'pending'; an id already stored is a CONFLICT. */
  add(input: CallbackInput): Promise<CallbackRecord>;
  get(id: string): Promise<CallbackRecord | null>;
  /** Pending requests, oldest first, optionally of one campaign. */
  listPending(opts?: { campaignId?: string; limit?: number }): Promise<CallbackRecord[]>;
}

const E164 = /^\+[1-9][0-9]{6,14}$/;

/** Rejects what must never reach a table: a number that is not E.164, a bad time, bad IVR data. */
export function checkCallbackInput(c: CallbackInput): void {
  const bad = (m: string) => new CoreError('VALIDATION_FAILED', `invalid callback: ${m}`, { id: c?.id });
  if (!c || typeof c !== 'object') throw bad('not an object');
  if (typeof c.id !== 'string' || !c.id) throw bad('id must be a non-empty string');
  if (typeof c.number !== 'string' || !E164.test(c.number)) throw bad(`number must be E.164, got ${JSON.stringify(c.number)}`);
  if (typeof c.queueId !== 'string' || !c.queueId || typeof c.workflowId !== 'string' || !c.workflowId) throw bad('queueId and workflowId are required');
  if (!Number.isSafeInteger(c.requestedAt) || c.requestedAt < 0) throw bad('requestedAt must be epoch ms');
  if (!Array.isArray(c.ivrData) || !c.ivrData.every((e) => typeof e?.label === 'string' && typeof e?.value === 'string')) throw bad('ivrData must be a list of { label, value }');
}

/**
 * The row for a runner's store-callback action: the number read as E.164 in
 * the workspace's region (a caller ID may arrive national, "0491570110").
 * Throws InvalidPhoneNumberError when it is not a phone number at all.
 */
export function callbackFromRequest(req: CallbackRequest, o: { id: string; interactionId: string | null; region: string | null }): CallbackInput {
  return {
    id: o.id,
    interactionId: o.interactionId,
    campaignId: req.campaignId,
    queueId: req.queueId,
    workflowId: req.workflowId,
    number: normalisePhoneNumber(req.number, o.region).e164,
    requestedAt: req.requestedAt,
    ivrData: req.ivrData.map((e) => ({ label: e.label, value: e.value })),
  };
}

/** A reference implementation in memory; the store's must behave the same. */
export class MemoryCallbackStore implements CallbackStore {
  private readonly rows = new Map<string, CallbackRecord>();

  async add(input: CallbackInput): Promise<CallbackRecord> {
    checkCallbackInput(input);
    if (this.rows.has(input.id)) throw new CoreError('CONFLICT', `callback ${input.id} already exists`, { id: input.id });
    const r: CallbackRecord = { ...structuredClone(input), status: 'pending' };
    this.rows.set(r.id, r);
    return structuredClone(r);
  }

  async get(id: string): Promise<CallbackRecord | null> {
    const r = this.rows.get(id);
    return r ? structuredClone(r) : null;
  }

  async listPending(opts: { campaignId?: string; limit?: number } = {}): Promise<CallbackRecord[]> {
    return [...this.rows.values()]
      .filter((r) => r.status === 'pending' && (opts.campaignId === undefined || r.campaignId === opts.campaignId))
      .sort((a, b) => a.requestedAt - b.requestedAt || a.id.localeCompare(b.id))
      .slice(0, opts.limit ?? 1000)
      .map((r) => structuredClone(r));
  }
}
