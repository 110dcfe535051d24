import { policyLabel, type CampaignResult, type PolicySpec } from '@switchboard/dialer-sim';
import { lineChart } from './svg';
import { cellKey, type Task, type TaskResult } from './tasks';

/** One campaign's result, with what it stands for. */
export interface Run {
  task: Task;
  spec: PolicySpec;
  result: CampaignResult;
  tunedValue?: number;
  /** Rows of a cell aggregate their seeds by this key. */
  key: string;
}

export type Cells = Map<string, Run[]>;

export const ORACLE_KEY = 'agent-oracle reference (knows when agents free; no margin; cap tuned in hindsight to a worst 24 h <= 3%)';

function keyOf(t: Task): string {
  if (t.role === 'oracle') return ORACLE_KEY;
  if (t.role === 'vici-best') return `VICIdial search: ${t.family}`;
  if (t.role === 'hindsight') return `${policyLabel({ ...t.spec })} tuned: 30-day block on 3% (2 days)`;
  return policyLabel(t.spec);
}

export function collect(tasks: Task[], results: TaskResult[]): Cells {
  const byId = new Map(tasks.map((t) => [t.id, t]));
  const cells: Cells = new Map();
  for (const r of results) {
    const task = byId.get(r.id)!;
    const run: Run = { task, spec: r.spec, result: r.result, key: keyOf(task), ...(r.tunedValue !== undefined ? { tunedValue: r.tunedValue } : {}) };
    const list = cells.get(task.cell) ?? [];
    list.push(run);
    cells.set(task.cell, list);
  }
  for (const list of cells.values()) list.sort((a, b) => a.task.id - b.task.id);
  return cells;
}

export const isOurs = (r: Run): boolean => r.task.role === 'base' && r.spec.kind === 'switchboard';
const isKey =
  (key: string) =>
  (r: Run): boolean =>
    r.key === key;

/** One run per seed, in seed order. */
export function perSeed(runs: Run[] | undefined, pred: (r: Run) => boolean): Run[] {
  return (runs ?? []).filter(pred).sort((a, b) => a.task.seed - b.task.seed);
}

/**
 * VICIdial at its best in one seed: the most talk among every family's whole-campaign runs whose
 * worst 24-hour window is at or under `target` (Switchboard's there); undefined when none is.
 */
export function viciBest(runs: Run[] | undefined, seed: number, target: number): Run | undefined {
  let best: Run | undefined;
  for (const r of runs ?? []) {
    if (r.task.role !== 'vici-best' || r.task.seed !== seed || r.result.worst24hRate > target + 1e-12) continue;
    if (!best || r.result.talkMinPerAgentHour > best.result.talkMinPerAgentHour) best = r;
  }
  return best;
}

const pct = (x: number, d = 1): string => (x * 100).toFixed(d);
const f1 = (x: number): string => x.toFixed(1);
const f2 = (x: number): string => x.toFixed(2);
const mean = (xs: number[]): number => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : NaN);
const spread = (xs: number[], fmt: (x: number) => string): string => (xs.length <= 1 ? fmt(xs[0] ?? NaN) : `${fmt(mean(xs))} (${fmt(Math.min(...xs))}-${fmt(Math.max(...xs))})`);
const yes = (ok: boolean): string => (ok ? 'yes' : '**no**');

function settingOf(r: Run): string {
  const s = r.spec;
  if (s.kind === 'vicidial') return `${s.mode}, max ${f2(s.maximumLevel ?? 3)}, drop ${f2(s.droppedPercentage ?? 3)}%`;
  if (s.kind === 'switchboard' && s.cap !== undefined) return `cap ${pct(s.cap, 2)}%`;
  return r.tunedValue !== undefined ? f2(r.tunedValue) : '';
}

/** A cell's table: one row per policy, its seeds aggregated (mean, and min-max across seeds). */
export function cellTable(rows: Run[]): string {
  const keys: string[] = [];
  for (const r of rows) if (r.task.role !== 'vici-best' && !keys.includes(r.key)) keys.push(r.key);
  const lines = [
    '| policy | seeds | occupancy % | talk min / agent-h | wait mean s | worst 24 h abandon % (max) | 24 h windows > 3% (max) | 30-day block % (max) | dials / agent-h | peak lines | 72 h breaches | tuned value per seed |',
    `|${'---|'.repeat(12)}`,
  ];
  const seeds = [...new Set(rows.map((r) => r.task.seed))].sort((a, b) => a - b);
  const bests = seeds.map((s) => {
    const o = perSeed(rows, isOurs).find((r) => r.task.seed === s);
    return o ? viciBest(rows, s, o.result.worst24hRate) : undefined;
  });
  const groups: Array<[string, Run[]]> = keys.map((k) => [k, rows.filter(isKey(k))]);
  if (bests.some(Boolean)) groups.push(["VICIdial at its best (at or under Switchboard's worst 24 h)", bests.filter((b): b is Run => !!b)]);
  for (const [key, g] of groups) {
    const x = g.map((r) => r.result);
    const tuned = g.some((r) => r.task.tuning || r.task.role === 'vici-best') ? g.map(settingOf).join('; ') : '';
    lines.push(
      `| ${key} | ${g.length} | ${spread(
        x.map((r) => r.occupancy * 100),
        f1,
      )} | ${spread(
        x.map((r) => r.talkMinPerAgentHour),
        f1,
      )} | ${f1(mean(x.map((r) => r.waitMeanSec)))} | ${pct(Math.max(...x.map((r) => r.worst24hRate)), 2)} | ${pct(Math.max(...x.map((r) => r.share24hOver)))}% | ${pct(
        Math.max(...x.map((r) => r.blockRate)),
        2,
      )} | ${f1(mean(x.map((r) => r.dialsPerAgentHour)))} | ${Math.max(...x.map((r) => r.peakLines))} | ${x.reduce((a, r) => a + r.breaches72h, 0)} | ${tuned} |`,
    );
  }
  return lines.join('\n');
}

