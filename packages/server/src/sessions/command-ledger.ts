import { isSessionCommand, type CallCommand, type CommandRequest, type CommandResponse } from '@switchboard/protocol';
import type { Store } from '@switchboard/store';
import type { Clock } from '@switchboard/shared';
import { apiError } from '../http/api-error';
import type { AuditWriter } from './audit-writer';
import type { IdempotencyCache, Prior } from './idempotency-cache';

/** Expired requestIds are deleted at most this often. */
const PURGE_EVERY_MS = 3_600_000;

export interface CommandLedgerDeps {
  store: Store;
  clock: Clock;
  writer: AuditWriter;
  /** How long a requestId is remembered. */
  requestIdTtlMs: number;
  /** Resolves once what a call command changed in a call record is saved (false: the save failed); undefined when nothing to wait for. */
  callCommitted: (agentId: string, command: CallCommand) => Promise<boolean> | undefined;
}

/**
 * Commands applied once per requestId, across the agent's sessions and server restarts: a retry
 * gets the first answer (applied:false) once that answer is committed, and the same requestId
 * with a different command is refused. Kept apart from the SessionHub, which owns the sessions
 * and their sockets; this owns the answers (the session's IdempotencyCache first, the store's
 * command_results behind it) and what must be saved before a command is acknowledged.
 */
export class CommandLedger {
  private lastPurge = Number.NEGATIVE_INFINITY;

  constructor(private readonly deps: CommandLedgerDeps) {}

  /** Runs `apply` unless the requestId was seen; resolves with the answer once it is committed. */
  async once(agentId: string, cache: IdempotencyCache, req: CommandRequest, apply: () => CommandResponse): Promise<CommandResponse> {
    const fingerprint = JSON.stringify(req.command);
    const notBefore = this.deps.clock.now() - this.deps.requestIdTtlMs;
    // This session's recent answers, else the store's (other sessions, before a restart); then this
    // session's again, in case the same request was applied while the store was being asked.
    const prior =
      cache.lookup(req.requestId, fingerprint, notBefore) ??
      (await this.storedResult(agentId, req.requestId, fingerprint, notBefore)) ??
      cache.lookup(req.requestId, fingerprint, notBefore);
    if (prior && 'mismatch' in prior) {
      throw apiError('DUPLICATE_REQUEST_MISMATCH', `requestId ${req.requestId} was already used for a different command`);
    }
    if (prior) {
      await prior.done;
      return prior.hit;
    }
    // apply() is synchronous, so nothing can interleave between applying and remembering.
    const res = apply();
    const at = this.deps.clock.now();
    const done = this.commit(agentId, req, fingerprint, res, at);
    cache.remember(req.requestId, fingerprint, res, at, done);
    await done;
    return res;
  }

  private async storedResult(agentId: string, requestId: string, fingerprint: string, notBefore: number): Promise<Prior | null> {
    const now = this.deps.clock.now();
    if (now - this.lastPurge >= PURGE_EVERY_MS) {
      this.lastPurge = now;
      this.deps.writer.enqueueWrite('expired request ids', async () => {
        await this.deps.store.commands.purgeBefore(notBefore);
      });
    }
    const s = await this.deps.store.commands.find(agentId, requestId, notBefore);
    if (!s) return null;
    if (s.fingerprint !== fingerprint) return { mismatch: true };
    return { hit: { ...(s.response as CommandResponse), applied: false }, done: Promise.resolve() };
  }

  /**
   * Acknowledge only what is committed: the command's audit rows with its result (one
   * transaction), and the call record it changed. The result is queued synchronously.
   */
  private async commit(agentId: string, req: CommandRequest, fingerprint: string, response: CommandResponse, at: number): Promise<void> {
    const audit = this.deps.writer.appendResult({ agentId, requestId: req.requestId, fingerprint, response, at });
    const call = isSessionCommand(req.command) ? undefined : this.deps.callCommitted(agentId, req.command);
    const [auditOk, recordOk] = await Promise.all([audit, call ?? true]);
    if (!auditOk || !recordOk) throw apiError('NOT_READY', 'The change was made but could not be saved: the store is not answering');
  }
}
