import { createSocket, type Socket } from 'node:dgram';
import { loopWatch, settle } from './process-watch';

/** The floor any relay pays: per call, socket A (generator side) and B (echo side), no parsing. */
const RELAY_WORKER = `
const { createSocket } = require('node:dgram');
const { parentPort, workerData: d } = require('node:worker_threads');
(async () => {
  for (const i of d.calls) {
    const a = createSocket({ type: 'udp4', recvBufferSize: d.buffer });
    const b = createSocket({ type: 'udp4', recvBufferSize: d.buffer });
    await new Promise((r) => a.bind(45000 + i * 2, d.host, r));
    await new Promise((r) => b.bind(45001 + i * 2, d.host, r));
    let genPort = 0;
    a.on('message', (msg, r) => { genPort = r.port; b.send(msg, d.uas, d.host); });
    b.on('message', (msg) => genPort && a.send(msg, genPort, d.host));
  }
  parentPort.postMessage('ready');
})();
`;

/**
 * The bare relay child (--role=bare): per call, socket A at 45000 + 2i and socket B at 45001 + 2i;
 * what reaches A goes from B to sipp's echo, and back. Driven by the bench over IPC like the engine.
 */
export async function bareRelay(o: { host: string; echoPort: number; buffer: number; threads: number }): Promise<void> {
  const { host: HOST, echoPort: UAS_MEDIA, buffer: BUFFER } = o;
  const all: Socket[] = [];
  const workers: import('node:worker_threads').Worker[] = [];
  const watch = loopWatch();
  process.on('message', async (m: { kind: string; calls?: number }) => {
    if (m.kind === 'setup') {
      const calls = m.calls ?? 0;
      const ports: number[] = [];
      const threads = o.threads;
      if (threads > 1) {
        // The same relay split over worker threads (calls i ≡ w mod threads on worker w): the
        // ceiling a media plane on several threads could reach on this machine.
        const { Worker } = await import('node:worker_threads');
        await Promise.all(
          Array.from({ length: threads }, (_, w) => {
            const mine = Array.from({ length: calls }, (_, i) => i).filter((i) => i % threads === w);
            const wk = new Worker(RELAY_WORKER, { eval: true, workerData: { calls: mine, host: HOST, uas: UAS_MEDIA, buffer: BUFFER } });
            workers.push(wk);
            return new Promise((r) => wk.once('message', r));
          }),
        );
        for (let i = 0; i < calls; i++) ports.push(45000 + i * 2);
        await settle();
        process.send!({ kind: 'ports', ports });
        return;
      }
      for (let i = 0; i < calls; i++) {
        const a = createSocket({ type: 'udp4', recvBufferSize: BUFFER });
        const b = createSocket({ type: 'udp4', recvBufferSize: BUFFER });
        const bind = (s: Socket, port: number) =>
          new Promise<void>((r, j) => {
            s.once('error', j);
            s.bind(port, HOST, () => r());
          });
        await bind(a, 45000 + i * 2);
        await bind(b, 45001 + i * 2);
        let genPort = 0;
        a.on('message', (msg, r) => {
          genPort = r.port;
          b.send(msg, UAS_MEDIA, HOST);
        });
        b.on('message', (msg) => genPort && a.send(msg, genPort, HOST));
        all.push(a, b);
        ports.push(45000 + i * 2);
      }
      await settle();
      process.send!({ kind: 'ports', ports });
    } else if (m.kind === 'cpu') {
      process.send!({ kind: 'cpu', cpu: process.cpuUsage(), ...watch() });
    } else if (m.kind === 'stop') {
      for (const s of all) s.close();
      await Promise.all(workers.map((w) => w.terminate()));
      process.send!({ kind: 'stopped' });
      if (process.execArgv.includes('--cpu-prof')) setTimeout(() => process.exit(0), 200);
    }
  });
  process.send!({ kind: 'ready' });
}
