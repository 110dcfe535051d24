import type { ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';

/** What calls-server.ts reports of itself when asked (`{ type: 'cpu' }`). */
export interface ServerCpu {
  usage: NodeJS.CpuUsage;
  rss: number;
  loopP99Ms: number;
  loopMaxMs: number;
}

/**
 * A bench's server process (bench/support/calls-server.ts, forked): killed and its directory
 * removed on exit or Ctrl-C (BENCH_KEEP=1 or `keepDir` keeps it), and its typed replies.
 */
export function serverChild(child: ChildProcess, dir: string, o: { keepDir?: boolean; beforeKill?: () => void } = {}) {
  let cleaned = false;
  const cleanup = (): void => {
    if (cleaned) return;
    cleaned = true;
    o.beforeKill?.();
    child.kill('SIGKILL');
    if (!process.env.BENCH_KEEP && !o.keepDir) rmSync(dir, { recursive: true, force: true });
  };
  process.once('exit', cleanup);
  process.once('SIGINT', () => {
    cleanup();
    process.exit(130);
  });
  /** The child's next message of this type (the server dying first rejects, naming its warnings log). */
  const fromChild = <T>(type: string): Promise<T> =>
    new Promise((resolve, reject) => {
      const onExit = (code: number | null) => reject(new Error(`server exited (${code}); its warnings: ${join(dir, 'server-warnings.log')} (BENCH_KEEP=1 keeps it)`));
      const onMsg = (m: { type: string }) => {
        if (m.type !== type) return;
        child.off('message', onMsg);
        child.off('exit', onExit);
        resolve(m as T);
      };
      child.on('message', onMsg);
      child.once('exit', onExit);
    });
  const cpu = async (): Promise<ServerCpu> => (child.send({ type: 'cpu' }), fromChild<ServerCpu>('cpu'));
  /** True once cleaned up (a child process ending after that is expected). */
  const cleanedUp = (): boolean => cleaned;
  return { cleanup, cleanedUp, fromChild, cpu };
}