export interface GoalOptions {
  agents: number[];
  talks: number[];
  extraCells: string[];
}

/** The "Show" section of issue 17: every figure beside its goal. */
export function goals(cells: Cells, o: GoalOptions): string {
  const out: string[] = [];
  const list = (xs: number[], fmt: (x: number) => string): string => xs.map(fmt).join(' / ');
  // 1. Compliance gate.
  out.push('### Compliance gate: true abandon rate (ground truth) at or under 3.0% in every 24-hour window and 30-day block, no 72-hour breach', '');
  out.push(
    'Switchboard with its ledger fed only what the runtime observes, scored on the ground truth. Per seed (seeds separated by /).',
    '',
    '| cell | worst 24 h % per seed | 24 h windows > 3% (max) | 30-day block % per seed | 72 h breaches | met |',
    '|---|---|---|---|---|---|',
  );
  const gateCells: Array<[string, string]> = [];
  for (const a of o.agents) for (const t of o.talks) gateCells.push([`${a} agents x ${t} s`, cellKey(a, t)]);
  for (const c of o.extraCells) gateCells.push([c.split('|')[0]!, c]);
  let gateAll = true;
  for (const [name, key] of gateCells) {
    const s = perSeed(cells.get(key), isOurs).map((r) => r.result);
    if (!s.length) continue;
    const ok = s.every((r) => r.worst24hRate <= 0.03 && r.blockRate <= 0.03 && r.breaches72h === 0);
    gateAll &&= ok;
    out.push(
      `| ${name} | ${list(
        s.map((r) => r.worst24hRate),
        (x) => pct(x, 2),
      )} | ${pct(Math.max(...s.map((r) => r.share24hOver)), 1)}% | ${list(
        s.map((r) => r.blockRate),
        (x) => pct(x, 2),
      )} | ${s.reduce((a, r) => a + r.breaches72h, 0)} | ${yes(ok)} |`,
    );
  }
  out.push('', `Gate over every cell run: ${gateAll ? 'held' : '**not held**'}.`, '');

  // 2. Against VICIdial at its best.
  out.push('### Against VICIdial at its best: >= 1.15x talk per agent-hour (60 and 120 s talk), >= +2.5 talk min per agent-hour (300 s talk)', '');
  out.push(
    "VICIdial's setting per seed is the most talk among its searched runs (every family, whole campaigns) whose worst 24-hour window is at or under Switchboard's in that seed.",
    '',
    '| cell | Switchboard talk per seed | VICIdial at its best: talk per seed | its worst 24 h % per seed | its setting per seed | figure per seed | goal | met |',
    '|---|---|---|---|---|---|---|---|',
  );
  for (const a of o.agents) {
    for (const t of o.talks) {
      const rows = cells.get(cellKey(a, t));
      const ours = perSeed(rows, isOurs);
      if (!ours.length || !rows?.some((r) => r.task.role === 'vici-best')) continue;
      const pairs = ours.map((r) => ({ o: r.result, v: viciBest(rows, r.task.seed, r.result.worst24hRate) }));
      const diffGoal = t >= 300;
      const fig = pairs.map((p) => (p.v ? (diffGoal ? p.o.talkMinPerAgentHour - p.v.result.talkMinPerAgentHour : p.o.talkMinPerAgentHour / p.v.result.talkMinPerAgentHour) : NaN));
      const ok = fig.every((x) => (diffGoal ? x >= 2.5 : x >= 1.15));
      out.push(
        `| ${a} x ${t} | ${list(
          pairs.map((p) => p.o.talkMinPerAgentHour),
          f1,
        )} | ${pairs.map((p) => (p.v ? f1(p.v.result.talkMinPerAgentHour) : 'none at or under')).join(' / ')} | ${pairs
          .map((p) => (p.v ? pct(p.v.result.worst24hRate, 2) : '-'))
          .join(' / ')} | ${pairs.map((p) => (p.v ? settingOf(p.v) : '-')).join('; ')} | ${fig
          .map((x) => (Number.isNaN(x) ? 'n/a' : diffGoal ? `${x >= 0 ? '+' : ''}${f1(x)} min` : `${x.toFixed(3)}x`))
          .join(' / ')} | ${diffGoal ? '>= +2.5 min' : '>= 1.15x'} | ${yes(ok)} |`,
      );
    }
  }
  out.push('');

  // 3. Margin cost against the agent-oracle reference.
  out.push('### Margin cost: within 2% of the agent-oracle reference (Switchboard talk >= 0.98 x reference)', '');
  out.push(
    '| cell | Switchboard talk per seed | reference talk per seed | reference worst 24 h % per seed | reference cap per seed | Switchboard / reference per seed | met |',
    '|---|---|---|---|---|---|---|',
  );
  for (const a of o.agents) {
    for (const t of o.talks) {
      const rows = cells.get(cellKey(a, t));
      const ours = perSeed(rows, isOurs);
      const ref = perSeed(rows, isKey(ORACLE_KEY));
      if (!ours.length || !ref.length) continue;
      const ratio = ours.map((r, i) => r.result.talkMinPerAgentHour / (ref[i]?.result.talkMinPerAgentHour ?? NaN));
      const ok = ratio.every((x) => x >= 0.98);
      out.push(
        `| ${a} x ${t} | ${list(
          ours.map((r) => r.result.talkMinPerAgentHour),
          f1,
        )} | ${list(
          ref.map((r) => r.result.talkMinPerAgentHour),
          f1,
        )} | ${list(
          ref.map((r) => r.result.worst24hRate),
          (x) => pct(x, 2),
        )} | ${ref.map(settingOf).join(' / ')} | ${list(ratio, (x) => pct(x, 1) + '%')} | ${yes(ok)} |`,
      );
    }
  }
  out.push('');

  // 4. Occupancy.
  out.push('### Occupancy with the compliance gate held', '', '| cell | goal | Switchboard occupancy per seed | gate held | met |', '|---|---|---|---|---|');
  for (const [a, t, goal] of [
    [20, 120, 0.88],
    [50, 60, 0.92],
    [100, 60, 0.95],
  ] as const) {
    const s = perSeed(cells.get(cellKey(a, t)), isOurs).map((r) => r.result);
    if (!s.length) {
      out.push(`| ${a} x ${t} | >= ${pct(goal, 0)}% | not run | - | - |`);
      continue;
    }
    const gate = s.every((r) => r.worst24hRate <= 0.03 && r.blockRate <= 0.03 && r.breaches72h === 0);
    const ok = gate && s.every((r) => r.occupancy >= goal);
    out.push(
      `| ${a} x ${t} | >= ${pct(goal, 0)}% | ${list(
        s.map((r) => r.occupancy),
        (x) => pct(x, 1) + '%',
      )} | ${yes(gate)} | ${yes(ok)} |`,
    );
  }
  out.push('');

  // 5. The clairvoyant bound, a curiosity.
  out.push(
    '### Curiosity: gap to the clairvoyant bound (no goal)',
    '',
    "The clairvoyant bound knows every call's outcome and every agent's future; no dialler can reach it. Gap = 1 - Switchboard / clairvoyant talk, mean over seeds.",
    '',
    '| cell | gap |',
    '|---|---|',
  );
  for (const a of o.agents) {
    for (const t of o.talks) {
      const rows = cells.get(cellKey(a, t));
      const ours = perSeed(rows, isOurs);
      const cl = perSeed(rows, (r) => r.spec.kind === 'clairvoyant');
      if (!ours.length || !cl.length) continue;
      out.push(`| ${a} x ${t} | ${pct(mean(ours.map((r, i) => 1 - r.result.talkMinPerAgentHour / cl[i]!.result.talkMinPerAgentHour)))}% |`);
    }
  }
  return out.join('\n');
}

