import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createSocket, type Socket } from 'node:dgram';
import { MediaEngine, decodeG711, encodeG711, isTonePresent, renderTone, writeRtpHeader } from '@switchboard/media';
import { TelephonyEngine } from '../src/engine/telephony-engine';
import { FakeSignalling, sdpFor } from './helpers/fake-signalling';

// Ports: engine RTP 32800-32819, peers 32820-32822.

/** A far end: sends its tone every 20 ms and keeps what it hears, by phase. */
class Peer {
  readonly sock: Socket = createSocket('udp4');
  private heard: number[] = [];
  private seq = 1;
  private ts = 0;
  private timer: NodeJS.Timeout | undefined;
  private to: number | undefined;
  private readonly tone: Int16Array;
  constructor(
    readonly port: number,
    freq: number,
  ) {
    this.tone = renderTone({ freqs: [freq], amplitude: 6000 }, 1000);
    this.sock.on('message', (m: Buffer, r) => {
      this.to ??= r.port;
      const pcm = new Int16Array(m.length - 12);
      decodeG711('PCMU', m, 12, m.length - 12, pcm);
      this.heard.push(...pcm);
    });
  }
  async start(enginePort: number): Promise<void> {
    await new Promise<void>((r) => this.sock.bind(this.port, '127.0.0.1', () => r()));
    this.to = enginePort;
    this.timer = setInterval(() => {
      const b = Buffer.alloc(172);
      writeRtpHeader(b, 0, 0, this.seq++, this.ts, 0x1000 + this.port);
      encodeG711('PCMU', this.tone, (this.ts % 6400) as number, 160, b, 12);
      this.ts += 160;
      this.sock.send(b, this.to!, '127.0.0.1');
    }, 20);
  }
  /** What was heard since the last take. */
  take(): Int16Array {
    const h = Int16Array.from(this.heard);
    this.heard = [];
    return h;
  }
  close(): void {
    clearInterval(this.timer);
    this.sock.close();
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

test('a bridge leg with an audience: heard by nobody, by one leg, by all; without it the two-leg relay comes back', async () => {
  const signalling = new FakeSignalling();
  const engine = new TelephonyEngine({ signalling, media: new MediaEngine({ portRange: { min: 32800, max: 32819 }, rtcpIntervalMs: 0 }) });
  const freqs = [500, 900, 1400];
  const peers = freqs.map((f, i) => new Peer(32820 + i, f));
  try {
    const legs: string[] = [];
    engine.on('offered', (e) => legs.push(e.leg.id));
    const signals = peers.map((p) => signalling.incoming(sdpFor(p.port)));
    assert.equal(legs.length, 3);
    for (const id of legs) await engine.answer(id);
    for (const [i, p] of peers.entries()) await p.start(Number(/m=audio (\d+)/.exec(signals[i]!.answeredSdp ?? '')?.[1]));
    const [caller, agent, sup] = legs as [string, string, string];
    const br = engine.bridge([caller, agent]);
    assert.equal(engine.bridgeMixing(br), false, 'two legs are relayed');
    const round = async (name: string, want: boolean[][]) => {
      await sleep(300);
      for (const p of peers) p.take();
      await sleep(900);
      peers.forEach((p, listener) => {
        const pcm = p.take();
        assert.ok(pcm.length >= 3200, `${name}: peer ${listener} heard ${pcm.length} samples`);
        want[listener]!.forEach((w, speaker) => assert.equal(isTonePresent(pcm, freqs[speaker]!, { minRatio: 0.2 }), w, `${name}: peer ${listener} hearing ${freqs[speaker]} Hz`));
      });
    };
    engine.moveLeg(sup, br);
    engine.setAudience(br, sup, []);
    await round('listen', [
      [false, true, false],
      [true, false, false],
      [true, true, false],
    ]);
    engine.setAudience(br, sup, [agent]);
    await round('whisper', [
      [false, true, false],
      [true, false, true],
      [true, true, false],
    ]);
    engine.setAudience(br, sup, null);
    await round('barge', [
      [false, true, true],
      [true, false, true],
      [true, true, false],
    ]);
    // Listening while the agent holds the caller: two live legs, still mixed, the agent still not hearing.
    engine.setAudience(br, sup, []);
    engine.unbridge(caller);
    assert.equal(engine.bridgeMixing(br), true, 'a leg with an audience keeps the bridge mixing with two legs');
    engine.moveLeg(caller, br);
    engine.unbridge(sup);
    assert.equal(engine.bridgeMixing(br), false, 'the monitor gone: back to the relay');
    assert.deepEqual(new Set(engine.bridgeLegs(br)), new Set([caller, agent]));
    await sleep(300);
    for (const p of peers) p.take();
    await sleep(600);
    const [c, a] = [peers[0]!.take(), peers[1]!.take()];
    assert.ok(isTonePresent(c, freqs[1]!, { minRatio: 0.2 }) && !isTonePresent(c, freqs[2]!), 'caller hears the agent only');
    assert.ok(isTonePresent(a, freqs[0]!, { minRatio: 0.2 }) && !isTonePresent(a, freqs[2]!), 'agent hears the caller only');
    assert.throws(() => engine.setAudience(br, sup, []), /not in bridge/);
  } finally {
    for (const p of peers) p.close();
    await engine.close();
  }
});
