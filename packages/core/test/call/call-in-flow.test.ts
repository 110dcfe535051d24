import { test } from 'node:test';
import assert from 'node:assert/strict';
import { silentLogger } from '@switchboard/shared';
import { runCallInFlow } from '../../src/call/call-in-flow';
import { FakeLeg } from './fake-port';

const tick = () => new Promise((r) => setImmediate(r));

test('call in: answered and masked; a wrong PIN gets the retry tone, the right one opens the path and unmasks', async () => {
  const log: string[] = [];
  const leg = new FakeLeg('phone', log);
  const tries: string[] = [];
  const flow = runCallInFlow({ logger: silentLogger, verify: async (agent, pin) => (tries.push(`${agent}/${pin}`), pin === '2468') }, leg);
  for (const [id, pin] of [
    ['1001', '1111'],
    ['1001', '2468'],
  ]) {
    await tick();
    leg.finishCollect(id!);
    await tick();
    leg.finishCollect(pin!);
  }
  await flow;
  assert.deepEqual(tries, ['1001/1111', '1001/2468']);
  assert.equal(leg.masked, false, 'unmasked once connected');
  assert.ok(log.indexOf('phone mask true') > log.indexOf('phone answer'));
  assert.ok(
    log.some((l) => l.startsWith('phone play {"tone":300')),
    'the retry tone after the wrong PIN',
  );
  assert.ok(
    log.some((l) => l.startsWith('phone play {"tone":1200')),
    'the welcome beep',
  );
  assert.equal(leg.isEnded, false);
});

test('call in: three wrong tries hang up; hanging up mid-entry ends the flow quietly', async () => {
  const leg = new FakeLeg('phone', []);
  const flow = runCallInFlow({ logger: silentLogger, verify: async () => false }, leg);
  for (let i = 0; i < 3; i++) {
    await tick();
    leg.finishCollect('1001');
    await tick();
    leg.finishCollect('0000');
  }
  await flow;
  assert.equal(leg.isEnded, true);

  const gone = new FakeLeg('phone2', []);
  const flow2 = runCallInFlow({ logger: silentLogger, verify: async () => true }, gone);
  await tick();
  gone.end('normal');
  await flow2;
  assert.equal(gone.masked, true, 'nothing more happened after the hang-up');
});
