import { parentPort } from 'node:worker_threads';
import { runCampaign, type CampaignResult, type PolicySpec } from '@switchboard/dialer-sim';
import type { Task, TaskResult } from './tasks';

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
  let best: { result: CampaignResult; spec: PolicySpec; value: number } | undefined;
  for (let i = 0; i < tn.iterations; i++) {
    // Geometric midpoint for scale knobs, arithmetic for the probability threshold.
    const mid = tn.field === 'threshold' ? (lo + hi) / 2 : Math.sqrt(lo * hi);
    const spec = { ...task.spec, [tn.field]: mid } as PolicySpec;
    const result = runCampaign({ workload: task.workload, policy: spec, days: task.days, seed: task.seed });
    if (!best || Math.abs(result.blockRate - 0.03) < Math.abs(best.result.blockRate - 0.03)) best = { result, spec, value: mid };
    const tooHot = result.blockRate > 0.03;
    if (tooHot === tn.increasing) hi = mid;
    else lo = mid;
  }
  return { id: task.id, result: best!.result, spec: best!.spec, tunedValue: best!.value, ms: performance.now() - t0 };
}

parentPort?.on('message', (task: Task) => {
  parentPort!.postMessage(runTask(task));
});
