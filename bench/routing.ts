/**
 * ACD routing decision cost: how long the Router takes to decide who gets a
 * call, at contact-centre scale.
 *
 *   node --import tsx bench/routing.ts [--agents=1000] [--queued=500] [--campaigns=10] [--decisions=20000] [--skills]
 *
 * 1. call arrives, agents ready: every agent of the campaigns is ready; each
 *    decision is one enqueue() that offers the call to the longest-idle agent;
 *    the agent then answers and comes back ready (to the back of the line).
 * 2. agent becomes ready, calls waiting: `queued` calls wait across the
 *    campaigns' queues; each decision is one updateAgent(ready) that takes the
 *    best waiting call; a new call then joins (nobody else is ready).
 * 3. the same as 2 with a third of the calls needing a skill half the agents
 *    lack (--skills): the scan path.
 * Fake time (FakeClock) advances 1 ms per step; the figures are wall time per
 * decision (process.hrtime), p50/p99/max over `decisions`, after a warm-up.
 */
import { FakeClock } from '@switchboard/shared';
import { Router } from '@switchboard/core';

const arg = (name: string, dflt: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? dflt;
const AGENTS = Number(arg('agents', '1000'));
const QUEUED = Number(arg('queued', '500'));
const CAMPAIGNS = Number(arg('campaigns', '10'));
const DECISIONS = Number(arg('decisions', '20000'));
const WARMUP = 2000;

const campaignOf = (i: number) => `c${i % CAMPAIGNS}`;
const queues = Array.from({ length: CAMPAIGNS }, (_, i) => ({ id: `q${i}`, campaignId: `c${i}` }));
const agentCampaigns = (a: number) => (a % 5 === 0 ? [campaignOf(a), campaignOf(a + 1)] : [campaignOf(a)]);

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

function report(name: string, samples: number[]): void {
  const s = samples.slice(WARMUP).sort((a, b) => a - b);
  const us = (ns: number) => (ns / 1000).toFixed(2).padStart(8);
  console.log(`${name.padEnd(46)} p50 ${us(percentile(s, 50))} µs   p99 ${us(percentile(s, 99))} µs   max ${us(s.at(-1)!)} µs   (n=${s.length})`);
}

function time(fn: () => void): number {
  const t = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - t);
}

function callArrives(): number[] {
  const clock = new FakeClock();
  const r = new Router({ clock, queues });
  for (let a = 0; a < AGENTS; a++) {
    r.updateAgent({ agentId: `a${a}`, campaignIds: agentCampaigns(a), ready: true });
    clock.advance(1);
  }
  const samples: number[] = [];
  for (let n = 0; n < DECISIONS + WARMUP; n++) {
    const entryId = `e${n}`;
    let offered = '';
    samples.push(time(() => (offered = r.enqueue({ entryId, queueId: `q${n % CAMPAIGNS}` })[0]?.agentId ?? '')));
    if (!offered) throw new Error('no agent was offered the call');
    r.offerAccepted(entryId);
    clock.advance(1);
    const a = Number(offered.slice(1));
    r.updateAgent({ agentId: offered, campaignIds: agentCampaigns(a), ready: true });
  }
  return samples;
}

function agentReady(skills: boolean): number[] {
  const clock = new FakeClock();
  const r = new Router({ clock, queues });
  const skillsOf = (a: number) => (skills && a % 2 === 0 ? ['french'] : []);
  for (let a = 0; a < AGENTS; a++) r.updateAgent({ agentId: `a${a}`, campaignIds: agentCampaigns(a), ready: false, skills: skillsOf(a) });
  let seq = 0;
  const enqueue = () => {
    const n = seq++;
    r.enqueue({ entryId: `e${n}`, queueId: `q${n % CAMPAIGNS}`, priority: n % 7 === 0 ? 1 : 0, skills: skills && n % 3 === 0 ? ['french'] : [] });
    clock.advance(1);
  };
  for (let n = 0; n < QUEUED; n++) enqueue();
  const samples: number[] = [];
  for (let n = 0; n < DECISIONS + WARMUP; n++) {
    const a = n % AGENTS;
    let entry = '';
    samples.push(time(() => (entry = r.updateAgent({ agentId: `a${a}`, campaignIds: agentCampaigns(a), ready: true, skills: skillsOf(a) })[0]?.entryId ?? '')));
    if (entry) {
      r.offerAccepted(entry);
      enqueue();
    }
    r.updateAgent({ agentId: `a${a}`, campaignIds: agentCampaigns(a), ready: false, skills: skillsOf(a) });
    clock.advance(1);
  }
  return samples;
}

console.log(`routing decisions: ${AGENTS} agents, ${CAMPAIGNS} campaigns (1 in 5 agents in two), ${QUEUED} calls waiting, node ${process.version}`);
report('1. call arrives (enqueue → longest idle)', callArrives());
report('2. agent ready (updateAgent → best call)', agentReady(false));
report('3. agent ready, 1/3 calls need a skill', agentReady(true));
