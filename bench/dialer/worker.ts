import { parentPort } from 'node:worker_threads';
import { runCampaign, type CampaignResult, type PolicySpec } from '@switchboard/dialer-sim';
import { EQUAL_TOLERANCE, pickEqual, type Task, type TaskResult } from './tasks';

interface Tuned {
  result: CampaignResult;
  spec: PolicySpec;
  value: number;
}

/** Runs one task: a campaign, or a bisection on a knob until the campaign lands on 3%. */
export function runTask(task: Task): TaskResult {
  const t0 = performance.now();
  if (!task.tuning) {
    const result = runCampaign({ workload: task.workload, policy: task.spec, days: task.days, seed: task.seed });
    return { id: task.id, result, spec: task.spec, ms: performance.now() - t0 };
  }
  const tn = task.tuning;
  let lo = tn.lo;
  let hi = tn.hi;
  const target = tn.target ?? 0.03;
  const rate = (r: CampaignResult): number => (tn.metric === 'worst24h' ? r.worst24hRate : r.blockRate);
  let best: Tuned | undefined;
  for (let i = 0; i < tn.iterations; i++) {
    // Geometric midpoint for scale knobs, arithmetic for the probability threshold.
    const mid = tn.field === 'threshold' ? (lo + hi) / 2 : Math.sqrt(lo * hi);
    const spec = { ...task.spec, [tn.field]: mid } as PolicySpec;
    const result = runCampaign({ workload: task.workload, policy: spec, days: task.days, seed: task.seed });
    if (!best || Math.abs(rate(result) - target) < Math.abs(rate(best.result) - target)) best = { result, spec, value: mid };
    const tooHot = rate(result) > target;
    if (tooHot === tn.increasing) hi = mid;
    else lo = mid;
  }
  if (tn.finalDays) {
    const days = tn.finalDays;
    const result = runCampaign({ workload: task.workload, policy: best!.spec, days, seed: task.seed });
    best = { ...best!, result };
    if (tn.refine) best = refine(task, best, days, rate, target);
  }
  return { id: task.id, result: best!.result, spec: best!.spec, tunedValue: best!.value, ms: performance.now() - t0 };
}

/**
 * Bisects `tuning.refine` more steps on the whole campaign, around the short bisection's value
 * (divided and multiplied by `refineFactor`). Keeps the run closest to the target among those
 * at or above it less EQUAL_TOLERANCE (so VICIdial never wins by abandoning less than allowed),
 * else the closest.
 */
function refine(task: Task, first: Tuned, days: number, rate: (r: CampaignResult) => number, target: number): Tuned {
  const tn = task.tuning!;
  const k = tn.refineFactor ?? 1.5;
  let lo = Math.max(tn.lo, first.value / k);
  let hi = Math.min(tn.hi, first.value * k);
  const tried: Tuned[] = [first];
  let cur = first;
  for (let i = 0; i < tn.refine!; i++) {
    const tooHot = rate(cur.result) > target;
    if (tooHot === tn.increasing) hi = cur.value;
    else lo = cur.value;
    const mid = tn.field === 'threshold' ? (lo + hi) / 2 : Math.sqrt(lo * hi);
    const spec = { ...task.spec, [tn.field]: mid } as PolicySpec;
    cur = { result: runCampaign({ workload: task.workload, policy: spec, days, seed: task.seed }), spec, value: mid };
    tried.push(cur);
  }
  return tried[pickEqual(tried.map((t) => rate(t.result)), target, EQUAL_TOLERANCE)]!;
}

parentPort?.on('message', (task: Task) => {
  parentPort!.postMessage(runTask(task));
});
