import { DEFAULT_WORKLOAD, type CampaignResult, type PolicySpec, type Workload } from '@switchboard/dialer-sim';

/** A knob tuned in hindsight so the campaign's abandon rate lands on a target (3% unless said). */
export interface Tuning {
  /** Which field of the spec to vary, its range, and whether larger is more aggressive. */
  field: 'ratio' | 'droppedPercentage' | 'threshold' | 'loss' | 'cap' | 'maximumLevel';
  lo: number;
  hi: number;
  increasing: boolean;
  iterations: number;
  /** The rate to land on (default 0.03) and which: the campaign's (block) or its worst 24-hour window. */
  target?: number;
  metric?: 'block' | 'worst24h';
  /** Run the chosen value again over this many days (the bisection runs on `days`). */
  finalDays?: number;
  /**
   * Then bisect this many more steps on `finalDays` days, within the chosen value divided and
   * multiplied by `refineFactor`, so the row reported (a whole campaign) lands on the target
   * itself rather than wherever the short bisection's value carries it.
   */
  refine?: number;
  refineFactor?: number;
}

export interface Task {
  id: number;
  cell: string;
  workload: Workload;
  spec: PolicySpec;
  days: number;
  seed: number;
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

/**
 * VICIdial tuned in hindsight to Switchboard's worst 24-hour abandon rate in the same cell,
 * for the comparison at equal abandon: HARD_LIMIT and AVERAGE on their drop target
 * (adaptive_dropped_percentage, which governs how often they fall back), TAPERED on its
 * maximum dial level (its taper barely reacts to the drop target). Bisected on
 * EQUAL_TUNE_DAYS days, then the chosen value runs the full campaign.
 */
export const EQUAL_ABANDON_VICIDIAL: Array<{ spec: PolicySpec; tuning: Omit<Tuning, 'iterations'> }> = [
  {
    spec: { kind: 'vicidial', mode: 'HARD_LIMIT', droppedPercentage: 3 },
    tuning: { field: 'droppedPercentage', lo: 0.3, hi: 30, increasing: true, metric: 'worst24h', refineFactor: 1.6 },
  },
  {
    spec: { kind: 'vicidial', mode: 'AVERAGE', droppedPercentage: 3 },
    tuning: { field: 'droppedPercentage', lo: 0.3, hi: 30, increasing: true, metric: 'worst24h', refineFactor: 1.6 },
  },
  { spec: { kind: 'vicidial', mode: 'TAPERED', maximumLevel: 2 }, tuning: { field: 'maximumLevel', lo: 1, hi: 3, increasing: true, metric: 'worst24h', refineFactor: 1.1 } },
];
export const EQUAL_TUNE_DAYS = 5;
/** Bisection steps on the whole campaign after the short bisection (see Tuning.refine). */
export const EQUAL_REFINE_STEPS = 4;
/**
 * The comparison's tolerance: VICIdial's worst window may sit this far under Switchboard's
 * and still count as equal abandon (the refinement prefers values at or above it).
 */
export const EQUAL_TOLERANCE = 0.001;

/**
 * Which of the tried rates stands for "equal abandon" with `target`: the closest among those
 * at or above target - tolerance (VICIdial must not win by abandoning less than Switchboard),
 * else the closest of all. Returns its index; earlier wins ties.
 */
export function pickEqual(rates: readonly number[], target: number, tolerance: number): number {
  if (rates.length === 0) throw new RangeError('pickEqual needs at least one rate');
  let best = -1;
  for (const fairOnly of [true, false]) {
    for (let i = 0; i < rates.length; i++) {
      if (fairOnly && rates[i]! < target - tolerance) continue;
      if (best < 0 || Math.abs(rates[i]! - target) < Math.abs(rates[best]! - target)) best = i;
    }
    if (best >= 0) return best;
  }
  return best;
}

/** With --full-grid: the rest of dialer.md's list (fixed 1.5 and 2.0, Erlang-B blind dialling). */
export const EXTRA_GRID_POLICIES: PolicySpec[] = [{ kind: 'fixed', ratio: 1.5 }, { kind: 'fixed', ratio: 2.0 }, { kind: 'erlang' }];

/** Policies tuned in hindsight, with the knob each is tuned on. */
export const TUNED: Array<{ spec: PolicySpec; tuning: Omit<Tuning, 'iterations'> }> = [
  { spec: { kind: 'fixed', ratio: 2 }, tuning: { field: 'ratio', lo: 1, hi: 8, increasing: true } },
  { spec: { kind: 'vicidial', mode: 'HARD_LIMIT', droppedPercentage: 3 }, tuning: { field: 'droppedPercentage', lo: 0.05, hi: 40, increasing: true } },
  { spec: { kind: 'issabel', threshold: 0.97 }, tuning: { field: 'threshold', lo: 0.001, hi: 0.9999, increasing: false } },
  { spec: { kind: 'switchboard', cap: 0.03, confidenceZ: 0, windows: ['30d'] }, tuning: { field: 'cap', lo: 0.002, hi: 0.2, increasing: true } },
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

export function cellKey(agents: number, talk: number, scenario = 'default'): string {
  return `${scenario}|${agents}|${talk}`;
}

export const SCENARIO_AGENTS = [20];

/**
 * The campaign's ring-out (--ring-limit): every dialling policy hangs up a call still ringing
 * after this long, instead of the workload's 20 s; the clairvoyant bound does not dial.
 */
export function withRingLimit(spec: PolicySpec, ringLimitMs: number | undefined): PolicySpec {
  return ringLimitMs === undefined || spec.kind === 'clairvoyant' ? spec : { ...spec, ringLimitMs };
}

export function buildTasks(opts: {
  days: number;
  tuneDays: number;
  tuneIterations: number;
  seed: number;
  scenarios: boolean;
  fullGrid: boolean;
  ringLimitMs?: number;
  base?: Workload;
}): Task[] {
  const base = opts.base ?? DEFAULT_WORKLOAD;
  const tasks: Task[] = [];
  const add = (cell: string, workload: Workload, bare: PolicySpec, days: number, tuning?: Tuning): void => {
    const spec = withRingLimit(bare, opts.ringLimitMs);
    const weight = spec.kind === 'clairvoyant' ? 0.05 : spec.kind === 'switchboard' ? 2 : 1;
    const work = workload.agents * (120 / workload.talkMeanSec + 0.3) * weight * (days * (tuning ? tuning.iterations : 1) + (tuning?.finalDays ?? 0));
    tasks.push({ id: tasks.length, cell, workload, spec, days, seed: opts.seed, ...(tuning ? { tuning } : {}), cost: work });
  };
  for (const agents of AGENTS) {
    for (const talk of TALKS) {
      const w = { ...base, agents, talkMeanSec: talk };
      const cell = cellKey(agents, talk);
      for (const spec of opts.fullGrid ? [...GRID_POLICIES, ...EXTRA_GRID_POLICIES] : GRID_POLICIES) add(cell, w, spec, opts.days);
      for (const t of TUNED) add(cell, w, t.spec, opts.tuneDays, { ...t.tuning, iterations: opts.tuneIterations });
    }
  }
  if (opts.scenarios) {
    for (const s of SCENARIOS) {
      for (const agents of SCENARIO_AGENTS) {
        const w = { ...base, agents, talkMeanSec: 120, ...s.patch };
        for (const spec of SCENARIO_POLICIES) add(cellKey(agents, 120, s.name), w, spec, opts.days);
      }
    }
  }
  return tasks;
}

/**
 * Second phase: VICIdial tuned to Switchboard's worst 24-hour window in each default cell
 * (`worst` maps a cell key to that rate, from the first phase).
 */
export function buildEqualAbandonTasks(opts: {
  days: number;
  tuneIterations: number;
  refine?: number;
  seed: number;
  firstId: number;
  worst: Map<string, number>;
  ringLimitMs?: number;
  base?: Workload;
}): Task[] {
  const base = opts.base ?? DEFAULT_WORKLOAD;
  const tasks: Task[] = [];
  for (const agents of AGENTS) {
    for (const talk of TALKS) {
      const cell = cellKey(agents, talk);
      const target = opts.worst.get(cell);
      if (target === undefined) continue;
      const workload = { ...base, agents, talkMeanSec: talk };
      for (const t of EQUAL_ABANDON_VICIDIAL) {
        const tuning: Tuning = { ...t.tuning, iterations: opts.tuneIterations, target, finalDays: opts.days, refine: opts.refine ?? EQUAL_REFINE_STEPS };
        const days = Math.min(EQUAL_TUNE_DAYS, opts.days);
        const work = agents * (120 / talk + 0.3) * (days * tuning.iterations + opts.days * (1 + (tuning.refine ?? 0)));
        tasks.push({ id: opts.firstId + tasks.length, cell, workload, spec: withRingLimit(t.spec, opts.ringLimitMs), days, seed: opts.seed, tuning, cost: work });
      }
    }
  }
  return tasks;
}
