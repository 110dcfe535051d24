/**
 * npm run bench:dialer [-- options]
 * Runs every pacing policy on dialer.md's workload (wrap lognormal CV 1) with common random numbers,
 * on several seeds, and writes bench/results/dialer.md plus two SVG charts. See packages/dialer-sim/README.md.
 *   --days N (30)  --seeds N (3; seeds are --seed, --seed + 1, ...)  --seed N (20260105)  --workers N (2)
 *   --agents 5,10,20,50,100  --talks 60,120,300   (which default cells to run)
 *   --no-scenarios  --no-wrap-sweep  --no-oracle  --no-vici-best  --full-grid  --hindsight-rows
 *   --only switchboard,clairvoyant: only these policy kinds (a compliance-only run)
 *   --scenario-filter TEXT: only the stress scenarios whose name contains TEXT; --agents none: no default cells
 *   --tune-days N (5) --tune-iterations N (5) --refine N (2): tuned rows bisect on N days, then refine on the campaign
 *   --quick: 3 days, 1 seed, fewer tuning steps (a smoke run)
 *   --ring-limit S, --answers-after-ring-out: model variants (results to dialer-ring<S>.md / dialer-late-answers.md)
 *   --out NAME: results to bench/results/NAME.md
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { DEFAULT_WORKLOAD } from '@switchboard/dialer-sim';
import { methodology } from './methodology';
import { runAll } from './pool';
import { cellTable, charts, collect, goals, isOurs } from './report';
import { AGENTS, buildTasks, buildViciBestTasks, cellKey, SCENARIO_AGENTS, SCENARIOS, TALKS, WRAP_SWEEP, wrapScenario, type BuildOptions } from './tasks';

const argv = process.argv.slice(2);
const quick = argv.includes('--quick');
const argNum = (name: string, dflt: number): number => {
  const i = argv.indexOf(name);
  return i >= 0 ? Number(argv[i + 1]) : dflt;
};
const argList = (name: string, dflt: number[]): number[] => {
  const i = argv.indexOf(name);
  if (i < 0) return dflt;
  return argv[i + 1] === 'none' ? [] : argv[i + 1]!.split(',').map(Number);
};
const days = argNum('--days', quick ? 3 : 30);
const seed = argNum('--seed', 20260105);
const seedCount = argNum('--seeds', quick ? 1 : 3);
const workers = argNum('--workers', Math.max(1, Math.min(2, availableParallelism())));
const ringLimitSec = argv.includes('--ring-limit') ? argNum('--ring-limit', 20) : undefined;
const lateAnswers = argv.includes('--answers-after-ring-out');
const outIdx = argv.indexOf('--out');
const outName = outIdx >= 0 ? argv[outIdx + 1]! : (ringLimitSec === undefined ? 'dialer' : `dialer-ring${ringLimitSec}`) + (lateAnswers ? '-late-answers' : '');
const opts: BuildOptions = {
  days,
  seeds: Array.from({ length: seedCount }, (_, i) => seed + i),
  agents: argList('--agents', AGENTS),
  talks: argList('--talks', TALKS),
  scenarios: !argv.includes('--no-scenarios'),
  wrapSweep: !argv.includes('--no-wrap-sweep'),
  fullGrid: argv.includes('--full-grid'),
  oracle: !argv.includes('--no-oracle'),
  tuneDays: argNum('--tune-days', quick ? 2 : 5),
  tuneIterations: argNum('--tune-iterations', quick ? 3 : 5),
  refine: argNum('--refine', quick ? 1 : 2),
  hindsightRows: argv.includes('--hindsight-rows'),
  ...(argv.includes('--only') ? { only: argv[argv.indexOf('--only') + 1]!.split(',') } : {}),
  ...(argv.includes('--scenario-filter') ? { scenarioFilter: argv[argv.indexOf('--scenario-filter') + 1]! } : {}),
  base: { ...DEFAULT_WORKLOAD, answersAfterRingOut: lateAnswers },
  ...(ringLimitSec !== undefined ? { ringLimitMs: Math.round(ringLimitSec * 1000) } : {}),
};
const viciBestOn = !argv.includes('--no-vici-best');
const outDir = new URL('../results/', import.meta.url).pathname;

const started = Date.now();
const tasks = buildTasks(opts);
process.stderr.write(`dialer bench: ${tasks.length} tasks, ${days} days per campaign, seeds ${opts.seeds.join(', ')}, ${workers} workers\n`);
const results = await runAll(tasks, workers);
if (viciBestOn) {
  // Second phase: VICIdial at its best, tuned to Switchboard's worst 24-hour window per cell and seed.
  const worst = new Map<string, number>();
  for (const [cell, rows] of collect(tasks, results)) for (const r of rows.filter(isOurs)) worst.set(`${cell}#${r.task.seed}`, r.result.worst24hRate);
  const more = buildViciBestTasks({ ...opts, firstId: tasks.length, worst });
  process.stderr.write(`dialer bench: ${more.length} tasks searching VICIdial at its best\n`);
  tasks.push(...more);
  results.push(...(await runAll(more, workers)));
}
const cells = collect(tasks, results);
const elapsed = (Date.now() - started) / 1000;

const extraCells: string[] = [];
if (opts.scenarios)
  for (const s of SCENARIOS.filter((x) => !opts.scenarioFilter || x.name.includes(opts.scenarioFilter))) for (const a of SCENARIO_AGENTS) extraCells.push(cellKey(a, 120, s.name));
if (opts.wrapSweep) for (const w of WRAP_SWEEP) for (const a of SCENARIO_AGENTS) extraCells.push(cellKey(a, 120, wrapScenario(w)));
const md: string[] = [methodology({ argv, opts, viciBest: viciBestOn, quick, elapsed, workers, lateAnswers, ...(ringLimitSec !== undefined ? { ringLimitSec } : {}) })];
md.push('## Goals (issue 17, "Show")', '', goals(cells, { agents: opts.agents, talks: opts.talks, extraCells }), '');
md.push('## Charts', '', `![occupancy](${outName}-occupancy.svg)`, '', `![abandon](${outName}-abandon.svg)`, '');
md.push('## Every cell (default workload: 20% live, AMD off, wrap 15 s CV 1)');
for (const agents of opts.agents) {
  for (const talk of opts.talks) {
    const rows = cells.get(cellKey(agents, talk));
    if (!rows) continue;
    md.push('', `### ${agents} agents, talk ${talk} s`, '', cellTable(rows));
  }
}
if (extraCells.length) {
  md.push('', '## Stress scenarios and the wrap sweep (20 agents, 120 s talk)');
  for (const key of extraCells) {
    const rows = cells.get(key);
    if (!rows) continue;
    md.push('', `### ${key.split('|')[0]}, ${key.split('|')[1]} agents`, '', cellTable(rows));
  }
}
md.push('');
mkdirSync(outDir, { recursive: true });
writeFileSync(`${outDir}${outName}.md`, md.join('\n'));
const chartTalk = opts.talks.includes(120) ? 120 : opts.talks[0]!;
const ch = charts(cells, chartTalk, opts.agents);
writeFileSync(`${outDir}${outName}-occupancy.svg`, ch.occupancy);
writeFileSync(`${outDir}${outName}-abandon.svg`, ch.abandon);
console.log(goals(cells, { agents: opts.agents, talks: opts.talks, extraCells }));
console.log(`\nwrote ${outDir}${outName}.md, ${outName}-occupancy.svg, ${outName}-abandon.svg in ${elapsed.toFixed(0)} s`);
