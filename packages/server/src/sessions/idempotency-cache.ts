import type { CommandResponse } from '@switchboard/protocol';

interface Entry {
  /** The command as JSON: the same requestId with a different command is a client bug. */
  fingerprint: string;
  response: CommandResponse;
}

/**
 * The last N command results of one session, by requestId. A retried request
 * (same id, same command) gets the stored response with applied:false; the
 * same id with a different command is refused. Oldest entries go first.
 */
export class IdempotencyCache {
  private readonly entries = new Map<string, Entry>();

  // Retries come within seconds; 32 answers (~1.5 KB each) per agent bound memory at scale.
  constructor(private readonly capacity = 32) {}

  lookup(requestId: string, fingerprint: string): { hit: CommandResponse } | { mismatch: true } | null {
    const e = this.entries.get(requestId);
    if (!e) return null;
    if (e.fingerprint !== fingerprint) return { mismatch: true };
    return { hit: { ...e.response, applied: false } };
  }

  remember(requestId: string, fingerprint: string, response: CommandResponse): void {
    this.entries.set(requestId, { fingerprint, response });
    if (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
  }
}
