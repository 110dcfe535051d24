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
  const target = tn.target ?? 0.03;
  const rate = (r: CampaignResult): number => (tn.metric === 'worst24h' ? r.worst24hRate : r.blockRate);
  let best: { result: CampaignResult; spec: PolicySpec; value: number } | undefined;
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
    const result = runCampaign({ workload: task.workload, policy: best!.spec, days: tn.finalDays, seed: task.seed });
    best = { ...best!, result };
  }
  return { id: task.id, result: best!.result, spec: best!.spec, tunedValue: best!.value, ms: performance.now() - t0 };
}

parentPort?.on('message', (task: Task) => {
  parentPort!.postMessage(runTask(task));
});
