import type { AssistRequest, FloorSample, FloorServerMessage, FloorSnapshot } from '@switchboard/protocol';

type Changes = Extract<FloorServerMessage, { type: 'changes' }>;

const HOUR_MS = 3_600_000;
/** localeCompare builds a collator per call; one shared is much cheaper for sorting 1,000 names up to 20 times a second. */
const byName = new Intl.Collator();

/** The floor after a changes message: agents replaced or removed, queues and campaigns replaced by id. */
export function applyChanges(floor: FloorSnapshot, m: Changes): FloorSnapshot {
  const agents = new Map(floor.agents.map((a) => [a.agentId, a]));
  for (const id of m.gone) agents.delete(id);
  for (const a of m.agents) agents.set(a.agentId, a);
  const queues = new Map(m.queues.map((q) => [q.queueId, q]));
  const campaigns = new Map(m.campaigns.map((c) => [c.campaignId, c]));
  return {
    ...floor,
    at: m.at,
    agents: [...agents.values()].sort((a, b) => byName.compare(a.displayName, b.displayName)),
    queues: floor.queues.map((q) => queues.get(q.queueId) ?? q),
    campaigns: floor.campaigns.map((c) => campaigns.get(c.campaignId) ?? c),
  };
}

/** When each queue's figures were computed (server ms): the longest wait grows from there. */
export function queueTimes(prev: Record<string, number>, at: number, queueIds: Iterable<string>): Record<string, number> {
  const out = { ...prev };
  for (const id of queueIds) out[id] = at;
  return out;
}

/** The charts' points with the new samples added, none older than an hour. */
export function addSamples(history: Record<string, FloorSample[]>, at: number, points: Record<string, FloorSample>): Record<string, FloorSample[]> {
  const out: Record<string, FloorSample[]> = {};
  const oldest = at - HOUR_MS;
  for (const [id, list] of Object.entries(history)) out[id] = list.filter((p) => p[0] >= oldest);
  for (const [id, p] of Object.entries(points)) out[id] = [...(out[id] ?? []), p];
  return out;
}

const RANK = { high: 0, medium: 1, low: 2 } as const;

/** Inbox order (as the server's compareAssist; the page does not bundle zod): priority, then newest. */
export function compareAssist(a: AssistRequest, b: AssistRequest): number {
  return RANK[a.priority] - RANK[b.priority] || b.createdAt.localeCompare(a.createdAt) || a.id.localeCompare(b.id);
}

/** The inbox with a request added or replaced, in inbox order (priority, then newest). */
export function upsertAssist(list: AssistRequest[], r: AssistRequest): AssistRequest[] {
  return [...list.filter((x) => x.id !== r.id), r].sort(compareAssist);
}
