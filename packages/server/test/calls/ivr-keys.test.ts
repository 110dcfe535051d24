import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { TelephonyEngine } from '@switchboard/telephony';
import { IvrKeys } from '../../src/calls/ivr-keys';

/** Just the engine verbs IvrKeys uses, recording the calls; the test plays the engine's events. */
function fakeEngine() {
  const log: string[] = [];
  let collect: ((r: { digits: string; reason: string }) => void) | undefined;
  let n = 0;
  const engine = {
    play: async (_leg: string, what: unknown) => {
      log.push(`play ${JSON.stringify(what)}`);
      return `pb${++n}`;
    },
    stopPlay: (id: string) => log.push(`stop ${id}`),
    collectDigits: (_leg: string, o: { maxDigits: number; terminators: string; firstDigitTimeoutMs: number }) => {
      log.push(`collect max=${o.maxDigits} term=${o.terminators} first=${o.firstDigitTimeoutMs}`);
      return new Promise((r) => (collect = r));
    },
  };
  return { engine: engine as unknown as TelephonyEngine, log, finishCollect: (digits: string, reason = 'terminator') => collect!({ digits, reason }) };
}

const action = { type: 'collect' as const, objectId: 'account', label: 'account', prompt: 'p.wav', minDigits: 1, maxDigits: 8, terminator: '#', timeoutMs: 5000, attempt: 1 };
const tick = () => new Promise((r) => setImmediate(r));

test('keys typed before a collect complete it without playing its prompt; the rest waits for the next collect', async () => {
  const f = fakeEngine();
  const keys = new IvrKeys(f.engine, 'leg');
  for (const d of '4321#2') keys.onDigit(d);
  assert.deepEqual(await keys.collect(action, { wav: 'p.wav' }, () => true), { kind: 'digits', digits: '4321' });
  assert.deepEqual(await keys.collect({ ...action, terminator: null, maxDigits: 1 }, { wav: 'm.wav' }, () => true), { kind: 'digits', digits: '2' });
  assert.deepEqual(f.log, [], 'no prompt, no engine collector');
});

test('a partial entry typed ahead skips the prompt and the engine collects only what is left', async () => {
  const f = fakeEngine();
  const keys = new IvrKeys(f.engine, 'leg');
  keys.onDigit('4');
  keys.onDigit('3');
  const result = keys.collect(action, { wav: 'p.wav' }, () => true);
  await tick();
  assert.deepEqual(f.log, ['collect max=6 term=# first=5000']);
  keys.onDigit('2'); // the engine's collector has this one: not kept twice
  f.finishCollect('21');
  assert.deepEqual(await result, { kind: 'digits', digits: '4321' });
});

test('the wait for a key starts when the prompt is over; a key during the prompt stops it (barge-in) and counts', async () => {
  const f = fakeEngine();
  const keys = new IvrKeys(f.engine, 'leg');
  const first = keys.collect(action, { wav: 'p.wav' }, () => true);
  await tick();
  assert.deepEqual(f.log, ['play {"wav":"p.wav"}'], 'no collector while the prompt plays');
  assert.equal(keys.onPlayFinished('pb1'), true, 'our prompt');
  await tick();
  assert.deepEqual(f.log.slice(1), ['collect max=8 term=# first=5000']);
  f.finishCollect('', 'timeout');
  assert.deepEqual(await first, { kind: 'timeout', digits: '' });

  const second = keys.collect(action, { wav: 'p.wav' }, () => true);
  await tick();
  keys.onDigit('9');
  assert.equal(f.log.at(-1), 'stop pb2', 'barge-in');
  assert.equal(keys.onPlayFinished('pb-other'), false, 'another playback is not ours');
  keys.onPlayFinished('pb2');
  await tick();
  assert.equal(f.log.at(-1), 'collect max=7 term=# first=5000');
  f.finishCollect('9');
  assert.deepEqual(await second, { kind: 'digits', digits: '99' });
});

test('a caller who leaves during a prompt releases the waiting collect', async () => {
  const f = fakeEngine();
  const keys = new IvrKeys(f.engine, 'leg');
  let still = true;
  const result = keys.collect(action, { wav: 'p.wav' }, () => still);
  await tick();
  still = false;
  keys.close();
  assert.deepEqual(await result, { kind: 'gone' });
  assert.equal(f.log.length, 1, 'no collector after the caller left');
});
