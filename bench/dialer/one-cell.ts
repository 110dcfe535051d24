/**
 * One campaign of one cell, for pacing experiments (the full grid is `npm run bench:dialer`).
 *   [SEEDS=s1,s2,...] node --import tsx bench/dialer/one-cell.ts AGENTS TALK_SEC DAYS KIND ['SPEC_JSON'] ['WORKLOAD_JSON']
 * e.g. node --import tsx bench/dialer/one-cell.ts 20 120 10 switchboard '{"pacing":{"machineWeight":0.5}}'
 *      node --import tsx bench/dialer/one-cell.ts 20 120 30 switchboard '{}' '{"liveStart":0.3,"liveEnd":0.15}'
 *      node --import tsx bench/dialer/one-cell.ts 20 120 10 vicidial '{"mode":"TAPERED","maximumLevel":1.4}'
 *      node --import tsx bench/dialer/one-cell.ts 20 120 30 switchboard '{"ringLimitMs":17000}'   (a ring limit for any policy)
 *      node --import tsx bench/dialer/one-cell.ts 20 120 30 switchboard '{"pacing":{"ringOut":false}}'   (Switchboard without its own ring-out)
 *      SEEDS=20260105,20260106,20260107 node --import tsx bench/dialer/one-cell.ts 20 120 30 switchboard '{"confidenceZ":0}'
 * SPEC_JSON is merged into the PolicySpec ({kind: KIND, ...}); WORKLOAD_JSON into the default workload.
 * Same seeds and random streams as the benchmark (default seed 20260105). Prints, per seed, occupancy, talk
 * min per agent-hour, the worst trailing 24-hour abandon rate, the campaign's (block) rate and the share of
 * 24-hour windows over 3%. Run it with `nice`: it takes one core for a few seconds to a minute per seed.
 */
import { runCampaign, DEFAULT_WORKLOAD, type PolicySpec } from '@switchboard/dialer-sim';

const [agents, talk, days, kind, extra, patch] = process.argv.slice(2);
if (!agents || !talk) {
  console.error('usage: [SEEDS=s1,s2] one-cell.ts AGENTS TALK_SEC [DAYS] [KIND] [SPEC_JSON] [WORKLOAD_JSON]');
  process.exit(2);
}
const spec = { kind: kind ?? 'switchboard', ...(extra ? JSON.parse(extra) : {}) } as PolicySpec;
const workload = { ...DEFAULT_WORKLOAD, agents: +agents, talkMeanSec: +talk, ...(patch ? JSON.parse(patch) : {}) };
const pct = (x: number): string => (x * 100).toFixed(2);
for (const seed of (process.env.SEEDS ?? '20260105').split(',').map(Number)) {
  const t0 = Date.now();
  const r = runCampaign({ workload, policy: spec, days: +(days ?? 5), seed });
  console.log(
    `${agents}x${talk} ${kind ?? 'switchboard'} ${extra ?? ''} ${patch ?? ''} seed ${seed} occ ${pct(r.occupancy)} talk ${r.talkMinPerAgentHour.toFixed(2)} ` +
      `worst24 ${pct(r.worst24hRate)} block ${pct(r.blockRate)} over ${pct(r.share24hOver)}% ${((Date.now() - t0) / 1000).toFixed(1)}s`,
  );
}
