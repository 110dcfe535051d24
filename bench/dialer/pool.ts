import { Worker } from 'node:worker_threads';
import type { Task, TaskResult } from './tasks';

/** Runs tasks on `workers` worker threads (largest first), printing progress to stderr. */
export async function runAll(tasks: Task[], workers: number): Promise<TaskResult[]> {
  const queue = [...tasks].sort((a, b) => b.cost - a.cost);
  const results: TaskResult[] = [];
  const total = tasks.length;
  const t0 = Date.now();
  await Promise.all(
    Array.from(
      { length: workers },
      () =>
        new Promise<void>((resolve, reject) => {
          // Node cannot start a .ts worker directly: register tsx inside the worker first.
          const workerUrl = new URL('./worker.ts', import.meta.url).href;
          const w = new Worker(`import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(workerUrl)}); });`, { eval: true });
          const next = (): void => {
            const task = queue.shift();
            if (!task) {
              void w.terminate();
              resolve();
              return;
            }
            w.postMessage(task);
          };
          w.on('message', (r: TaskResult) => {
            results.push(r);
            if (results.length % 10 === 0 || results.length === total) {
              process.stderr.write(`  ${results.length}/${total} tasks, ${((Date.now() - t0) / 1000).toFixed(0)} s\n`);
            }
            next();
          });
          w.on('error', reject);
          next();
        }),
    ),
  );
  return results;
}
