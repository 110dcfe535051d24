import type { FloorSample } from '@switchboard/protocol';

/** The charts' memory: one point per queue per sample, for `keepMs` (an hour), oldest dropped first. */
export class FloorHistory {
  private readonly byQueue = new Map<string, FloorSample[]>();

  constructor(private readonly keepMs: number) {}

  add(now: number, points: Record<string, FloorSample>): void {
    for (const [queueId, p] of Object.entries(points)) {
      let list = this.byQueue.get(queueId);
      if (!list) this.byQueue.set(queueId, (list = []));
      list.push(p);
    }
    const oldest = now - this.keepMs;
    for (const list of this.byQueue.values()) {
      let drop = 0;
      while (drop < list.length && list[drop]![0] < oldest) drop++;
      if (drop) list.splice(0, drop);
    }
  }

  forQueues(ids: ReadonlySet<string>): Record<string, FloorSample[]> {
    const out: Record<string, FloorSample[]> = {};
    for (const id of ids) out[id] = [...(this.byQueue.get(id) ?? [])];
    return out;
  }
}
