import { DEFAULT_WORKLOAD, type CampaignResult, type PolicySpec, type Workload } from '@switchboard/dialer-sim';

/**
 * A knob tuned in hindsight: bisected on a few days so a rate lands on a target, then run on the
 * whole campaign and refined there. Which run is kept: `closest` (the old tuned-to-3% rows) or
 * `best-under` (the most talk among whole-campaign runs at or under the target; the agent-oracle
 * reference and VICIdial at its best).
 */
export interface Tuning {
  field: 'ratio' | 'droppedPercentage' | 'threshold' | 'loss' | 'cap' | 'maximumLevel';
  lo: number;
  hi: number;
  increasing: boolean;
  iterations: number;
  target?: number;
  metric?: 'block' | 'worst24h';
  finalDays?: number;
  refine?: number;
  refineFactor?: number;
  pick?: 'closest' | 'best-under';
}

/** What a row stands for in the report (its seeds are aggregated by this key). */
export type Role = 'base' | 'oracle' | 'vici-best' | 'hindsight';

export interface Task {
  id: number;
  cell: string;
  workload: Workload;
  spec: PolicySpec;
  days: number;
  seed: number;
  role: Role;
  /** VICIdial at its best: which family of settings this search covers. */
  family?: string;
  tuning?: Tuning;
  cost: number;
}

export interface TaskResult {
  id: number;
  result: CampaignResult;
  spec: PolicySpec;
  tunedValue?: number;
  ms: number;
}

export const AGENTS = [5, 10, 20, 50, 100];
export const TALKS = [60, 120, 300];
export const WRAP_SWEEP = [0, 30, 60];

export const GRID_POLICIES: PolicySpec[] = [
  { kind: 'progressive' },
  { kind: 'fixed', ratio: 2.5 },
  { kind: 'vicidial', mode: 'HARD_LIMIT' },
  { kind: 'vicidial', mode: 'AVERAGE' },
  { kind: 'vicidial', mode: 'TAPERED' },
  { kind: 'issabel' },
  { kind: 'switchboard' },
  { kind: 'clairvoyant' },
];

/** With --full-grid: the rest of dialer.md's list (fixed 1.5 and 2.0, Erlang-B blind dialling). */
export const EXTRA_GRID_POLICIES: PolicySpec[] = [{ kind: 'fixed', ratio: 1.5 }, { kind: 'fixed', ratio: 2.0 }, { kind: 'erlang' }];

/**
 * The agent-oracle reference (dialer-foresight): Switchboard's pacing told when each busy agent
 * frees, knowing nothing of call outcomes, with no confidence margin, its cap tuned in hindsight
 * so its worst 24-hour window lands at or under 3% (the most talk among whole-campaign runs there).
 */
export const ORACLE: { spec: PolicySpec; tuning: Omit<Tuning, 'iterations' | 'finalDays' | 'refine'> } = {
  spec: { kind: 'switchboard', foresight: true, confidenceZ: 0, cap: 0.03 },
  tuning: { field: 'cap', lo: 0.012, hi: 0.06, increasing: true, metric: 'worst24h', target: 0.03, refineFactor: 1.25, pick: 'best-under' },
};

/**
 * VICIdial at its best: searched in hindsight over mode, maximum dial level and drop target, each
 * family a bisection of one knob with the others fixed; the report keeps, per seed, the most talk
 * among every family's whole-campaign runs whose worst 24-hour window is at or under Switchboard's.
 * With the drop target at 100% the drop rules never fire and the three modes are one policy, paced
 * by its maximum level alone.
 */
export const VICI_FAMILIES: Array<{ family: string; spec: PolicySpec; tuning: Omit<Tuning, 'iterations' | 'finalDays' | 'refine' | 'target'> }> = [
  {
    family: 'any mode, drop target off (100%), max level tuned',
    spec: { kind: 'vicidial', mode: 'HARD_LIMIT', droppedPercentage: 100, maximumLevel: 3 },
    tuning: { field: 'maximumLevel', lo: 1, hi: 6, increasing: true, metric: 'worst24h', refineFactor: 1.15, pick: 'best-under' },
  },
  {
    family: 'HARD_LIMIT, max level 3, drop target tuned',
    spec: { kind: 'vicidial', mode: 'HARD_LIMIT', droppedPercentage: 3 },
    tuning: { field: 'droppedPercentage', lo: 0.3, hi: 30, increasing: true, metric: 'worst24h', refineFactor: 1.6, pick: 'best-under' },
  },
  {
    family: 'HARD_LIMIT, max level 6, drop target tuned',
    spec: { kind: 'vicidial', mode: 'HARD_LIMIT', droppedPercentage: 3, maximumLevel: 6 },
    tuning: { field: 'droppedPercentage', lo: 0.3, hi: 30, increasing: true, metric: 'worst24h', refineFactor: 1.6, pick: 'best-under' },
  },
  {
    family: 'AVERAGE, max level 3, drop target tuned',
    spec: { kind: 'vicidial', mode: 'AVERAGE', droppedPercentage: 3 },
    tuning: { field: 'droppedPercentage', lo: 0.3, hi: 30, increasing: true, metric: 'worst24h', refineFactor: 1.6, pick: 'best-under' },
  },
  {
    family: 'AVERAGE, max level 6, drop target tuned',
    spec: { kind: 'vicidial', mode: 'AVERAGE', droppedPercentage: 3, maximumLevel: 6 },
    tuning: { field: 'droppedPercentage', lo: 0.3, hi: 30, increasing: true, metric: 'worst24h', refineFactor: 1.6, pick: 'best-under' },
  },
  {
    family: 'TAPERED, drop target 3%, max level tuned',
    spec: { kind: 'vicidial', mode: 'TAPERED', maximumLevel: 2 },
    tuning: { field: 'maximumLevel', lo: 1, hi: 6, increasing: true, metric: 'worst24h', refineFactor: 1.15, pick: 'best-under' },
  },
];

