import type { Logger } from '@switchboard/shared';
import type { AuditInput, Store } from '@switchboard/store';

interface Batch {
  rows: AuditInput[];
  /** true once the batch is committed, false if its write failed (logged). */
  done: Promise<boolean>;
  resolve(ok: boolean): void;
}

/**
 * Writes audit rows by group commit: every row appended in one turn of the
 * event loop goes into one multi-row INSERT (one transaction), written at the
 * end of that turn, not after a fixed window. A command is acknowledged, and
 * its event sent, only once its rows are committed (sync(), after()), so a
 * crash never loses a state change someone was told about. Under load the
 * batches grow by themselves (better-sqlite3 commits on the main thread, so
 * requests arriving during a commit join the next one): row-at-a-time writes
 * capped the server at ~200 state changes a second, batches do not.
 * Batches and other writes (saved defaults) run strictly in order.
 * setImmediate, not Clock: this is I/O pacing, not domain time.
 */
export class AuditWriter {
  private open: Batch | undefined;
  private chain: Promise<void> = Promise.resolve();
  /** The outcome of the last write queued (a batch or another write). */
  private last: Promise<boolean> = Promise.resolve(true);
  private inFlight = 0;

  constructor(
    private readonly store: Store,
    private readonly logger: Logger,
    private readonly maxBatch = 1000,
  ) {}

  /** Queues a row; resolves true once it is committed (false: the write failed and was logged). */
  append(row: AuditInput): Promise<boolean> {
    if (!this.open) {
      let resolve!: (ok: boolean) => void;
      const done = new Promise<boolean>((r) => (resolve = r));
      this.open = { rows: [], done, resolve };
      setImmediate(() => this.flush());
    }
    const batch = this.open;
    batch.rows.push(row);
    if (batch.rows.length >= this.maxBatch) this.flush();
    return batch.done;
  }

  /** Another write that must land after the rows queued so far. */
  then(what: string, fn: () => Promise<void>): void {
    this.flush();
    this.last = this.enqueue(fn, (err) => this.logger.error({ err }, `${what} write failed`));
  }

  /** Resolves once everything queued so far is committed: false if some of it failed. */
  sync(): Promise<boolean> {
    return this.open ? this.open.done : this.last;
  }

  /** Runs fn once everything queued so far has landed (at once if nothing is pending), in queue order. */
  after(fn: () => void): void {
    const p = this.open?.done ?? (this.inFlight > 0 ? this.last : null);
    if (!p) return fn();
    void p.then(fn);
  }

  /** Resolves once everything queued so far is in the store. */
  async drain(): Promise<void> {
    this.flush();
    while (this.inFlight > 0) await this.chain;
  }

  private flush(): void {
    const batch = this.open;
    if (!batch) return;
    this.open = undefined;
    const run = this.enqueue(
      () => this.write(batch.rows),
      (err) => this.logger.error({ err, rows: batch.rows.length }, 'audit write failed'),
    );
    void run.then(batch.resolve);
    this.last = batch.done;
  }

  private enqueue(fn: () => Promise<void>, onError: (err: unknown) => void): Promise<boolean> {
    this.inFlight++;
    const run = this.chain.then(fn).then(
      () => true,
      (err: unknown) => {
        onError(err);
        return false;
      },
    );
    this.chain = run.then(() => {
      this.inFlight--;
    });
    return run;
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
