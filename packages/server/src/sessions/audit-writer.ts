import type { Logger } from '@switchboard/shared';
import type { AuditInput, Store } from '@switchboard/store';

/**
 * Writes audit rows in batches: rows queued within `windowMs` (default 25 ms)
 * go into one multi-row INSERT, i.e. one transaction. better-sqlite3 commits
 * on the main thread, so each commit stalls every socket for its write (and,
 * with SQLITE_SYNC=full, the fsync: 5 ms idle, far more on a busy disk). Row-at-a-time writes capped the server at ~200 state changes a
 * second; with a window the stall is paid ~40 times a second at most, whatever
 * the load. The price: a crash can lose the last window's rows (shutdown
 * drains them). Batches and other writes (saved defaults) run strictly in order.
 * Plain timers, not Clock: this is I/O pacing, not domain time, and tests
 * with a FakeClock still see rows land (drain() flushes at once).
 */
export class AuditWriter {
  private buffer: AuditInput[] = [];
  private scheduled = false;
  private chain: Promise<void> = Promise.resolve();
  private pending = 0;

  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly store: Store,
    private readonly logger: Logger,
    private readonly windowMs = 25,
    private readonly maxBatch = 1000,
  ) {}

  append(row: AuditInput): void {
    this.buffer.push(row);
    this.pending++;
    if (this.buffer.length >= this.maxBatch) this.flushBuffer();
    else if (!this.scheduled) {
      this.scheduled = true;
      this.timer = setTimeout(() => this.flushBuffer(), this.windowMs);
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
    clearTimeout(this.timer);
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