/** With --hindsight-rows: the earlier reference points, each knob tuned so the 30-day block lands on 3%. */
export const HINDSIGHT: Array<{ spec: PolicySpec; tuning: Omit<Tuning, 'iterations'> }> = [
  { spec: { kind: 'fixed', ratio: 2 }, tuning: { field: 'ratio', lo: 1, hi: 8, increasing: true } },
  { spec: { kind: 'vicidial', mode: 'HARD_LIMIT', droppedPercentage: 3 }, tuning: { field: 'droppedPercentage', lo: 0.05, hi: 40, increasing: true } },
  { spec: { kind: 'issabel', threshold: 0.97 }, tuning: { field: 'threshold', lo: 0.001, hi: 0.9999, increasing: false } },
];

/** Stress scenarios from dialer.md, run at 20 agents with 120 s talk. */
export const SCENARIOS: Array<{ name: string; patch: Partial<Workload> }> = [
  { name: 'drift 30%->15% live', patch: { liveStart: 0.3, liveEnd: 0.15 } },
  { name: 'AMD on (UK: 2% false positives counted)', patch: { amd: true } },
  { name: '10% live', patch: { liveStart: 0.1, liveEnd: 0.1 } },
  { name: '30% live', patch: { liveStart: 0.3, liveEnd: 0.3 } },
  { name: 'pauses + talk jumps 120->300 s mid-shift', patch: { pauses: true, talkJumpSec: 300 } },
];

export const SCENARIO_POLICIES: PolicySpec[] = [
  { kind: 'progressive' },
  { kind: 'vicidial', mode: 'HARD_LIMIT' },
  { kind: 'vicidial', mode: 'AVERAGE' },
  { kind: 'vicidial', mode: 'TAPERED' },
  { kind: 'issabel' },
  { kind: 'switchboard' },
  { kind: 'clairvoyant' },
];
export const SCENARIO_AGENTS = [20];

export function cellKey(agents: number, talk: number, scenario = 'default'): string {
  return `${scenario}|${agents}|${talk}`;
}
export const wrapScenario = (wrap: number): string => `wrap ${wrap} s (CV 1)`;

/** The campaign's ring-out (--ring-limit) for every dialling policy; the clairvoyant bound does not dial. */
export function withRingLimit(spec: PolicySpec, ringLimitMs: number | undefined): PolicySpec {
  return ringLimitMs === undefined || spec.kind === 'clairvoyant' ? spec : { ...spec, ringLimitMs };
}

export interface BuildOptions {
  days: number;
  seeds: number[];
  agents: number[];
  talks: number[];
  scenarios: boolean;
  wrapSweep: boolean;
  fullGrid: boolean;
  oracle: boolean;
  /** Bisection steps on `tuneDays` days, then `refine` more on the whole campaign. */
  tuneDays: number;
  tuneIterations: number;
  refine: number;
  hindsightRows: boolean;
  /** Only these policy kinds in the grid and scenarios (e.g. switchboard for a compliance-only run); all when absent. */
  only?: string[];
  /** Only the stress scenarios whose name contains this. */
  scenarioFilter?: string;
  ringLimitMs?: number;
  base?: Workload;
}

/** Cost of a campaign-day, roughly proportional to its events (Switchboard's pacing is slower). */
function dayCost(w: Workload, spec: PolicySpec): number {
  const weight = spec.kind === 'clairvoyant' ? 0.05 : spec.kind === 'switchboard' ? 4 : 1;
  return w.agents * (120 / w.talkMeanSec + 0.3) * weight;
}

function tuningDays(t: Tuning, days: number): number {
  return days * t.iterations + (t.finalDays ?? 0) * (1 + (t.refine ?? 0));
}

