import { interruptedRecord, type CallRecord } from './call-record';

/**
 * The store port for call records (implemented by @switchboard/store on SQLite
 * and PostgreSQL; MemoryCallRecordStore here for tests). Nothing is lost: the
 * keeper saves on every milestone, and startup closes what a crash left open.
 */
export interface CallRecordStore {
  /**
   * Insert or update by interactionId. Must be idempotent and ignore a record
   * whose `version` is not above the stored one (saves may be retried).
   */
  save(record: CallRecord): Promise<void>;
  get(interactionId: string): Promise<CallRecord | null>;
  /**
   * At startup, before taking calls: every record with final=false becomes
   * interruptedRecord(record, at) (see call-record.ts). Returns how many.
   */
  closeInterrupted(at: number): Promise<number>;
}

/** A reference implementation kept in memory; the store's implementations must behave the same. */
export class MemoryCallRecordStore implements CallRecordStore {
  private readonly rows = new Map<string, CallRecord>();

  async save(record: CallRecord): Promise<void> {
    const old = this.rows.get(record.interactionId);
    if (old && old.version >= record.version) return;
    this.rows.set(record.interactionId, structuredClone(record));
  }

  async get(interactionId: string): Promise<CallRecord | null> {
    const r = this.rows.get(interactionId);
    return r ? structuredClone(r) : null;
  }

  async closeInterrupted(at: number): Promise<number> {
    let n = 0;
    for (const [id, r] of this.rows) {
      if (r.final) continue;
      this.rows.set(id, interruptedRecord(r, at));
      n++;
    }
    return n;
  }

  /** All rows, oldest first (tests). */
  all(): CallRecord[] {
    return [...this.rows.values()].sort((a, b) => a.createdAt - b.createdAt).map((r) => structuredClone(r));
  }
}
