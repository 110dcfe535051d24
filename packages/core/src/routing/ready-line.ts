import type { AgentRec } from './router-records';

/**
 * The Router's ready line: per campaign, the agents ready for a queued call in
 * idle order (longest idle first). Kept as insertion-ordered Maps (becoming
 * ready appends), so "who gets the next call" is the head of a Map, O(1),
 * not a sort per decision. Paused, busy or ringing agents are not in it.
 */
export class ReadyLine {
  private readonly byCampaign = new Map<string, Map<string, AgentRec>>();
  /** Latest idleSince appended per campaign; may be stale-high after removals. */
  private readonly maxIdle = new Map<string, number>();

  /** The campaign's ready agents, longest idle first. */
  agents(campaignId: string): Iterable<AgentRec> {
    return this.byCampaign.get(campaignId)?.values() ?? [];
  }

  ids(campaignId: string): string[] {
    return [...(this.byCampaign.get(campaignId)?.keys() ?? [])];
  }

  /** Puts the agent in the line of each of their campaigns. */
  add(a: AgentRec): void {
    a.listed = true;
    for (const c of a.campaigns) {
      let m = this.byCampaign.get(c);
      if (!m) this.byCampaign.set(c, (m = new Map()));
      m.set(a.agentId, a);
      // Appending keeps idle order as long as idleSince never goes back; when it
      // does (an explicit earlier idleSince), rebuild. maxIdle may be stale-high
      // after removals, which only costs an unneeded (correct) rebuild.
      const max = this.maxIdle.get(c) ?? -Infinity;
      if (a.idleSince >= max) this.maxIdle.set(c, a.idleSince);
      else this.resort(c, m);
    }
  }

  remove(a: AgentRec): void {
    if (!a.listed) return;
    a.listed = false;
    for (const c of a.campaigns) this.byCampaign.get(c)?.delete(a.agentId);
  }

  /** Rare: an agent restored with an earlier idleSince than the tail; rebuild in idle order. */
  private resort(campaignId: string, m: Map<string, AgentRec>): void {
    const sorted = [...m.values()].sort((x, y) => x.idleSince - y.idleSince);
    const fresh = new Map(sorted.map((r) => [r.agentId, r] as const));
    this.byCampaign.set(campaignId, fresh);
  }
}
