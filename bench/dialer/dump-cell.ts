/**
 * A fingerprint of one Switchboard campaign (sha256 of its whole result, seed 20260105), to check that a
 * refactor moves no figure: run it before and after and compare the first field.
 *   node --import tsx bench/dialer/dump-cell.ts AGENTS TALK_SEC DAYS ['SPEC_JSON'] ['WORKLOAD_JSON']
 * Prints the fingerprint, occupancy, talk min per agent-hour, worst 24-hour and block abandon rates.
 */
import { createHash } from 'node:crypto';
import { runCampaign, DEFAULT_WORKLOAD, type PolicySpec } from '@switchboard/dialer-sim';
const [agents, talk, days, extra, patch] = process.argv.slice(2);
const spec = { kind: 'switchboard', ...(extra ? JSON.parse(extra) : {}) } as PolicySpec;
const workload = { ...DEFAULT_WORKLOAD, agents: +agents!, talkMeanSec: +talk!, ...(patch ? JSON.parse(patch) : {}) };
const r = runCampaign({ workload, policy: spec, days: +days!, seed: 20260105 });
const s = JSON.stringify(r);
console.log(createHash('sha256').update(s).digest('hex').slice(0, 16), r.occupancy, r.talkMinPerAgentHour, r.worst24hRate, r.blockRate);
