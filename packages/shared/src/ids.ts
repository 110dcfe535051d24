import { randomBytes, randomUUID } from 'node:crypto';

/** Branded string ids: an AgentId cannot be passed where a CallId is wanted. */
export type Brand<T, B extends string> = T & { readonly __brand: B };

export type AgentId = Brand<string, 'AgentId'>;
export type SessionId = Brand<string, 'SessionId'>;
export type InteractionId = Brand<string, 'InteractionId'>;
export type CallId = Brand<string, 'CallId'>;
export type LegId = Brand<string, 'LegId'>;

/** A random id with a readable prefix, e.g. `ses_3f9a…`. */
export function newId(prefix: string, bytes = 12): string {
  return `${prefix}_${randomBytes(bytes).toString('hex')}`;
}

export function newUuid(): string {
  return randomUUID();
}
