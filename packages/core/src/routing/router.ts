import { TypedEmitter, silentLogger, type Clock, type Logger } from '@switchboard/shared';
import { RoutingError } from './errors';
import type { OfferFailCause, QueueEntryInput, QueueStats, RouterEvents, RoutingAgentUpdate, RoutingOffer, RoutingQueue } from './types';
import { arrivalOf, before, type AgentRec, type EntryRec, type HeapNode, type QueueRec } from './router-records';
import { QueueTable } from './queue-table';
import { ReadyLine } from './ready-line';

/** How long a missed or declined call stays away from that agent unless the queue says otherwise. */
export const DEFAULT_REOFFER_AFTER_MS = 20_000;

/**
 * The ACD, pure. It is told which agents are ready (from AgentSession views)
 * and which calls wait in which queue, and emits offers: the longest-idle ready
 * agent of the queue's campaign gets the best waiting call (highest priority,
 * then earliest arrival).
 *
 * Cost of one routing decision:
 * - a call arrives: the campaign's ready agents are kept in idle order
 *   (ReadyLine), so the head is the longest idle: O(1), O(agents in
 *   campaign) only when skills or earlier refusals make it look further;
 * - an agent becomes ready: per queue of their campaigns, a heap of entries
 *   gives the best call in O(log n) (dead entries of hung-up callers are
 *   skipped lazily); a scan only when skills do not fit the top.
 *
 * Paused, busy or ringing agents are not in the ready maps at all. A call
 * offered back (missed, declined) goes back with its original arrival number,
 * so it keeps its position, and the agent who let it go is skipped for it.
 */
export class Router extends TypedEmitter<RouterEvents> {
  private readonly clock: Clock;
  private readonly logger: Logger;
  private readonly queues = new QueueTable();
  private readonly line = new ReadyLine();
  private readonly agents = new Map<string, AgentRec>();
  private readonly entries = new Map<string, EntryRec>();
  private seq = 0;
  private reofferDefault = DEFAULT_REOFFER_AFTER_MS;

  constructor(opts: { clock: Clock; queues: ReadonlyArray<RoutingQueue>; logger?: Logger; reofferAfterMs?: number }) {
    super();
    this.clock = opts.clock;
    this.logger = opts.logger ?? silentLogger;
    this.onListenerError((err, event) => this.logger.error({ err, event }, 'router listener failed'));
    this.reofferDefault = opts.reofferAfterMs ?? DEFAULT_REOFFER_AFTER_MS;
    this.applyQueues(opts.queues);
  }

  /**
   * The workspace's queues (at start and on every reload). A new queue is
   * created; a queue whose campaign changed moves, and its waiting calls are
   * matched against the new campaign's ready agents; a removed queue takes no
   * new call but keeps routing the calls already in it until they leave.
   * Returns any offers the moves made.
   */
  applyQueues(queues: ReadonlyArray<RoutingQueue>): RoutingOffer[] {
    const offers: RoutingOffer[] = [];
    for (const rec of this.queues.apply(queues, this.reofferDefault)) {
      for (const e of rec.members) {
        e.campaignId = rec.campaignId;
        if (!e.node) continue; // ringing an agent: it finishes that offer first
        this.kill(e.node);
        offers.push(...this.placeEntry(e));
      }
    }
    return offers;
  }

  // ── agents ──

  /** Tell the router an agent's readiness, campaigns or skills changed; returns any offer it made. */
  updateAgent(u: RoutingAgentUpdate): RoutingOffer[] {
    if (!u || typeof u.agentId !== 'string' || !u.agentId) throw new RoutingError('VALIDATION_FAILED', 'An agent update needs an agentId');
    const now = this.clock.now();
    let rec = this.agents.get(u.agentId);
    if (!rec) {
      rec = {
        agentId: u.agentId,
        campaigns: new Set(),
        skills: new Set(),
        ready: false,
        transfersWhilePaused: false,
        idle: false,
        idleSince: now,
        reservedFor: null,
        listed: false,
        readyCount: 0,
      };
      this.agents.set(u.agentId, rec);
    }
    const wasListed = rec.listed;
    const campaigns = new Set(u.campaignIds ?? []);
    const sameCampaigns = campaigns.size === rec.campaigns.size && [...campaigns].every((c) => rec.campaigns.has(c));
    // The server reports on every session event: an agent already in line with
    // the same campaigns keeps their place in the line (no remove/add, no resort).
    if (wasListed && !(u.ready && sameCampaigns)) this.line.remove(rec);
    if (u.ready && !rec.ready) {
      rec.idleSince = u.idleSince ?? now;
      rec.readyCount++;
    }
    rec.ready = !!u.ready;
    rec.campaigns = campaigns;
    rec.skills = new Set(u.skills ?? []);
    rec.transfersWhilePaused = !!u.transfersWhilePaused;
    rec.idle = u.idle ?? rec.ready;
    if (!this.eligible(rec)) return [];
    if (!(wasListed && sameCampaigns)) this.line.add(rec);
    return this.matchAgent(rec);
  }

