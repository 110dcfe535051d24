import type { CallRecord } from '@switchboard/core';
import type { IntervalRow } from '@switchboard/protocol';
import type { SessionSpan } from '@switchboard/store';

export const INTERVAL_MS = 15 * 60_000;

export interface IntervalInput {
  from: number;
  to: number;
  /** Now: a session still open counts as logged in up to here, not to the end of the range. */
  now: number;
  by: 'queue' | 'agent';
  serviceLevelSeconds: number;
  /** Calls created from a little before `from` (their handling may run into the range) to `to`. */
  calls: readonly CallRecord[];
  sessions: readonly SessionSpan[];
  /** Rows to produce and their names: the queues or agents in the user's scope. */
  keys: ReadonlyMap<string, string>;
  /** by=queue: the agents whose logged-in time counts for a queue (those working its campaign). */
  queueAgents?: ReadonlyMap<string, ReadonlySet<string>>;
}

interface Acc {
  offered: number;
  answered: number;
  abandoned: number;
  withinSl: number;
  handleSum: number;
  handled: number;
  busyMs: number;
  loggedMs: number;
}

const empty = (): Acc => ({ offered: 0, answered: 0, abandoned: 0, withinSl: 0, handleSum: 0, handled: 0, busyMs: 0, loggedMs: 0 });

/** Adds the part of [a, b) in each interval of [from, to) to `add(intervalStart, ms)`. */
function spread(a: number, b: number, from: number, to: number, add: (start: number, ms: number) => void): void {
  const lo = Math.max(a, from);
  const hi = Math.min(b, to);
  for (let t = from + Math.floor((lo - from) / INTERVAL_MS) * INTERVAL_MS; t < hi; t += INTERVAL_MS) {
    const ms = Math.min(hi, t + INTERVAL_MS) - Math.max(lo, t);
    if (ms > 0) add(t, ms);
  }
}

/**
 * Per queue or per agent, per 15 minutes from `from`:
 * - offered: calls that arrived (created) in the interval: per queue those that waited in it, per
 *   agent those that reached the agent (rung or dialled);
 * - answered: of those, answered by an agent; abandoned: of those, the caller hung up first;
 * - service level: answered within serviceLevelSeconds of waiting, over offered;
 * - average handle time: answer to wrap closed (talk and wrap), over the answered calls that arrived;
 * - occupancy: time handling calls over time logged in, both cut to the interval (per queue, the
 *   logged-in time of the agents working its campaign).
 * Only intervals with something to say (a call, or someone logged in) are returned.
 */
export function intervalReport(x: IntervalInput): IntervalRow[] {
  const acc = new Map<string, Acc>();
  const at = (key: string, start: number): Acc => {
    const k = `${start}|${key}`;
    let a = acc.get(k);
    if (!a) acc.set(k, (a = empty()));
    return a;
  };
  const slMs = x.serviceLevelSeconds * 1000;
  const keyOf = (c: CallRecord): string | null => {
    const k = x.by === 'queue' ? c.queueId : c.agentId;
    return k !== null && x.keys.has(k) ? k : null;
  };
  for (const c of x.calls) {
    const key = keyOf(c);
    if (key === null) continue;
    if (c.createdAt >= x.from && c.createdAt < x.to) {
      const a = at(key, x.from + Math.floor((c.createdAt - x.from) / INTERVAL_MS) * INTERVAL_MS);
      a.offered++;
      if (c.answeredAt !== null && c.agentId !== null) {
        a.answered++;
        if (c.timeInQueueMs === null || c.timeInQueueMs <= slMs) a.withinSl++;
        const end = c.closedAt ?? c.endedAt;
        if (end !== null) {
          a.handleSum += Math.max(0, end - c.answeredAt);
          a.handled++;
        }
      } else if (c.state === 'abandoned') a.abandoned++;
    }
    if (c.answeredAt !== null && c.agentId !== null) {
      const end = c.closedAt ?? c.endedAt;
      if (end !== null) spread(c.answeredAt, end, x.from, x.to, (s, ms) => (at(key, s).busyMs += ms));
    }
  }
  for (const s of x.sessions) {
    const end = s.end ?? Math.min(x.to, x.now);
    const keys = x.by === 'agent' ? (x.keys.has(s.agentId) ? [s.agentId] : []) : [...(x.queueAgents ?? new Map())].filter(([, agents]) => agents.has(s.agentId)).map(([q]) => q);
    for (const key of keys) {
      if (!x.keys.has(key)) continue;
      spread(s.start, end, x.from, x.to, (start, ms) => (at(key, start).loggedMs += ms));
    }
  }
  const rows: IntervalRow[] = [];
  for (const [k, a] of acc) {
    const sep = k.indexOf('|');
    const start = Number(k.slice(0, sep));
    const key = k.slice(sep + 1);
    rows.push({
      start: new Date(start).toISOString(),
      key,
      name: x.keys.get(key) ?? key,
      offered: a.offered,
      answered: a.answered,
      abandoned: a.abandoned,
      serviceLevel: a.offered ? round(a.withinSl / a.offered) : null,
      ahtSeconds: a.handled ? round(a.handleSum / a.handled / 1000) : null,
      occupancy: a.loggedMs > 0 ? round(Math.min(1, a.busyMs / a.loggedMs)) : null,
    });
  }
  return rows.sort((p, q) => p.start.localeCompare(q.start) || p.name.localeCompare(q.name));
}

const round = (n: number): number => Math.round(n * 1000) / 1000;
