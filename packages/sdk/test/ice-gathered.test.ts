import assert from 'node:assert/strict';
import { test } from 'node:test';
import { iceGathered, type IceGatheringPeer } from '../src/ice-gathered';

/** A peer whose gathering state the test moves (unit test: no browser here; the e2e use Chromium's). */
function peer(state: string): IceGatheringPeer & { set(s: string): void; listeners: number } {
  const fns = new Set<() => void>();
  const p = {
    iceGatheringState: state,
    get listeners() {
      return fns.size;
    },
    addEventListener: (_: 'icegatheringstatechange', fn: () => void) => void fns.add(fn),
    removeEventListener: (_: 'icegatheringstatechange', fn: () => void) => void fns.delete(fn),
    set(s: string) {
      p.iceGatheringState = s;
      for (const fn of [...fns]) fn();
    },
  };
  return p;
}

test('iceGathered: at once when complete; on the change to complete, not before; its listener removed', async () => {
  await iceGathered(peer('complete'), 10_000);
  const p = peer('new');
  let done = false;
  const w = iceGathered(p, 10_000).then(() => (done = true));
  p.set('gathering');
  await new Promise((r) => setImmediate(r));
  assert.equal(done, false, 'still gathering');
  p.set('complete');
  await w;
  assert.equal(p.listeners, 0);
});

test('iceGathered: a gathering that never completes ends at the limit, with what it has', async () => {
  const p = peer('gathering');
  const t0 = Date.now();
  await iceGathered(p, 50);
  assert.ok(Date.now() - t0 >= 45, 'waited for the limit');
  assert.equal(p.listeners, 0);
});
