import { parentPort } from 'node:worker_threads';
import { runCampaign, type CampaignResult, type PolicySpec } from '@switchboard/dialer-sim';
import { pickBestUnder, pickClosest, type Task, type TaskResult } from './tasks';

interface Tuned {
  result: CampaignResult;
  spec: PolicySpec;
  value: number;
}

/** Runs one task: a campaign, or a knob tuned in hindsight (see Tuning). */
export function runTask(task: Task): TaskResult {
  const t0 = performance.now();
  if (!task.tuning) {
    const result = runCampaign({ workload: task.workload, policy: task.spec, days: task.days, seed: task.seed });
    return { id: task.id, result, spec: task.spec, ms: performance.now() - t0 };
  }
  const tn = task.tuning;
  const target = tn.target ?? 0.03;
  const rate = (r: CampaignResult): number => (tn.metric === 'worst24h' ? r.worst24hRate : r.blockRate);
  const short = bisect(task, tn.lo, tn.hi, tn.iterations, task.days, rate, target);
  let best =
    short[
      pickClosest(
        short.map((t) => rate(t.result)),
        target,
      )
    ]!;
  if (tn.finalDays) {
    const days = tn.finalDays;
    const first = { ...best, result: runCampaign({ workload: task.workload, policy: best.spec, days, seed: task.seed }) };
    const whole = [first];
    if (tn.refine) {
      // Around the short bisection's value, on the whole campaign: the bracket (divided and
      // multiplied by refineFactor) is first narrowed by that value's own whole-campaign run.
      const k = tn.refineFactor ?? 1.5;
      let lo = Math.max(tn.lo, first.value / k);
      let hi = Math.min(tn.hi, first.value * k);
      if (rate(first.result) > target === tn.increasing) hi = first.value;
      else lo = first.value;
      whole.push(...bisect(task, lo, hi, tn.refine, days, rate, target));
    }
    best =
      tn.pick === 'best-under'
        ? whole[
            pickBestUnder(
              whole.map((t) => ({ rate: rate(t.result), talk: t.result.talkMinPerAgentHour })),
              target,
            )
          ]!
        : whole[
            pickClosest(
              whole.map((t) => rate(t.result)),
              target,
            )
          ]!;
  }
  return { id: task.id, result: best.result, spec: best.spec, tunedValue: best.value, ms: performance.now() - t0 };
}

/**
 * `steps` bisection steps on the task's knob within [lo, hi], each a campaign of `days` days;
 * the bracket closes on the side that overshoots `target`. Returns every run, in order.
 */
function bisect(task: Task, lo: number, hi: number, steps: number, days: number, rate: (r: CampaignResult) => number, target: number): Tuned[] {
  const tn = task.tuning!;
  const tried: Tuned[] = [];
  for (let i = 0; i < steps; i++) {
    // Geometric midpoint for scale knobs, arithmetic for the probability threshold.
    const mid = tn.field === 'threshold' ? (lo + hi) / 2 : Math.sqrt(lo * hi);
    const spec = { ...task.spec, [tn.field]: mid } as PolicySpec;
    const result = runCampaign({ workload: task.workload, policy: spec, days, seed: task.seed });
    tried.push({ result, spec, value: mid });
    if (rate(result) > target === tn.increasing) hi = mid;
    else lo = mid;
  }
  return tried;
}

parentPort?.on('message', (task: Task) => {
  parentPort!.postMessage(runTask(task));
});
