import { join } from 'node:path';
import { createEngine, connectLegs, type EngineStack } from '../../src/index';
import { Baresip, makeToneWav, requireTool, tempDir } from '@switchboard/testkit';

export interface TwoPhones {
  stack: EngineStack;
  a: Baresip;
  b: Baresip;
  /** The caller's leg (inbound) and the callee's (outbound), once known. */
  legs: { a: string; b: string };
  close(): Promise<void>;
}

/**
 * Two baresips (a calls b through the engine): a sends `freqA`, b sends `freqB`. The engine
 * routes the call with connectLegs. Ports: baresips at `base` and `base + 100`.
 */
export async function twoPhones(o: {
  base: number;
  enginePort: number;
  rtp: { min: number; max: number };
  freqA: number;
  freqB: number;
  /** RTP sockets on I/O threads (MediaEngine ioThreads). */
  ioThreads?: number;
}): Promise<TwoPhones> {
  requireTool('baresip');
  requireTool('sox');
  const dir = tempDir('two-phones');
  makeToneWav(join(dir, 'a.wav'), o.freqA, 60);
  makeToneWav(join(dir, 'b.wav'), o.freqB, 60);
  const a = new Baresip({ name: 'alice', base: o.base, audioWav: join(dir, 'a.wav') });
  const b = new Baresip({ name: 'bob', base: o.base + 100, audioWav: join(dir, 'b.wav') });
  const stack = await createEngine({ sipUdpPort: o.enginePort, rtpPorts: o.rtp, ...(o.ioThreads ? { rtpIoThreads: o.ioThreads } : {}) });
  const legs = { a: '', b: '' };
  stack.engine.on('offered', ({ leg }) => {
    legs.a = leg.id;
    void connectLegs(stack.engine, leg.id, { to: { uri: b.uri, host: '127.0.0.1', port: b.sipPort }, from: leg.from }).then((id) => (legs.b = id));
  });
  await Promise.all([a.start(), b.start()]);
  a.dial(`sip:bob@127.0.0.1:${o.enginePort}`);
  await a.waitEvent('CALL_ESTABLISHED');
  await b.waitEvent('CALL_ESTABLISHED');
  return {
    stack,
    a,
    b,
    legs,
    close: async () => {
      await Promise.all([a.stop(), b.stop()]);
      await stack.engine.close();
    },
  };
}
