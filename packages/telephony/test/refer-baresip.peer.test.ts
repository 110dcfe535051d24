import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { createEngine, type LegHandle, type LegReferRequest } from '../src/index';
import { Baresip, makeToneWav, requireTool, sleep, tempDir, waitFor } from '@switchboard/testkit';

// Ports (block 41600-41799): engine SIP 41602/udp, engine RTP 41780-41799; baresip at base 41650
// (SIP 41650, RTP 41660-41709, cons 41730, ctrl 41731).
const ENGINE = 41602;

test('baresip (a real softphone) presses transfer (/transfer): refer on its leg; fail(486) reaches it as TRANSFER_FAILED, accept() as a completed transfer', async () => {
  requireTool('baresip');
  requireTool('sox');
  const dir = tempDir('refer-baresip');
  makeToneWav(join(dir, 'a.wav'), 1000, 60);
  const phone = new Baresip({ name: 'desk', base: 41650, audioWav: join(dir, 'a.wav') });
  const stack = await createEngine({ sipUdpPort: ENGINE, rtpPorts: { min: 41780, max: 41799 } });
  const legs: LegHandle[] = [];
  stack.engine.on('incoming', ({ leg }) => {
    legs.push(leg);
    void leg.answer();
  });
  try {
    await phone.start();
    const count = (type: string): number => phone.events.filter((e) => e.type === type).length;
    const call = async (): Promise<LegHandle> => {
      const n = count('CALL_ESTABLISHED');
      phone.dial(`sip:1300@127.0.0.1:${ENGINE}`);
      await waitFor(() => count('CALL_ESTABLISHED') > n, 10_000, `baresip call established\n${phone.log.slice(-1500)}`);
      return legs.at(-1)!;
    };
    const nextRefer = (leg: LegHandle): Promise<LegReferRequest> => new Promise((r) => leg.once('refer', r));

    // First call: the transfer fails (the target was busy). baresip reports the NOTIFY's status
    // (TRANSFER_FAILED "486 Busy Here"); baresip 1.0.0 then hangs up its call by itself.
    let leg = await call();
    let asked = nextRefer(leg);
    phone.command('transfer', `sip:+15550002@127.0.0.1:${ENGINE}`);
    const busy = await asked;
    assert.equal(busy.target, '+15550002');
    await sleep(500);
    assert.equal(leg.info().state, 'answered', 'the 202 and NOTIFY 100 alone end nothing');
    busy.fail(486, 'Busy Here');
    const failed = await phone.waitEvent('TRANSFER_FAILED', 10_000);
    assert.equal(failed.param, '486 Busy Here');
    await leg.ended;

    // Second call: it succeeds; the final NOTIFY 200 makes baresip close its side ("Call transfered").
    leg = await call();
    asked = nextRefer(leg);
    phone.command('transfer', `sip:+15550001@127.0.0.1:${ENGINE}`);
    const r = await asked;
    assert.equal(r.target, '+15550001');
    assert.equal(r.uri, `sip:+15550001@127.0.0.1:${ENGINE}`);
    assert.equal(r.replacesLegId, undefined);
    await sleep(500);
    assert.equal(leg.info().state, 'answered');
    const closedBefore = count('CALL_CLOSED');
    r.accept();
    await waitFor(() => count('CALL_CLOSED') > closedBefore, 10_000, `baresip closes the transferred call\n${phone.log.slice(-1500)}`);
    assert.match(String(phone.events.filter((e) => e.type === 'CALL_CLOSED').at(-1)!.param), /transfer/i);
    const end = await leg.ended;
    assert.equal(end.cause, 'normal', 'baresip sent its BYE');
  } finally {
    await phone.stop();
    await stack.engine.close();
  }
});