  /** The agent signed out. A call ringing them must be settled by the server (offerFailed). */
  removeAgent(agentId: string): void {
    const rec = this.agents.get(agentId);
    if (!rec) return;
    this.line.remove(rec);
    this.agents.delete(agentId);
  }

  /** Agents ready now for a campaign, longest idle first (for transfers and supervisors). */
  readyAgents(campaignId: string): string[] {
    return this.line.ids(campaignId);
  }

  /**
   * Who a call can be transferred to (manual 8, "Another Agent"): idle agents
   * who are Available, or paused with transfersWhilePaused; never one whose
   * phone is ringing. Optionally only those in `campaignId`. O(agents).
   */
  transferTargets(campaignId?: string, exceptAgentId?: string): string[] {
    const out: string[] = [];
    for (const a of this.agents.values()) {
      if (a.agentId === exceptAgentId || a.reservedFor !== null || !a.idle) continue;
      if (campaignId !== undefined && !a.campaigns.has(campaignId)) continue;
      if (a.ready || a.transfersWhilePaused) out.push(a.agentId);
    }
    return out;
  }

  // ── queue entries ──

  /** A call joins a queue; returns the offer if an agent is ready for it. */
  enqueue(input: QueueEntryInput): RoutingOffer[] {
    const q = this.queues.get(input?.queueId);
    if (!q || q.retired) throw new RoutingError('NOT_FOUND', `Unknown queue "${String(input?.queueId)}"`, { queueId: input?.queueId });
    if (!input.entryId || this.entries.has(input.entryId)) {
      throw new RoutingError('VALIDATION_FAILED', `Queue entry "${String(input.entryId)}" is missing or already queued`, { entryId: input.entryId });
    }
    const from = input.arrival;
    const now = this.clock.monotonic();
    const entry: EntryRec = {
      entryId: input.entryId,
      queueId: q.id,
      campaignId: q.campaignId,
      priority: Number.isFinite(input.priority) ? Number(input.priority) : from ? from.priority : 0,
      skills: [...(input.skills ?? [])],
      seq: from ? from.seq : ++this.seq,
      enteredAt: from ? from.enteredAt : now,
      offeredTo: null,
      passedBy: new Map(),
      node: null,
      queuedAt: now,
      timers: new Set(),
      overflowDue: false,
    };
    this.entries.set(entry.entryId, entry);
    q.members.add(entry);
    if (q.maxWaitMs !== null && input.maxWait !== false) this.after(entry, q.maxWaitMs, () => this.maxWaitReached(entry));
    this.emit('entered', { entryId: entry.entryId, queueId: q.id });
    return this.placeEntry(entry);
  }

  /** The agent answered: the entry leaves the router; the agent stays busy until the next update. */
  offerAccepted(entryId: string): { waitedMs: number; agentId: string } {
    const e = this.offered(entryId);
    const agentId = e.offeredTo!;
    // On a call now: whatever readiness was reported while it rang is stale.
    const a = this.agents.get(agentId);
    if (a) a.ready = a.idle = false;
    this.release(agentId, entryId);
    this.forget(e);
    const waitedMs = this.clock.monotonic() - e.enteredAt;
    this.emit('answered', { entryId, queueId: e.queueId, waitedMs });
    return { waitedMs, agentId };
  }

