import { policyLabel, type CampaignResult, type PolicySpec } from '@switchboard/dialer-sim';
import { lineChart } from './svg';
import { AGENTS, cellKey, EQUAL_TOLERANCE, SCENARIO_AGENTS, SCENARIOS, TALKS, type Task, type TaskResult } from './tasks';

export interface Row {
  label: string;
  spec: PolicySpec;
  result: CampaignResult;
  tuned: boolean;
  /** Tuned in hindsight to Switchboard's worst 24-hour rate in the same cell. */
  equalAbandon: boolean;
  tunedValue?: number;
  days: number;
}

export type Cells = Map<string, Row[]>;

export function collect(tasks: Task[], results: TaskResult[]): Cells {
  const cells: Cells = new Map();
  for (const r of results) {
    const t = tasks[r.id]!;
    const equal = t.tuning?.metric === 'worst24h';
    const label = t.tuning ? `${policyLabel(r.spec)} — tuned${equal ? " to Switchboard's worst 24 h" : ''}` : policyLabel(r.spec);
    const row: Row = {
      label,
      spec: r.spec,
      result: r.result,
      tuned: !!t.tuning,
      equalAbandon: equal,
      days: t.tuning?.finalDays ?? t.days,
      ...(r.tunedValue !== undefined ? { tunedValue: r.tunedValue } : {}),
    };
    const list = cells.get(t.cell) ?? [];
    list.push(row);
    cells.set(t.cell, list);
  }
  for (const list of cells.values()) list.sort((a, b) => Number(a.tuned) - Number(b.tuned));
  return cells;
}

const pct = (x: number, d = 1): string => (x * 100).toFixed(d);
const f1 = (x: number): string => x.toFixed(1);

export function find(rows: Row[] | undefined, pred: (r: Row) => boolean): Row | undefined {
  return rows?.find(pred);
}
export const ours = (r: Row): boolean => r.spec.kind === 'switchboard' && !r.tuned && r.spec.cap === undefined;
export const prog = (r: Row): boolean => r.spec.kind === 'progressive';
export const clair = (r: Row): boolean => r.spec.kind === 'clairvoyant';
const vici =
  (mode: string) =>
  (r: Row): boolean =>
    r.spec.kind === 'vicidial' && r.spec.mode === mode && !r.tuned;

export function cellTable(rows: Row[]): string {
  const base = find(rows, prog)?.result.talkMinPerAgentHour ?? 0;
  const head =
    '| policy | days | occupancy % | talk min / agent-h | gain vs progressive | wait mean s | wait p95 s | worst 24 h abandon % | 24 h windows > 3% | days > 3% | 30-day block % | dials / agent-h | dials / live | peak lines | 72 h breaches |';
  const sep = '|' + '---|'.repeat(15);
  const lines = [head, sep];
  for (const r of rows) {
    const x = r.result;
    lines.push(
      `| ${r.label} | ${r.days} | ${pct(x.occupancy)} | ${f1(x.talkMinPerAgentHour)} | ${x.talkMinPerAgentHour - base >= 0 ? '+' : ''}${f1(x.talkMinPerAgentHour - base)} | ${f1(x.waitMeanSec)} | ${f1(x.waitP95Sec)} | ${pct(x.worst24hRate, 2)} | ${pct(x.share24hOver)}% | ${pct(x.shareDaysOver)}% | ${pct(x.blockRate, 2)} | ${f1(x.dialsPerAgentHour)} | ${x.dialsPerLive.toFixed(2)} | ${x.peakLines} | ${x.breaches72h} |`,
    );
  }
  return lines.join('\n');
}

export interface GoalFigures {
  text: string;
}