export function charts(cells: Cells, talk: number, agents: number[]): { occupancy: string; abandon: string } {
  const names: string[] = [];
  for (const a of agents) for (const r of cells.get(cellKey(a, talk)) ?? []) if (r.task.role === 'base' && !names.includes(r.key)) names.push(r.key);
  const series = (get: (x: CampaignResult) => number) =>
    names.map((name) => ({
      name,
      values: agents.map((a) => {
        const rs = (cells.get(cellKey(a, talk)) ?? []).filter((x) => x.key === name);
        return rs.length ? mean(rs.map((r) => get(r.result))) : undefined;
      }),
    }));
  const occupancy = lineChart({
    title: `Occupancy against agents (talk ${talk} s, 20% live, wrap 15 s CV 1; mean over seeds)`,
    xLabel: 'agents',
    yLabel: 'occupancy %',
    xs: agents.map(String),
    series: series((x) => x.occupancy * 100),
    yMin: 0,
    yMax: 100,
    yTicks: [0, 20, 40, 60, 80, 100],
  });
  const abandon = lineChart({
    title: `Worst 24-hour abandon rate against agents (talk ${talk} s; mean over seeds; clipped at 10%)`,
    xLabel: 'agents',
    yLabel: 'worst 24 h abandon %',
    xs: agents.map(String),
    series: series((x) => x.worst24hRate * 100),
    yMin: 0,
    yMax: 10,
    yTicks: [0, 1, 2, 3, 4, 5, 6, 8, 10],
    refLine: { y: 3, label: '3% cap' },
  });
  return { occupancy, abandon };
}
