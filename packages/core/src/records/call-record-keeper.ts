import { silentLogger, type Clock, type Logger } from '@switchboard/shared';
import type { Interaction } from '../interaction/interaction';
import { callRecordFrom } from './call-record';
import type { CallRecordStore } from './call-record-store';

interface Tracked {
  interaction: Interaction;
  version: number;
  inFlight: Promise<void> | null;
  dirty: boolean;
  off: () => void;
}

/**
 * Saves an interaction's call record on every milestone (state changes, legs,
 * IVR data, notes, recording, markers, wrap). Saves of one interaction never
 * overlap: while one is in flight, later changes coalesce into one more save of
 * the latest view. A failed save is logged and retried with the next change
 * (and by flush()); it never throws into the call.
 */
export class CallRecordKeeper {
  private readonly tracked = new Map<string, Tracked>();
  private readonly logger: Logger;

  constructor(
    private readonly store: CallRecordStore,
    private readonly clock: Clock,
    logger?: Logger,
  ) {
    this.logger = logger ?? silentLogger;
  }

  /** Starts keeping the interaction's record (saves the first version at once). */
  track(interaction: Interaction): void {
    if (this.tracked.has(interaction.id)) return;
    const t: Tracked = { interaction, version: 0, inFlight: null, dirty: false, off: () => {} };
    t.off = interaction.on('event', (e) => {
      // Hold/resume is not a milestone a crash could lose anything by; the rest are.
      if (e.name === 'leg.changed' && e.detail.to !== 'ended') return;
      this.schedule(t);
    });
    this.tracked.set(interaction.id, t);
    this.schedule(t);
  }

  /**
   * Waits until every tracked record is saved as it stands now (shutdown,
   * tests), retrying failed saves up to `rounds` times; false if some still fail.
   */
  async flush(rounds = 5): Promise<boolean> {
    for (let i = 0; i < rounds; i++) {
      const busy = [...this.tracked.values()].filter((t) => t.inFlight || t.dirty);
      if (busy.length === 0) return true;
      for (const t of busy) if (!t.inFlight) this.schedule(t);
      await Promise.all(busy.map((t) => t.inFlight));
    }
    return ![...this.tracked.values()].some((t) => t.inFlight || t.dirty);
  }

  /**
   * Resolves once the interaction's record is saved as it stands now (a command
   * that changed it is acknowledged only then); false if the save still fails
   * after `rounds` tries (logged). An untracked interaction is saved already.
   */
  async saved(interactionId: string, rounds = 3): Promise<boolean> {
    const t = this.tracked.get(interactionId);
    if (!t) return true;
    for (let i = 0; i < rounds; i++) {
      if (!t.inFlight && !t.dirty) return true;
      if (!t.inFlight) this.schedule(t);
      await t.inFlight;
    }
    return !t.inFlight && !t.dirty;
  }

  get size(): number {
    return this.tracked.size;
  }

  private schedule(t: Tracked): void {
    if (t.inFlight) {
      t.dirty = true;
      return;
    }
    t.dirty = false;
    const record = callRecordFrom(t.interaction.view(), ++t.version, this.clock.now());
    t.inFlight = this.store.save(record).then(
      () => {
        t.inFlight = null;
        if (t.dirty) this.schedule(t);
        else if (record.final) this.untrack(t);
      },
      (err: unknown) => {
        t.inFlight = null;
        t.dirty = true;
        this.logger.error({ err, interactionId: record.interactionId, version: record.version }, 'saving the call record failed');
      },
    );
  }

  private untrack(t: Tracked): void {
    t.off();
    this.tracked.delete(t.interaction.id);
  }
}