export function goals(cells: Cells): string {
  const out: string[] = [];
  const c20 = cells.get(cellKey(20, 120));
  const o20 = find(c20, ours)?.result;
  if (o20) {
    const ok1 = o20.occupancy >= 0.88;
    const ok2 = o20.talkMinPerAgentHour >= 47;
    const ok3 = 1 - o20.share24hOver >= 0.99;
    const ok4 = o20.blockRate <= 0.03;
    out.push('### 20 agents, default workload (20% live, 120 s talk, 15 s wrap)');
    out.push('');
    out.push('| goal | measured | met |');
    out.push('|---|---|---|');
    out.push(`| occupancy >= 88% | ${pct(o20.occupancy)}% | ${ok1 ? 'yes' : '**no**'} |`);
    out.push(`| talk >= 47 min / agent-hour | ${f1(o20.talkMinPerAgentHour)} | ${ok2 ? 'yes' : '**no**'} |`);
    out.push(
      `| abandons <= 3% in >= 99% of 24 h windows | ${pct(1 - o20.share24hOver, 2)}% of rolling windows at or under 3% (worst ${pct(o20.worst24hRate, 2)}%); ${pct(1 - o20.shareDaysOver, 1)}% of days | ${ok3 ? 'yes' : '**no**'} |`,
    );
    out.push(`| never over 3% in a 30-day block | ${pct(o20.blockRate, 2)}% over the ${o20.days.length}-day campaign | ${ok4 ? 'yes' : '**no**'} |`);
    out.push('');
  }
  out.push('### Every cell: Switchboard against VICIdial adaptive and the clairvoyant bound');
  out.push('');
  out.push(
    'The goal compares talk minutes per agent-hour **at equal or lower worst 24-hour abandon rate**. VICIdial at its defaults ' +
      'lands wherever its algorithm lands (HARD_LIMIT and AVERAGE under Switchboard, TAPERED far over the cap), so the ' +
      'decisive columns are *at equal abandon*: each VICIdial mode tuned in hindsight (HARD_LIMIT and AVERAGE on their drop ' +
      'target, TAPERED on its maximum dial level; bisected on the first days, then run over the whole campaign) so its worst ' +
      "24-hour window lands on Switchboard's in the same cell. Each shows Switchboard's talk / VICIdial's and VICIdial's worst " +
      "window; it is met when the ratio is at least 1.1 and that worst window is at least Switchboard's less 0.1 point (so " +
      'Switchboard does not win by abandoning more). The last columns give the plain ratio against VICIdial at its defaults. ' +
      'Gap = 1 - Switchboard / clairvoyant talk.',
  );
  out.push('');
  out.push(
    '| agents | talk s | Switchboard worst 24 h % | HARD_LIMIT at equal abandon | AVERAGE at equal abandon | TAPERED at equal abandon | defaults: HARD_LIMIT / AVERAGE / TAPERED | gap to clairvoyant |',
  );
  out.push('|---|---|---|---|---|---|---|---|');
  for (const agents of AGENTS) {
    for (const talk of TALKS) {
      const rows = cells.get(cellKey(agents, talk));
      const o = find(rows, ours)?.result;
      if (!o) continue;
      const raw = (v: CampaignResult | undefined): string => {
        if (!v) return 'n/a';
        return `${(o.talkMinPerAgentHour / v.talkMinPerAgentHour).toFixed(2)}x${o.worst24hRate <= v.worst24hRate + 1e-12 ? '' : '*'}`;
      };
      const equal = (mode: string): string => {
        const v = rows?.find((r) => r.spec.kind === 'vicidial' && r.spec.mode === mode && r.equalAbandon)?.result;
        if (!v) return 'n/a';
        const ratio = o.talkMinPerAgentHour / v.talkMinPerAgentHour;
        const fair = v.worst24hRate >= o.worst24hRate - EQUAL_TOLERANCE;
        return `${ratio.toFixed(3)}x (${pct(v.worst24hRate, 2)}%) ${ratio >= 1.1 && fair ? 'met' : '**not met**'}`;
      };
      const c = find(rows, clair)?.result;
      const gap = c ? 1 - o.talkMinPerAgentHour / c.talkMinPerAgentHour : NaN;
      const gapTxt = `${pct(gap)}%${agents >= 50 ? (gap <= 0.07 ? ' met' : ' **not met**') : ''}`;
      const defaults = [raw(find(rows, vici('HARD_LIMIT'))?.result), raw(find(rows, vici('AVERAGE'))?.result), raw(find(rows, vici('TAPERED'))?.result)].join(' / ');
      out.push(`| ${agents} | ${talk} | ${pct(o.worst24hRate, 2)} | ${equal('HARD_LIMIT')} | ${equal('AVERAGE')} | ${equal('TAPERED')} | ${defaults} | ${gapTxt} |`);
    }
  }
  out.push('');
  out.push('\\* VICIdial at its defaults abandons less than Switchboard in that cell (its worst 24-hour window is lower).');
  out.push('');
  out.push('### Drift: live rate 30% -> 15% over the shift');
  out.push('');
  out.push('| agents | policy | worst 24 h % | 24 h windows > 3% | days > 3% | 30-day block % | talk min / agent-h | no window over the cap |');
  out.push('|---|---|---|---|---|---|---|---|');
  for (const agents of SCENARIO_AGENTS) {
    const rows = cells.get(cellKey(agents, 120, SCENARIOS[0]!.name)) ?? [];
    for (const r of rows.filter((x) => x.spec.kind !== 'clairvoyant')) {
      const x = r.result;
      out.push(
        `| ${agents} | ${r.label} | ${pct(x.worst24hRate, 2)} | ${pct(x.share24hOver)}% | ${pct(x.shareDaysOver)}% | ${pct(x.blockRate, 2)} | ${f1(x.talkMinPerAgentHour)} | ${x.worst24hRate <= 0.03 && x.blockRate <= 0.03 ? 'yes' : '**no**'} |`,
      );
    }
  }
  return out.join('\n');
}

export function charts(cells: Cells, talk: number): { occupancy: string; abandon: string } {
  const names: string[] = [];
  for (const agents of AGENTS) for (const r of cells.get(cellKey(agents, talk)) ?? []) if (!names.includes(r.label)) names.push(r.label);
  const series = (get: (x: CampaignResult) => number) =>
    names.map((name) => ({
      name,
      values: AGENTS.map((a) => {
        const r = cells.get(cellKey(a, talk))?.find((x) => x.label === name);
        return r ? get(r.result) : undefined;
      }),
    }));
  const occupancy = lineChart({
    title: `Occupancy against agents (talk ${talk} s, 20% live, wrap 15 s)`,
    xLabel: 'agents',
    yLabel: 'occupancy %',
    xs: AGENTS.map(String),
    series: series((x) => x.occupancy * 100),
    yMin: 0,
    yMax: 100,
    yTicks: [0, 20, 40, 60, 80, 100],
  });
  const abandon = lineChart({
    title: `Worst 24-hour abandon rate against agents (talk ${talk} s; clipped at 10%)`,
    xLabel: 'agents',
    yLabel: 'worst 24 h abandon %',
    xs: AGENTS.map(String),
    series: series((x) => x.worst24hRate * 100),
    yMin: 0,
    yMax: 10,
    yTicks: [0, 1, 2, 3, 4, 5, 6, 8, 10],
    refLine: { y: 3, label: '3% cap' },
  });
  return { occupancy, abandon };
}
