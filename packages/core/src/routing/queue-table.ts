import { BinaryHeap } from './binary-heap';
import type { RoutingQueue } from './types';
import { before, type HeapNode, type QueueRec } from './router-records';

/**
 * The Router's queues, by id and by campaign, through workspace reloads. A
 * reload creates new queues, moves a queue whose campaign changed, and
 * retires a removed one: it takes no new call but stays until its last call
 * leaves (dropIfDone). Matching the calls of moved queues is the Router's job.
 */
export class QueueTable {
  private readonly byId = new Map<string, QueueRec>();
  private readonly byCampaign = new Map<string, QueueRec[]>();

  get(queueId: string): QueueRec | undefined {
    return this.byId.get(queueId);
  }

  /** The campaign's queues (retired ones with calls left included). */
  ofCampaign(campaignId: string): readonly QueueRec[] {
    return this.byCampaign.get(campaignId) ?? [];
  }

  /** Applies the workspace's queues; returns those whose campaign changed (their waiting calls need matching again). */
  apply(queues: ReadonlyArray<RoutingQueue>, reofferDefault: number): QueueRec[] {
    const wanted = new Map(queues.map((q) => [q.id, q] as const));
    const moved: QueueRec[] = [];
    for (const [id, q] of wanted) {
      const campaignId = q.campaignId;
      // Waiting limits apply to calls that join from now on (a waiting call keeps its timers).
      const maxWaitMs = q.maxWaitMs && q.maxWaitMs > 0 ? q.maxWaitMs : null;
      const reofferAfterMs = Math.max(0, q.reofferAfterMs ?? reofferDefault);
      let rec = this.byId.get(id);
      if (!rec) {
        rec = { id, campaignId, heap: new BinaryHeap<HeapNode>((a, b) => before(a.entry, b.entry)), dead: 0, members: new Set(), maxWaitMs, reofferAfterMs, retired: false };
        this.byId.set(id, rec);
        this.campaignList(campaignId).push(rec);
        continue;
      }
      rec.retired = false;
      rec.maxWaitMs = maxWaitMs;
      rec.reofferAfterMs = reofferAfterMs;
      if (rec.campaignId === campaignId) continue;
      this.dropFromCampaign(rec);
      rec.campaignId = campaignId;
      this.campaignList(campaignId).push(rec);
      moved.push(rec);
    }
    for (const rec of [...this.byId.values()]) {
      if (wanted.has(rec.id)) continue;
      rec.retired = true;
      this.dropIfDone(rec);
    }
    return moved;
  }

  /** A retired queue with no call left is forgotten. */
  dropIfDone(rec: QueueRec): void {
    if (!rec.retired || rec.members.size > 0) return;
    this.byId.delete(rec.id);
    this.dropFromCampaign(rec);
  }

  private campaignList(campaignId: string): QueueRec[] {
    let list = this.byCampaign.get(campaignId);
    if (!list) this.byCampaign.set(campaignId, (list = []));
    return list;
  }

  private dropFromCampaign(rec: QueueRec): void {
    const list = this.byCampaign.get(rec.campaignId)?.filter((q) => q !== rec) ?? [];
    if (list.length) this.byCampaign.set(rec.campaignId, list);
    else this.byCampaign.delete(rec.campaignId);
  }
}
