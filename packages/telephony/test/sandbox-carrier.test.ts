import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FakeClock } from '@switchboard/shared';
import { MediaEngine } from '@switchboard/media';
import { TelephonyEngine } from '../src/engine/telephony-engine';
import { SandboxCarrier } from '../src/sandbox/sandbox-carrier';
import type { EngineEvents } from '../src/api';
import { LinkedSignalling } from './helpers/linked-signalling';

test('sandbox carrier in memory: each number gives its typed outcome', async () => {
  const clock = new FakeClock();
  const [engineSide, carrierSide] = LinkedSignalling.pair();
  const engine = new TelephonyEngine({
    signalling: engineSide,
    media: new MediaEngine({ clock, portRange: { min: 29600, max: 29649 }, timeoutMs: 0, rtcpIntervalMs: 0 }),
    clock,
    trunks: [{ name: 'sandbox', address: '127.0.0.1:29500', ringTimeoutSec: 20 }],
  });
  const carrier = new SandboxCarrier({ signalling: carrierSide, media: new MediaEngine({ clock, portRange: { min: 29650, max: 29699 }, timeoutMs: 0, rtcpIntervalMs: 0 }), clock });

  async function call(number: string, advanceMs: number): Promise<{ ended?: EngineEvents['ended']; answered: boolean; ringing: boolean }> {
    const r: { ended?: EngineEvents['ended']; answered: boolean; ringing: boolean } = { answered: false, ringing: false };
    let id = '';
    const early: Array<() => void> = [];
    const offs = [
      engine.on('ended', (e) => (e.legId === id ? (r.ended = e) : early.push(() => e.legId === id && (r.ended = e)))),
      engine.on('answered', (e) => e.legId === id && (r.answered = true)),
      engine.on('ringing', (e) => (e.legId === id ? (r.ringing = true) : early.push(() => e.legId === id && (r.ringing = true)))),
    ];
    id = await engine.originate({ to: { trunk: 'sandbox', number } });
    early.forEach((f) => f());
    for (let t = 0; t < advanceMs; t += 500) {
      await new Promise((res) => setImmediate(res));
      clock.advance(500);
      await new Promise((res) => setTimeout(res, 2));
    }
    if (!r.ended) engine.hangup(id);
    await new Promise((res) => setImmediate(res));
    offs.forEach((o) => o());
    return r;
  }

  assert.equal((await call('2000', 1000)).ended?.cause, 'busy');
  assert.equal((await call('4000', 1000)).ended?.cause, 'invalid_number');
  assert.equal((await call('9999', 1000)).ended?.cause, 'invalid_number');
  const na = await call('3000', 21_000);
  assert.ok(na.ringing);
  assert.equal(na.ended?.cause, 'no_answer');
  const a = await call('1000', 1000);
  assert.ok(a.answered);
  assert.equal(a.ended?.cause, 'normal');
  const late = await call('503', 2500);
  assert.ok(late.ringing && !late.answered, 'not answered before 3 s');
  const late2 = await call('503', 4000);
  assert.ok(late2.answered, 'answered after 3 s');
  const m = await call('6000', 2000);
  assert.ok(m.answered);
  assert.deepEqual(
    carrier.seen.map((s) => s.behaviour),
    ['busy', 'invalid', 'invalid', 'no_answer', 'answer', 'answer', 'answer', 'machine'],
  );
  await engine.close();
  await carrier.close();
});
