import type { Logger } from '@switchboard/shared';
import type { AuditInput, Store } from '@switchboard/store';

/**
 * Writes audit rows in batches: every row queued in the same turn of the event
 * loop goes into one multi-row INSERT, i.e. one transaction and one fsync
 * (SQLite runs with synchronous=FULL, about 5 ms a commit here, on the main
 * thread). Row-at-a-time writes capped the whole server at ~200 state changes
 * a second; batches keep the cost per turn, not per row. Batches and other
 * writes (saved defaults) run strictly in order.
 */
export class AuditWriter {
  private buffer: AuditInput[] = [];
  private scheduled = false;
  private chain: Promise<void> = Promise.resolve();
  private pending = 0;

  constructor(private readonly store: Store, private readonly logger: Logger) {}

  append(row: AuditInput): void {
    this.buffer.push(row);
    this.pending++;
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(() => this.flushBuffer());
    }
  }

  /** Another write that must land after the rows queued so far. */
  then(what: string, fn: () => Promise<void>): void {
    this.flushBuffer();
    this.pending++;
    this.chain = this.chain
      .then(fn)
      .catch((err: unknown) => this.logger.error({ err }, `${what} write failed`))
      .finally(() => {
        this.pending--;
      });
  }

  /** Resolves once everything queued so far is in the store. */
  async drain(): Promise<void> {
    this.flushBuffer();
    while (this.pending > 0) await this.chain;
  }

  private flushBuffer(): void {
    this.scheduled = false;
    if (this.buffer.length === 0) return;
    const rows = this.buffer;
    this.buffer = [];
    this.chain = this.chain
      .then(() => this.write(rows))
      .catch((err: unknown) => this.logger.error({ err, rows: rows.length }, 'audit write failed'))
      .finally(() => {
        this.pending -= rows.length;
      });
  }

  private async write(rows: AuditInput[]): Promise<void> {
    if (rows.length === 1) return this.store.audit.appendAudit(rows[0]!);
    // The repository appends one row at a time; a batch goes through the store's
    // query builder (offered for exactly this), mapped as AuditRepo maps a row.
    await this.store.db
      .insertInto('audit')
      .values(
        rows.map((e) => ({
          at: e.at,
          agent_id: e.agentId,
          session_id: e.sessionId ?? null,
          kind: e.kind,
          from_state: e.from ?? null,
          to_state: e.to ?? null,
          detail: e.detail == null ? null : JSON.stringify(e.detail),
        })),
      )
      .execute();
  }
}
