import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { FakeClock } from '@switchboard/shared';
import { Router, type RoutingOffer } from '../../src/index';

/**
 * The Router against a naive model that sorts everything on every decision:
 * random sequences of agent updates, arrivals, answers, misses and hang-ups
 * must produce the same offers, in the same order.
 */
const QUEUES = [
  { id: 'q0', campaignId: 'c0' },
  { id: 'q1', campaignId: 'c1' },
  { id: 'q2', campaignId: 'c1' },
];
const AGENT_CAMPAIGNS = [['c0'], ['c1'], ['c0', 'c1'], ['c1'], ['c0']];

type Op =
  | { k: 'agent'; a: number; ready: boolean; campaigns: number; skill: boolean }
  | { k: 'enqueue'; q: number; priority: number; skill: boolean }
  | { k: 'accept'; pick: number }
  | { k: 'fail'; pick: number }
  | { k: 'remove'; pick: number }
  | { k: 'tick'; ms: number };

// Weighted so that agents are often ready and calls often wait: most steps make a decision.
const opArb: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.record({
      k: fc.constant('agent' as const),
      a: fc.nat(4),
      ready: fc.nat(3).map((n) => n > 0),
      campaigns: fc.nat(AGENT_CAMPAIGNS.length - 1),
      skill: fc.boolean(),
    }),
  },
  { weight: 5, arbitrary: fc.record({ k: fc.constant('enqueue' as const), q: fc.nat(2), priority: fc.nat(2), skill: fc.boolean() }) },
  { weight: 2, arbitrary: fc.record({ k: fc.constant('accept' as const), pick: fc.nat(50) }) },
  { weight: 2, arbitrary: fc.record({ k: fc.constant('fail' as const), pick: fc.nat(50) }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('remove' as const), pick: fc.nat(50) }) },
  { weight: 2, arbitrary: fc.record({ k: fc.constant('tick' as const), ms: fc.integer({ min: 0, max: 3 }) }) },
);

interface MAgent {
  id: string;
  campaigns: string[];
  skills: string[];
  ready: boolean;
  idleSince: number;
  listSeq: number;
  reserved: string | null;
  readyCount: number;
}
interface MEntry {
  id: string;
  queueId: string;
  campaignId: string;
  priority: number;
  skills: string[];
  seq: number;
  enteredAt: number;
  offeredTo: string | null;
  passedBy: Map<string, number>;
}

class Model {
  agents = new Map<string, MAgent>();
  entries = new Map<string, MEntry>();
  seq = 0;
  listSeq = 0;
  constructor(private readonly clock: FakeClock) {}
  eligible = (a: MAgent) => a.ready && a.reserved === null;
  fits = (a: MAgent, e: MEntry) => !e.passedBy.has(a.id) && e.skills.every((s) => a.skills.includes(s));
  better = (x: MEntry, y: MEntry) => x.priority > y.priority || (x.priority === y.priority && x.seq < y.seq);
  offer(e: MEntry, a: MAgent): RoutingOffer {
    a.reserved = e.id;
    a.ready = false;
    e.offeredTo = a.id;
    return { entryId: e.id, queueId: e.queueId, campaignId: e.campaignId, agentId: a.id, waitedMs: this.clock.now() - e.enteredAt };
  }
  place(e: MEntry): RoutingOffer[] {
    const cands = [...this.agents.values()]
      .filter((a) => this.eligible(a) && a.campaigns.includes(e.campaignId) && this.fits(a, e))
      .sort((x, y) => x.idleSince - y.idleSince || x.listSeq - y.listSeq);
    return cands[0] ? [this.offer(e, cands[0])] : [];
  }
  updateAgent(id: string, ready: boolean, campaigns: string[], skills: string[]): RoutingOffer[] {
    let a = this.agents.get(id);
    if (!a) this.agents.set(id, (a = { id, campaigns: [], skills: [], ready: false, idleSince: this.clock.now(), listSeq: 0, reserved: null, readyCount: 0 }));
    const wasListed = this.eligible(a);
    const same = campaigns.length === a.campaigns.length && campaigns.every((c) => a!.campaigns.includes(c));
    if (ready && !a.ready) {
      a.idleSince = this.clock.now();
      a.readyCount++;
    }
    a.ready = ready;
    a.campaigns = campaigns;
    a.skills = skills;
    if (!this.eligible(a)) return [];
    if (!(wasListed && same)) a.listSeq = ++this.listSeq;
    return this.bestFor(a);
  }
  /** The offer of `e` ended without an answer (fail or remove): the agent is free; back in line if ready. */
  release(a: MAgent): RoutingOffer[] {
    a.reserved = null;
    if (!this.eligible(a)) return [];
    a.listSeq = ++this.listSeq;
    return this.bestFor(a);
  }
  bestFor(a: MAgent): RoutingOffer[] {
    let best: MEntry | null = null;
    for (const e of this.entries.values()) {
      if (e.offeredTo || !a.campaigns.includes(e.campaignId) || !this.fits(a, e)) continue;
      if (!best || this.better(e, best)) best = e;
    }
    // Issue 14.1: nothing else for her: a call she let go, if she is back and no one else free fits it.
    if (!best) {
      for (const e of this.entries.values()) {
        const at = e.passedBy.get(a.id);
        if (e.offeredTo || !a.campaigns.includes(e.campaignId) || at === undefined || a.readyCount <= at) continue;
        if (!e.skills.every((s) => a.skills.includes(s))) continue;
        const other = [...this.agents.values()].some((o) => o !== a && this.eligible(o) && o.campaigns.includes(e.campaignId) && this.fits(o, e));
        if (!other && (!best || this.better(e, best))) best = e;
      }
      best?.passedBy.delete(a.id);
    }
    return best ? [this.offer(best, a)] : [];
  }
}

