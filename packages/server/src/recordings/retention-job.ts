import { unlink } from 'node:fs/promises';
import type { Clock, Logger, TimerHandle } from '@switchboard/shared';
import type { RecordingsRepo } from '@switchboard/store';
import type { RetentionRun } from '@switchboard/protocol';
import { markersPathOf } from './markers-file';

const DAY_MS = 86_400_000;
/** How often the job runs by itself. */
export const RETENTION_EVERY_MS = 3_600_000;
const BATCH = 500;

export interface RetentionDeps {
  repo: RecordingsRepo;
  clock: Clock;
  logger: Logger;
  /** Days to keep, read at each run (the workspace file may change it on reload); null: keep. */
  retentionDays(): number | null;
  /** Where the WAV of a recording is (recordings are only ever deleted inside the recordings folder). */
  pathOf(interactionId: string, file: string): string;
}

/**
 * Deletes recordings (WAV and markers JSON) of calls created more than retentionDays ago, marks
 * them deleted in the call record (searches then skip them, opening one says it is gone), and
 * writes each deletion to the access log and the server log. Runs hourly on the injected clock,
 * and on demand (POST /api/v1/admin/recordings/retention); never two runs at once.
 */
export class RetentionJob {
  private timer: TimerHandle | undefined;
  private running: Promise<RetentionRun> | undefined;
  private stopped = false;

  constructor(private readonly d: RetentionDeps) {}

  start(): void {
    this.stopped = false;
    this.schedule(60_000);
  }

  stop(): void {
    this.stopped = true;
    this.d.clock.clearTimeout(this.timer);
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    this.timer = this.d.clock.setTimeout(() => {
      void this.run()
        .catch((err: unknown) => this.d.logger.error({ err }, 'recordings retention failed'))
        .finally(() => this.schedule(RETENTION_EVERY_MS));
    }, ms);
  }

  run(): Promise<RetentionRun> {
    this.running ??= this.sweep().finally(() => (this.running = undefined));
    return this.running;
  }

  private async sweep(): Promise<RetentionRun> {
    const days = this.d.retentionDays();
    if (days === null) return { retentionDays: null, cutoff: null, deleted: [] };
    const now = this.d.clock.now();
    const cutoff = now - days * DAY_MS;
    const deleted: string[] = [];
    for (;;) {
      const batch = await this.d.repo.olderThan(cutoff, BATCH);
      for (const r of batch) {
        const wav = this.d.pathOf(r.interactionId, r.file);
        for (const p of [wav, markersPathOf(wav)]) {
          await unlink(p).catch((err: NodeJS.ErrnoException) => {
            if (err.code !== 'ENOENT') throw err;
          });
        }
        await this.d.repo.markDeleted(r.interactionId, now);
        await this.d.repo.appendAccess({
          at: now,
          userId: 'system',
          role: 'system',
          interactionId: r.interactionId,
          action: 'deleted',
          detail: { file: wav, callCreatedAt: new Date(r.createdAt).toISOString(), retentionDays: days },
        });
        this.d.logger.info({ interactionId: r.interactionId, file: wav, retentionDays: days }, 'recording deleted (retention)');
        deleted.push(r.interactionId);
      }
      if (batch.length < BATCH) break;
    }
    if (deleted.length) this.d.logger.info({ deleted: deleted.length, retentionDays: days, cutoff: new Date(cutoff).toISOString() }, 'recordings retention run');
    return { retentionDays: days, cutoff: new Date(cutoff).toISOString(), deleted };
  }
}
