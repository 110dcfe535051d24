import type { Logger } from '@switchboard/shared';
import type { AuditInput, CommandResultInput, Store } from '@switchboard/store';

interface Batch {
  rows: AuditInput[];
  results: CommandResultInput[];
  /** true once the batch is committed, false if its write failed (logged). */
  done: Promise<boolean>;
  resolve(ok: boolean): void;
}

/**
 * Writes audit rows, and the results of the commands that caused them
 * (idempotency), by group commit: every row appended in one turn of the event
 * loop goes into one transaction, written at the end of that turn, not after
 * a fixed window. A command is acknowledged, and
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
    const batch = this.batch();
    batch.rows.push(row);
    if (batch.rows.length + batch.results.length >= this.maxBatch) this.flush();
    return batch.done;
  }

  /** Queues a command's result, committed with the audit rows queued so far. */
  appendResult(result: CommandResultInput): Promise<boolean> {
    const batch = this.batch();
    batch.results.push(result);
    if (batch.rows.length + batch.results.length >= this.maxBatch) this.flush();
    return batch.done;
  }

  private batch(): Batch {
    if (!this.open) {
      let resolve!: (ok: boolean) => void;
      const done = new Promise<boolean>((r) => (resolve = r));
      this.open = { rows: [], results: [], done, resolve };
      setImmediate(() => this.flush());
    }
    return this.open;
  }

  /** Another write that must land after the rows queued so far. */
  enqueueWrite(what: string, fn: () => Promise<void>): void {
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
      () => this.write(batch),
      (err) => this.logger.error({ err, rows: batch.rows.length, results: batch.results.length }, 'audit write failed'),
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

  private async write(batch: Batch): Promise<void> {
    if (batch.rows.length === 1 && batch.results.length === 0) return this.store.audit.appendAudit(batch.rows[0]!);
    await this.store.commands.commit(batch.rows, batch.results);
  }
}
