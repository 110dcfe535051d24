import { test } from 'node:test';
import assert from 'node:assert/strict';
import { IvrKeys } from '../../src/call/ivr-keys';
import { FakeLeg } from './fake-port';

/** A caller's leg whose verbs are logged (without the leg id); the test plays its keys and playback ends. */
function fakeLeg() {
  const raw: string[] = [];
  const leg = new FakeLeg('leg', raw);
  const log = {
    get all() {
      return raw.map((l) => l.replace(/^leg /, '').replace(/ pb\d+$/, ''));
    },
  };
  return { leg, log, finishCollect: (digits: string, reason = 'terminator') => leg.finishCollect(digits, reason) };
}

const action = { type: 'collect' as const, objectId: 'account', label: 'account', prompt: 'p.wav', minDigits: 1, maxDigits: 8, terminator: '#', timeoutMs: 5000, attempt: 1 };
const tick = () => new Promise((r) => setImmediate(r));

test('keys typed before a collect complete it without playing its prompt; the rest waits for the next collect', async () => {
  const f = fakeLeg();
  const keys = new IvrKeys(f.leg);
  for (const d of '4321#2') f.leg.key(d);
  assert.deepEqual(await keys.collect(action, { wav: 'p.wav' }, () => true), { kind: 'digits', digits: '4321' });
  assert.deepEqual(await keys.collect({ ...action, terminator: null, maxDigits: 1 }, { wav: 'm.wav' }, () => true), { kind: 'digits', digits: '2' });
  assert.deepEqual(f.log.all, [], 'no prompt, no engine collector');
});

test('a partial entry typed ahead skips the prompt and the engine collects only what is left', async () => {
  const f = fakeLeg();
  const keys = new IvrKeys(f.leg);
  f.leg.key('4');
  f.leg.key('3');
  const result = keys.collect(action, { wav: 'p.wav' }, () => true);
  await tick();
  assert.deepEqual(f.log.all, ['collect max=6 term=# first=5000']);
  f.leg.key('2'); // the engine's collector has this one: not kept twice
  f.finishCollect('21');
  assert.deepEqual(await result, { kind: 'digits', digits: '4321' });
});

test('the wait for a key starts when the prompt is over; a key during the prompt stops it (barge-in) and counts', async () => {
  const f = fakeLeg();
  const keys = new IvrKeys(f.leg);
  const first = keys.collect(action, { wav: 'p.wav' }, () => true);
  await tick();
  assert.deepEqual(f.log.all, ['play {"wav":"p.wav"}'], 'no collector while the prompt plays');
  f.leg.playbacks[0]!.end(); // the prompt ran out
  await tick();
  assert.deepEqual(f.log.all.slice(1), ['collect max=8 term=# first=5000']);
  f.finishCollect('', 'timeout');
  assert.deepEqual(await first, { kind: 'timeout', digits: '' });

  const second = keys.collect(action, { wav: 'p.wav' }, () => true);
  await tick();
  f.leg.key('9');
  assert.equal(f.log.all.at(-1), 'stop', 'barge-in');
  assert.equal(f.leg.playbacks[1]!.done, true, 'the prompt stopped');
  await tick();
  assert.equal(f.log.all.at(-1), 'collect max=7 term=# first=5000');
  f.finishCollect('9');
  assert.deepEqual(await second, { kind: 'digits', digits: '99' });
});

test('a caller who leaves during a prompt releases the waiting collect', async () => {
  const f = fakeLeg();
  const keys = new IvrKeys(f.leg);
  let still = true;
  const result = keys.collect(action, { wav: 'p.wav' }, () => still);
  await tick();
  still = false;
  keys.close();
  assert.deepEqual(await result, { kind: 'gone' });
  assert.deepEqual(f.log.all, ['play {"wav":"p.wav"}', 'stop'], 'the prompt stops; no collector after the caller left');
});
