import type { CompiledQuery, Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { toJson, toMillis } from '../db/values';
import type { AuditInput } from '../records';

/** The answer given to one command, kept so that a retry of its requestId is answered, not applied again. */
export interface CommandResultInput {
  agentId: string;
  requestId: string;
  /** The command as JSON (the same requestId with another command is refused). */
  fingerprint: string;
  /** The response given (any JSON value). */
  response: unknown;
  at: number;
}

export interface StoredCommandResult {
  fingerprint: string;
  response: unknown;
  at: number;
}

/**
 * Agents' command results by (agent, requestId) for a time window: the
 * idempotency record. commit() writes them with the audit rows of the state
 * changes they made, in one transaction, so a command is never half kept.
 */
export class CommandResultsRepo {
  /** find() runs on every command: its SQL is built once and reused with new parameters. */
  private readonly findQuery: CompiledQuery;

  constructor(private readonly db: Kysely<Database>) {
    this.findQuery = db
      .selectFrom('command_results')
      .select(['fingerprint', 'response', 'at'])
      .where('agent_id', '=', '')
      .where('request_id', '=', '')
      .where('at', '>=', 0)
      .compile();
  }

  /** The result stored for this request at or after `notBefore` (older ones count as expired). */
  async find(agentId: string, requestId: string, notBefore: number): Promise<StoredCommandResult | null> {
    const { rows } = await this.db.executeQuery<{ fingerprint: string; response: string; at: string | number }>({ ...this.findQuery, parameters: [agentId, requestId, notBefore] });
    const r = rows[0];
    return r ? { fingerprint: r.fingerprint, response: JSON.parse(r.response) as unknown, at: toMillis(r.at) } : null;
  }

  /** Deletes results older than `before`; returns how many. */
  async purgeBefore(before: number): Promise<number> {
    const r = await this.db.deleteFrom('command_results').where('at', '<', before).executeTakeFirst();
    return Number(r.numDeletedRows);
  }

  /**
   * Audit rows and command results in one transaction (either may be empty).
   * A result already stored for its requestId (an expired one) is replaced.
   */
  async commit(audit: readonly AuditInput[], results: readonly CommandResultInput[]): Promise<void> {
    if (audit.length + results.length === 0) return;
    const write = async (db: Kysely<Database>): Promise<void> => {
      if (audit.length) {
        await db
          .insertInto('audit')
          .values(
            audit.map((e) => ({
              at: e.at,
              agent_id: e.agentId,
              session_id: e.sessionId ?? null,
              kind: e.kind,
              from_state: e.from ?? null,
              to_state: e.to ?? null,
              detail: e.detail == null ? null : toJson(e.detail),
            })),
          )
          .execute();
      }
      if (results.length) {
        await db
          .insertInto('command_results')
          .values(results.map((r) => ({ agent_id: r.agentId, request_id: r.requestId, fingerprint: r.fingerprint, response: toJson(r.response), at: r.at })))
          // An id seen again is an expired one (a live one is answered, not applied): the new answer replaces it.
          .onConflict((oc) =>
            oc.columns(['agent_id', 'request_id']).doUpdateSet((eb) => ({
              fingerprint: eb.ref('excluded.fingerprint'),
              response: eb.ref('excluded.response'),
              at: eb.ref('excluded.at'),
            })),
          )
          .execute();
      }
    };
    // One statement is atomic by itself; two need a transaction.
    if (audit.length === 0 || results.length === 0) return write(this.db);
    await this.db.transaction().execute((tx) => write(tx));
  }
}
