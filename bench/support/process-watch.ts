/**
 * What the media benches' relay children and driver measure about processes and the machine, from
 * Linux's /proc and V8: CPU per process and per thread, event-loop delay and GC pauses, whole-machine
 * idle time, and kernel drops at full UDP receive buffers by port.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { PerformanceObserver, constants as perfConstants, monitorEventLoopDelay } from 'node:perf_hooks';

/**
 * --heap-sample=live|alloc|promoted: V8's sampling heap profiler over the media phase, written to
 * .tmp/prof/*.heapprofile (Chrome DevTools, Memory tab). live: what is still reachable at the end
 * (leaks); alloc: everything allocated (per-packet garbage); promoted: what outlived a scavenge
 * (what makes scavenges slow and fills old space).
 */
export async function heapSampler(mode: string): Promise<{ start(): Promise<void>; stop(): Promise<void> }> {
  const { Session } = await import('node:inspector');
  const { mkdirSync, writeFileSync } = await import('node:fs');
  const s = new Session();
  s.connect();
  const post = (method: string, params?: object) => new Promise<unknown>((r, j) => s.post(method, params ?? {}, (err, res) => (err ? j(err) : r(res))));
  return {
    start: async () =>
      void (await post('HeapProfiler.startSampling', {
        samplingInterval: 1024,
        includeObjectsCollectedByMajorGC: mode !== 'live',
        includeObjectsCollectedByMinorGC: mode === 'alloc',
      })),
    stop: async () => {
      // Sweep the nursery first, so 'promoted' shows what outlived scavenges, not what awaits one.
      if (mode !== 'alloc') {
        const { setFlagsFromString } = await import('node:v8');
        const { runInNewContext } = await import('node:vm');
        setFlagsFromString('--expose-gc');
        (runInNewContext('gc') as (o: object) => void)({ type: 'minor' });
      }
      const { profile } = (await post('HeapProfiler.stopSampling')) as { profile: unknown };
      mkdirSync('.tmp/prof', { recursive: true });
      writeFileSync(`.tmp/prof/engine-${mode}-${Date.now()}.heapprofile`, JSON.stringify(profile));
    },
  };
}

/**
 * A full GC after set-up (unless --no-settle): the burst of N call set-ups leaves a few MB of
 * young long-lived objects (legs, dialogs, sockets, recorders) that the first scavenges of the
 * media phase would copy and promote, a one-off pause of several ms that a server whose calls
 * arrive over minutes never sees in one piece. Settling measures the steady state.
 */
export async function settle(): Promise<void> {
  if (process.argv.includes('--no-settle')) return;
  const { setFlagsFromString } = await import('node:v8');
  const { runInNewContext } = await import('node:vm');
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
}

/** CPU ms per thread name of this process (Linux /proc): main, libuv pool, V8 GC helpers. */
export function threadCpuMs(): Record<string, number> {
  const out: Record<string, number> = {};
  try {
    for (const t of readdirSync('/proc/self/task')) {
      const stat = readFileSync(`/proc/self/task/${t}/stat`, 'utf8');
      // The main thread by its id (worker threads share its name, 'node').
      const name = t === String(process.pid) ? 'main' : stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')).replace(/[0-9]+$/, '');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      out[name] = (out[name] ?? 0) + ((Number(f[11]) + Number(f[12])) * 1000) / 100;
    }
  } catch {
    // not Linux: no per-thread figures
  }
  return out;
}

/** Event-loop delay p99 and GC pauses of a relay child over the window since the last call. */
export function loopWatch(): () => { loopP99: number; gc: string; threads: Record<string, number> } {
  // The histogram holds the intervals between 5 ms wake-ups: the delay is what exceeds 5 ms.
  const RESOLUTION = 5;
  const loop = monitorEventLoopDelay({ resolution: RESOLUTION });
  loop.enable();
  const kinds: Record<number, string> = {
    [perfConstants.NODE_PERFORMANCE_GC_MINOR]: 'scavenge',
    [perfConstants.NODE_PERFORMANCE_GC_MAJOR]: 'mark-compact',
    [perfConstants.NODE_PERFORMANCE_GC_INCREMENTAL]: 'incremental',
    [perfConstants.NODE_PERFORMANCE_GC_WEAKCB]: 'weak-cb',
  };
  let gc: Record<string, { n: number; ms: number; max: number }> = {};
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      const k = kinds[(e as unknown as { detail: { kind: number } }).detail.kind] ?? 'other';
      const g = (gc[k] ??= { n: 0, ms: 0, max: 0 });
      g.n++;
      g.ms += e.duration;
      g.max = Math.max(g.max, e.duration);
    }
  }).observe({ entryTypes: ['gc'] });
  return () => {
    const out = {
      loopP99: Math.max(0, loop.percentile(99) / 1e6 - RESOLUTION),
      gc: Object.entries(gc)
        .map(([k, g]) => `${k} ${g.n}× ${g.ms.toFixed(0)} ms (max ${g.max.toFixed(1)})`)
        .join(', '),
    };
    loop.reset();
    gc = {};
    return { ...out, threads: threadCpuMs() };
  };
}

/** utime+stime of a process in ms, from /proc (Linux). */
export function procCpuMs(pid: number | undefined): number {
  if (pid === undefined) return 0;
  try {
    const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return ((Number(f[11]) + Number(f[12])) * 1000) / 100; // fields 14, 15 in USER_HZ (100)
  } catch {
    return 0;
  }
}

/**
 * Datagrams the kernel dropped at full receive buffers, per local port (/proc/net/udp's drops column),
 * so a step's loss can be placed: at sipp's echo socket, at the relay under test, or elsewhere (RTCP
 * sent to sipp's unread port +1 fills its buffer and drops there, harmlessly).
 */
export function udpDropsByPort(): Map<number, number> {
  const m = new Map<number, number>();
  try {
    for (const line of readFileSync('/proc/net/udp', 'utf8').split('\n').slice(1)) {
      const f = line.trim().split(/\s+/);
      if (f.length < 13) continue;
      const port = parseInt(f[1]!.split(':')[1]!, 16);
      m.set(port, (m.get(port) ?? 0) + Number(f[f.length - 1]));
    }
  } catch {
    /* not Linux: no figure */
  }
  return m;
}

export function dropsNote(before: Map<number, number>, after: Map<number, number>, echoPort: number, relay: { min: number; max: number }): string {
  let echo = 0;
  let inRelay = 0;
  let other = 0;
  for (const [port, n] of after) {
    const d = n - (before.get(port) ?? 0);
    if (d <= 0) continue;
    if (port === echoPort) echo += d;
    else if (port >= relay.min && port <= relay.max) inRelay += d;
    else other += d;
  }
  return `socket drops: sipp echo ${echo}, relay ${inRelay}, other ${other}`;
}

/** [idle, total] jiffies of the whole machine. */
export function machineTicks(): [number, number] {
  const f = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
  return [f[3]! + f[4]!, f.reduce((x, y) => x + y, 0)];
}