/** First phase: every policy in every cell and seed, and the agent-oracle reference. */
export function buildTasks(o: BuildOptions): Task[] {
  const base = o.base ?? DEFAULT_WORKLOAD;
  const tasks: Task[] = [];
  const add = (cell: string, workload: Workload, bare: PolicySpec, seed: number, role: Role, tuning?: Tuning, days = o.days): void => {
    if (role === 'base' && o.only && !o.only.includes(bare.kind)) return;
    const spec = withRingLimit(bare, o.ringLimitMs);
    const cost = dayCost(workload, spec) * (tuning ? tuningDays(tuning, days) : days);
    tasks.push({ id: tasks.length, cell, workload, spec, days, seed, role, ...(tuning ? { tuning } : {}), cost });
  };
  for (const agents of o.agents) {
    for (const talk of o.talks) {
      const w = { ...base, agents, talkMeanSec: talk };
      const cell = cellKey(agents, talk);
      for (const seed of o.seeds) {
        for (const spec of o.fullGrid ? [...GRID_POLICIES, ...EXTRA_GRID_POLICIES] : GRID_POLICIES) add(cell, w, spec, seed, 'base');
        if (o.oracle) {
          const tuning: Tuning = { ...ORACLE.tuning, iterations: o.tuneIterations, finalDays: o.days, refine: o.refine };
          add(cell, w, ORACLE.spec, seed, 'oracle', tuning, Math.min(o.tuneDays, o.days));
        }
        if (o.hindsightRows) for (const h of HINDSIGHT) add(cell, w, h.spec, seed, 'hindsight', { ...h.tuning, iterations: o.tuneIterations }, Math.min(2, o.days));
      }
    }
  }
  const extra: Array<{ name: string; patch: Partial<Workload> }> = [];
  if (o.scenarios) extra.push(...SCENARIOS.filter((s) => !o.scenarioFilter || s.name.includes(o.scenarioFilter)));
  if (o.wrapSweep) for (const wrap of WRAP_SWEEP) extra.push({ name: wrapScenario(wrap), patch: { wrapSec: wrap } });
  for (const s of extra) {
    for (const agents of SCENARIO_AGENTS) {
      const w = { ...base, agents, talkMeanSec: 120, ...s.patch };
      for (const seed of o.seeds) for (const spec of SCENARIO_POLICIES) add(cellKey(agents, 120, s.name), w, spec, seed, 'base');
    }
  }
  return tasks;
}

/**
 * Second phase: VICIdial at its best in each default cell and seed, every family tuned to
 * Switchboard's worst 24-hour window there (`worst` maps `${cell}#${seed}` to it).
 */
export function buildViciBestTasks(o: BuildOptions & { firstId: number; worst: Map<string, number> }): Task[] {
  const base = o.base ?? DEFAULT_WORKLOAD;
  const tasks: Task[] = [];
  for (const agents of o.agents) {
    for (const talk of o.talks) {
      const cell = cellKey(agents, talk);
      const workload = { ...base, agents, talkMeanSec: talk };
      for (const seed of o.seeds) {
        const target = o.worst.get(`${cell}#${seed}`);
        if (target === undefined) continue;
        for (const f of VICI_FAMILIES) {
          const tuning: Tuning = { ...f.tuning, iterations: o.tuneIterations, target, finalDays: o.days, refine: o.refine };
          const days = Math.min(o.tuneDays, o.days);
          const spec = withRingLimit(f.spec, o.ringLimitMs);
          tasks.push({
            id: o.firstId + tasks.length,
            cell,
            workload,
            spec,
            days,
            seed,
            role: 'vici-best',
            family: f.family,
            tuning,
            cost: dayCost(workload, spec) * tuningDays(tuning, days),
          });
        }
      }
    }
  }
  return tasks;
}

/**
 * Which whole-campaign run a `best-under` search keeps: the most talk among those whose rate is at
 * or under the target; when none is, the lowest rate (the report then marks the target missed).
 */
export function pickBestUnder(runs: ReadonlyArray<{ rate: number; talk: number }>, target: number): number {
  if (runs.length === 0) throw new RangeError('pickBestUnder needs at least one run');
  let best = -1;
  for (let i = 0; i < runs.length; i++) {
    if (runs[i]!.rate > target + 1e-12) continue;
    if (best < 0 || runs[i]!.talk > runs[best]!.talk) best = i;
  }
  if (best >= 0) return best;
  for (let i = 0; i < runs.length; i++) if (best < 0 || runs[i]!.rate < runs[best]!.rate) best = i;
  return best;
}

/** Closest rate to the target (the short bisection's choice, and the `closest` rows). */
export function pickClosest(rates: readonly number[], target: number): number {
  if (rates.length === 0) throw new RangeError('pickClosest needs at least one rate');
  let best = 0;
  for (let i = 1; i < rates.length; i++) if (Math.abs(rates[i]! - target) < Math.abs(rates[best]! - target)) best = i;
  return best;
}