test('Router matches a naive sorted model on random operation sequences', () => {
  fc.assert(
    fc.property(fc.array(opArb, { minLength: 20, maxLength: 150 }), (ops) => {
      const clock = new FakeClock();
      const router = new Router({ clock, queues: QUEUES });
      const model = new Model(clock);
      let n = 0;
      for (const op of ops) {
        let got: RoutingOffer[] = [];
        let want: RoutingOffer[] = [];
        const offered = [...model.entries.values()].filter((e) => e.offeredTo);
        switch (op.k) {
          case 'agent': {
            const campaigns = AGENT_CAMPAIGNS[op.campaigns]!;
            const skills = op.skill ? ['fr'] : [];
            got = router.updateAgent({ agentId: `a${op.a}`, campaignIds: campaigns, ready: op.ready, skills });
            want = model.updateAgent(`a${op.a}`, op.ready, campaigns, skills);
            break;
          }
          case 'enqueue': {
            const q = QUEUES[op.q]!;
            const id = `e${n++}`;
            const skills = op.skill ? ['fr'] : [];
            got = router.enqueue({ entryId: id, queueId: q.id, priority: op.priority, skills });
            const e: MEntry = {
              id,
              queueId: q.id,
              campaignId: q.campaignId,
              priority: op.priority,
              skills,
              seq: ++model.seq,
              enteredAt: clock.now(),
              offeredTo: null,
              passedBy: new Map(),
            };
            model.entries.set(id, e);
            want = model.place(e);
            break;
          }
          case 'accept':
          case 'fail': {
            const e = offered[op.pick % Math.max(1, offered.length)];
            if (!e) continue;
            const a = model.agents.get(e.offeredTo!)!;
            if (op.k === 'accept') {
              assert.equal(router.offerAccepted(e.id).agentId, a.id);
              a.reserved = null;
              a.ready = false;
              model.entries.delete(e.id);
            } else {
              got = router.offerFailed(e.id, 'missed');
              e.passedBy.set(a.id, a.readyCount);
              e.offeredTo = null;
              a.reserved = null;
              want = model.place(e);
              a.reserved = e.id; // released only after the call is placed
              want = [...want, ...model.release(a)];
            }
            break;
          }
          case 'remove': {
            const all = [...model.entries.values()];
            const e = all[op.pick % Math.max(1, all.length)];
            if (!e) continue;
            const r = router.remove(e.id);
            assert.equal(r?.offeredTo ?? null, e.offeredTo);
            got = r?.offers ?? [];
            model.entries.delete(e.id);
            if (e.offeredTo) want = model.release(model.agents.get(e.offeredTo)!);
            break;
          }
          case 'tick':
            clock.advance(op.ms);
            break;
        }
        assert.deepEqual(got, want, `after ${JSON.stringify(op)}`);
      }
      // Same queue picture at the end.
      for (const q of QUEUES) {
        const waiting = [...model.entries.values()].filter((e) => e.queueId === q.id && !e.offeredTo).length;
        assert.equal(router.stats(q.id).waiting, waiting);
      }
    }),
    { numRuns: 400 },
  );
});
