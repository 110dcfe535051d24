import type { CommandResponse } from '@switchboard/protocol';

interface Entry {
  /** The command as JSON: the same requestId with a different command is a client bug. */
  fingerprint: string;
  response: CommandResponse;
  at: number;
  /** Settles when the command (and this answer) is committed; rejects if it could not be. */
  done: Promise<void>;
}

export type Prior = { hit: CommandResponse; done: Promise<void> } | { mismatch: true };

/**
 * The latest command results of one session, by requestId: the fast path in
 * front of the store's command_results (which keeps every requestId for the
 * whole window, across sessions and restarts), and the only place a command
 * still being committed is known. Oldest entries go first.
 */
export class IdempotencyCache {
  private readonly entries = new Map<string, Entry>();

  // Retries come within seconds; 32 answers (~1.5 KB each) per agent bound memory at scale.
  constructor(private readonly capacity = 32) {}

  /** A result given at or after `notBefore` (older ones have expired). */
  lookup(requestId: string, fingerprint: string, notBefore: number): Prior | null {
    const e = this.entries.get(requestId);
    if (!e || e.at < notBefore) return null;
    if (e.fingerprint !== fingerprint) return { mismatch: true };
    return { hit: { ...e.response, applied: false }, done: e.done };
  }

  remember(requestId: string, fingerprint: string, response: CommandResponse, at: number, done: Promise<void>): void {
    done.catch(() => undefined); // the command's own caller reports the failure
    this.entries.set(requestId, { fingerprint, response, at, done });
    if (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
  }
}
