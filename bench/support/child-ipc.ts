import type { ChildProcess } from 'node:child_process';

/** A message between a bench driver and its forked children: a kind and what goes with it. */
export type ChildMsg = { kind: string; [k: string]: unknown };

/**
 * Talking to a forked bench child over IPC: send a message (none when `msg.kind` is empty) and
 * wait for the first reply of a kind, with a timeout so a dead child fails the run instead of
 * hanging it; and stopping a child, resolved only once it is gone (its ports are free again).
 */
export function ask<T extends ChildMsg>(c: ChildProcess, msg: ChildMsg, reply: string, timeoutMs = 60_000): Promise<T> {
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => {
      c.off('message', on);
      reject(new Error(`no '${reply}' from a child within ${timeoutMs} ms`));
    }, timeoutMs);
    const on = (m: ChildMsg): void => {
      if (m.kind !== reply) return;
      clearTimeout(t);
      c.off('message', on);
      resolve(m as T);
    };
    c.on('message', on);
    if (msg.kind) c.send(msg);
  });
}

/** Kills a child (after `graceMs`, e.g. to let it write a CPU profile) and waits until it is gone. */
export function stopChild(c: ChildProcess, graceMs = 0): Promise<void> {
  if (c.exitCode !== null) return Promise.resolve();
  return new Promise((r) => {
    c.once('exit', () => r());
    setTimeout(() => c.kill('SIGKILL'), graceMs);
  });
}