  /** The offer was not taken: the call goes back to its place and may go to another agent at once. */
  offerFailed(entryId: string, cause: OfferFailCause): RoutingOffer[] {
    const e = this.offered(entryId);
    const agentId = e.offeredTo!;
    this.logger.debug({ entryId, agentId, cause }, 'offer returned to queue');
    e.passedBy.set(agentId, this.agents.get(agentId)?.readyCount ?? 0);
    e.offeredTo = null;
    this.release(agentId, entryId);
    if (e.overflowDue) {
      this.overflow(e);
      return this.relist(agentId);
    }
    // Kept away from her for the queue's reoffer time only: a caller must not wait for ever
    // for someone else when she is the one who could answer.
    const reofferMs = this.queues.get(e.queueId)!.reofferAfterMs;
    this.after(e, reofferMs, () => this.reofferDue(e, agentId));
    // The call first (it has waited longest), then the agent, if reported ready meanwhile.
    return [...this.placeEntry(e), ...this.relist(agentId)];
  }

  /**
   * The caller hung up while waiting or while an agent's phone rang: the entry
   * goes, and a ringing agent gets 'offer-withdrawn'. Unknown ids return null.
   */
  remove(entryId: string): { waitedMs: number; offeredTo: string | null; offers: RoutingOffer[] } | null {
    const e = this.entries.get(entryId);
    if (!e) return null;
    this.forget(e);
    if (e.node) this.kill(e.node);
    const offeredTo = e.offeredTo;
    let offers: RoutingOffer[] = [];
    if (offeredTo) {
      this.release(offeredTo, entryId);
      // Withdrawn first (the server ends the ringing), then the agent may take another call.
      this.emit('offer-withdrawn', { entryId, agentId: offeredTo });
      offers = this.relist(offeredTo);
    }
    const waitedMs = this.clock.monotonic() - e.enteredAt;
    this.emit('removed', { entryId, queueId: e.queueId, waitedMs });
    return { waitedMs, offeredTo, offers };
  }

  /** Whether enqueue() would take a call for this queue now. */
  accepts(queueId: string): boolean {
    const q = this.queues.get(queueId);
    return !!q && !q.retired;
  }

  has(entryId: string): boolean {
    return this.entries.has(entryId);
  }

  stats(queueId: string): QueueStats {
    const q = this.queues.get(queueId);
    if (!q) throw new RoutingError('NOT_FOUND', `Unknown queue "${queueId}"`, { queueId });
    const now = this.clock.monotonic();
    let waiting = 0;
    let offered = 0;
    let oldest = now;
    for (const e of q.members) {
      if (e.offeredTo) offered++;
      else waiting++;
      if (!e.offeredTo && e.enteredAt < oldest) oldest = e.enteredAt;
    }
    return { queueId, waiting, longestWaitMs: now - oldest, offered };
  }

  // ── matching ──

  private forget(e: EntryRec): void {
    this.entries.delete(e.entryId);
    for (const t of e.timers) this.clock.clearTimeout(t);
    e.timers.clear();
    const q = this.queues.get(e.queueId);
    if (!q) return;
    q.members.delete(e);
    this.queues.dropIfDone(q);
  }

  /** A timer of an entry, cleared when the entry leaves the router. */
  private after(e: EntryRec, ms: number, fn: () => void): void {
    const h = this.clock.setTimeout(() => {
      e.timers.delete(h);
      if (this.entries.get(e.entryId) === e) fn();
    }, ms);
    e.timers.add(h);
  }

  /** The reoffer time after agentId let the call go is over: she may have it again, now if she is free. */
  private reofferDue(e: EntryRec, agentId: string): void {
    if (!e.passedBy.delete(agentId)) return;
    if (e.offeredTo || !e.node) return;
    const a = this.agents.get(agentId);
    if (!a?.listed || !this.eligible(a) || !this.fits(a, e)) return;
    this.kill(e.node);
    this.offer(e, a);
  }

  /** The queue's maximum wait: out of the router (the server runs the overflow action), unless it rings now. */
  private maxWaitReached(e: EntryRec): void {
    if (e.offeredTo) {
      e.overflowDue = true;
      return;
    }
    this.overflow(e);
  }

  private overflow(e: EntryRec): void {
    this.forget(e);
    if (e.node) this.kill(e.node);
    this.emit('overflow', { entryId: e.entryId, queueId: e.queueId, campaignId: e.campaignId, waitedMs: this.clock.monotonic() - e.enteredAt, arrival: arrivalOf(e) });
  }

  private eligible(a: AgentRec): boolean {
    return a.ready && a.reservedFor === null;
  }

  private fits(a: AgentRec, e: EntryRec): boolean {
    if (e.passedBy.has(a.agentId)) return false;
    for (const s of e.skills) if (!a.skills.has(s)) return false;
    return true;
  }

