import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { createEngine, type LegHandle, type LegReferRequest } from '../src/index';
import { runSipp, requireTool } from '@switchboard/testkit';

// Ports (block 41600-41799): engine SIP 41604/udp, engine RTP 41640-41649; sipp 41614, its media 41624.
const ENGINE = 41604;
const SCENARIO = resolve(import.meta.dirname, 'scenarios/refer-blind-uac.xml');

test('sipp desk phone: INVITE, REFER (blind) → 202, NOTIFY sipfrag 100 Trying active, NOTIFY 200 OK terminated;reason=noresource, BYE', async () => {
  requireTool('sipp');
  const stack = await createEngine({ sipUdpPort: ENGINE, rtpPorts: { min: 41640, max: 41649 }, rtpTimeoutMs: 0 });
  const refers: Array<{ legId: string; r: LegReferRequest }> = [];
  const legs: LegHandle[] = [];
  stack.engine.on('incoming', ({ leg }) => {
    legs.push(leg);
    void leg.answer();
    leg.on('refer', (r) => {
      refers.push({ legId: leg.id, r });
      // The owner carries the transfer out, then reports it (here: at once, after a short while).
      setTimeout(() => r.accept(), 300);
    });
  });
  try {
    const res = await runSipp(
      ['-sf', SCENARIO, `127.0.0.1:${ENGINE}`, '-s', '1300', '-i', '127.0.0.1', '-p', '41614', '-mi', '127.0.0.1', '-mp', '41624', '-m', '1', '-timeout', '40s', '-timeout_error'],
      {
        timeoutMs: 60_000,
      },
    );
    assert.equal(res.code, 0, `sipp failed:\n${res.stdout.slice(-3000)}\n${res.stderr}`);
    assert.equal(refers.length, 1);
    assert.equal(refers[0]!.legId, legs[0]!.id);
    assert.equal(refers[0]!.r.target, '+15550001');
    assert.equal(refers[0]!.r.uri, `sip:+15550001@127.0.0.1:${ENGINE}`);
    assert.equal(refers[0]!.r.replacesLegId, undefined);
    assert.equal(refers[0]!.r.referredBy, 'sip:desk@127.0.0.1:41614');
    assert.equal((await legs[0]!.ended).cause, 'normal');
  } finally {
    await stack.engine.close();
  }
});
