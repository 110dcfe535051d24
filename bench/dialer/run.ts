/**
 * npm run bench:dialer [-- --quick] [--days N] [--workers N] [--no-scenarios] [--full-grid] [--equal-iterations N] [--equal-refine N] [--ring-limit S]
 * Runs every pacing policy on dialer.md's workload with common random numbers and
 * writes bench/results/dialer.md plus two SVG charts. See packages/dialer-sim/README.md.
 * --ring-limit S: every dialling policy rings out at S seconds (≥ 15, the minimum-ring rule)
 * instead of the workload's 20 s; results go to dialer-ring<S>.md (and its charts).
 * --answers-after-ring-out: the first model, where calls drawn to answer after the 20 s ring-out
 * still answered (machines at 20-23 s, people's tail); results go to dialer-late-answers.md.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { charts, cellTable, collect, goals, ours } from './report';
import { methodology } from './methodology';
import { runAll } from './pool';
import { DEFAULT_WORKLOAD } from '@switchboard/dialer-sim';
import { AGENTS, buildEqualAbandonTasks, buildTasks, cellKey, EQUAL_REFINE_STEPS, EQUAL_TUNE_DAYS, SCENARIO_AGENTS, SCENARIOS, TALKS } from './tasks';

const argv = process.argv.slice(2);
const quick = argv.includes('--quick');
const argNum = (name: string, dflt: number): number => {
  const i = argv.indexOf(name);
  return i >= 0 ? Number(argv[i + 1]) : dflt;
};
const days = argNum('--days', quick ? 3 : 30);
const tuneDays = argNum('--tune-days', quick ? 1 : 2);
const tuneIterations = argNum('--tune-iterations', quick ? 4 : 6);
const equalIterations = argNum('--equal-iterations', quick ? 3 : 8);
const equalRefine = argNum('--equal-refine', quick ? 1 : EQUAL_REFINE_STEPS);
const workers = argNum('--workers', Math.max(1, Math.min(2, availableParallelism())));
const seed = argNum('--seed', 20260105);
const scenarios = !argv.includes('--no-scenarios');
const fullGrid = argv.includes('--full-grid');
const outDir = new URL('../results/', import.meta.url).pathname;
const ringLimitSec = argv.includes('--ring-limit') ? argNum('--ring-limit', 20) : undefined;
const ringLimitMs = ringLimitSec === undefined ? undefined : Math.round(ringLimitSec * 1000);
const lateAnswers = argv.includes('--answers-after-ring-out');
const base = { ...DEFAULT_WORKLOAD, answersAfterRingOut: lateAnswers };
const outName = (ringLimitSec === undefined ? 'dialer' : `dialer-ring${ringLimitSec}`) + (lateAnswers ? '-late-answers' : '');

const started = Date.now();
const tasks = buildTasks({ days, tuneDays, tuneIterations, seed, scenarios, fullGrid, base, ...(ringLimitMs !== undefined ? { ringLimitMs } : {}) });
process.stderr.write(`dialer bench: ${tasks.length} tasks, ${days} days per campaign, ${workers} workers${quick ? ' (quick)' : ''}\n`);
const results = await runAll(tasks, workers);
// Second phase: VICIdial tuned to Switchboard's worst 24-hour window, cell by cell.
const worst = new Map<string, number>();
for (const [key, rows] of collect(tasks, results)) {
  const o = rows.find(ours);
  if (o && key.startsWith('default|')) worst.set(key, o.result.worst24hRate);
}
const equalTasks = buildEqualAbandonTasks({
  days,
  tuneIterations: equalIterations,
  refine: equalRefine,
  seed,
  firstId: tasks.length,
  worst,
  base,
  ...(ringLimitMs !== undefined ? { ringLimitMs } : {}),
});
process.stderr.write(`dialer bench: ${equalTasks.length} tasks tuning VICIdial to Switchboard's worst 24 h window\n`);
tasks.push(...equalTasks);
results.push(...(await runAll(equalTasks, workers)));
const cells = collect(tasks, results);
const elapsed = (Date.now() - started) / 1000;

const md: string[] = [];
md.push(
  methodology({
    days,
    tuneDays,
    tuneIterations,
    equalIterations,
    equalDays: Math.min(EQUAL_TUNE_DAYS, days),
    equalRefine,
    seed,
    quick,
    elapsed,
    workers,
    fullGrid,
    lateAnswers,
    ...(ringLimitSec !== undefined ? { ringLimitSec } : {}),
  }),
);
md.push('## Goals');
md.push('');
md.push(goals(cells));
md.push('');
md.push('## Charts');
md.push('');
md.push(`![occupancy](${outName}-occupancy.svg)`);
md.push('');
md.push(`![abandon](${outName}-abandon.svg)`);
md.push('');
md.push('## Every cell (default workload: 20% live, AMD off, wrap 15 s)');
for (const agents of AGENTS) {
  for (const talk of TALKS) {
    const rows = cells.get(cellKey(agents, talk));
    if (!rows) continue;
    md.push('');
    md.push(`### ${agents} agents, talk ${talk} s`);
    md.push('');
    md.push(cellTable(rows));
  }
}
if (scenarios) {
  md.push('');
  md.push('## Stress scenarios (120 s talk)');
  for (const s of SCENARIOS) {
    for (const agents of SCENARIO_AGENTS) {
      const rows = cells.get(cellKey(agents, 120, s.name));
      if (!rows) continue;
      md.push('');
      md.push(`### ${s.name}, ${agents} agents`);
      md.push('');
      md.push(cellTable(rows));
    }
  }
}
md.push('');
mkdirSync(outDir, { recursive: true });
writeFileSync(`${outDir}${outName}.md`, md.join('\n'));
const ch = charts(cells, 120);
writeFileSync(`${outDir}${outName}-occupancy.svg`, ch.occupancy);
writeFileSync(`${outDir}${outName}-abandon.svg`, ch.abandon);

// The headline to stdout.
console.log(goals(cells));
console.log('');
for (const agents of AGENTS) {
  const rows = cells.get(cellKey(agents, 120));
  if (!rows) continue;
  console.log(`\n${agents} agents, talk 120 s`);
  console.log(cellTable(rows));
}
console.log(`\nwrote ${outDir}${outName}.md, ${outName}-occupancy.svg, ${outName}-abandon.svg in ${elapsed.toFixed(0)} s`);