  /** A waiting entry: offer it to the longest-idle fitting agent, else put it in its heap. */
  private placeEntry(e: EntryRec): RoutingOffer[] {
    for (const a of this.line.agents(e.campaignId)) if (this.fits(a, e)) return [this.offer(e, a)];
    const node: HeapNode = { entry: e, dead: false };
    e.node = node;
    this.queues.get(e.queueId)!.heap.push(node);
    return [];
  }

  /** A newly ready agent: the best waiting entry across the queues of their campaigns. */
  private matchAgent(a: AgentRec): RoutingOffer[] {
    let best: HeapNode | null = null;
    for (const c of a.campaigns) {
      for (const q of this.queues.ofCampaign(c)) {
        const n = this.bestIn(q, a);
        if (n && (!best || before(n.entry, best.entry))) best = n;
      }
    }
    best ??= this.bestPassed(a);
    if (!best) return [];
    this.kill(best);
    return [this.offer(best.entry, a)];
  }

  /**
   * Nothing else for her: a call she let go, if she is back (ready again since)
   * and no one else free can take it. A scan, but only when she would otherwise idle.
   */
  private bestPassed(a: AgentRec): HeapNode | null {
    let best: HeapNode | null = null;
    for (const c of a.campaigns) {
      for (const q of this.queues.ofCampaign(c)) {
        for (const n of q.heap.values()) {
          const e = n.entry;
          const at = e.passedBy.get(a.agentId);
          if (n.dead || at === undefined || a.readyCount <= at || (best && !before(e, best.entry))) continue;
          if (!e.skills.every((s) => a.skills.has(s)) || this.someoneElseFor(e, a)) continue;
          best = n;
        }
      }
    }
    if (best) best.entry.passedBy.delete(a.agentId);
    return best;
  }

  private someoneElseFor(e: EntryRec, except: AgentRec): boolean {
    for (const o of this.line.agents(e.campaignId)) if (o !== except && this.fits(o, e)) return true;
    return false;
  }

  private bestIn(q: QueueRec, a: AgentRec): HeapNode | null {
    const heap = q.heap;
    while (heap.size > 0 && heap.peek()!.dead) {
      heap.pop();
      q.dead--;
    }
    const top = heap.peek();
    if (!top) return null;
    if (this.fits(a, top.entry)) return top;
    let best: HeapNode | null = null;
    for (const n of heap.values()) if (!n.dead && this.fits(a, n.entry) && (!best || before(n.entry, best.entry))) best = n;
    return best;
  }

  /** Takes a node out lazily; compacts the heap when dead nodes are most of it (scans stay short). */
  private kill(node: HeapNode): void {
    node.dead = true;
    node.entry.node = null;
    const q = this.queues.get(node.entry.queueId);
    if (!q) return; // a retired queue already forgotten with its last call
    q.dead++;
    if (q.dead > 32 && q.dead * 2 > q.heap.size) {
      q.heap.compact((n) => !n.dead);
      q.dead = 0;
    }
  }

  private offer(e: EntryRec, a: AgentRec): RoutingOffer {
    this.line.remove(a);
    a.reservedFor = e.entryId;
    a.ready = a.idle = false;
    e.offeredTo = a.agentId;
    const offer: RoutingOffer = { entryId: e.entryId, queueId: e.queueId, campaignId: e.campaignId, agentId: a.agentId, waitedMs: this.clock.monotonic() - e.enteredAt };
    this.emit('offer', offer);
    return offer;
  }

  private offered(entryId: string): EntryRec {
    const e = this.entries.get(entryId);
    if (!e) throw new RoutingError('NOT_FOUND', `No queued call "${entryId}"`, { entryId });
    if (!e.offeredTo) throw new RoutingError('ACTION_NOT_ALLOWED', `Call "${entryId}" is not being offered`, { entryId });
    return e;
  }

  /** Ends a reservation (relist() then puts a ready agent back in line). */
  private release(agentId: string, entryId: string): void {
    const a = this.agents.get(agentId);
    if (a?.reservedFor === entryId) a.reservedFor = null;
  }

  /**
   * An agent whose offer ended and who was reported ready while it rang
   * (e.g. declined, or the caller hung up) goes back in line and may be
   * offered the next call; otherwise they wait for updateAgent(ready).
   */
  private relist(agentId: string): RoutingOffer[] {
    const a = this.agents.get(agentId);
    if (!a || a.listed || !this.eligible(a)) return [];
    this.line.add(a);
    return this.matchAgent(a);
  }
}
