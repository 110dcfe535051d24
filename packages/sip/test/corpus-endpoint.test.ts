import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FakeClock } from '@switchboard/shared';
import { MemoryNetwork, SipEndpoint } from '../src/index';
import { tick } from './helpers';

const dir = join(import.meta.dirname, 'corpus');
const expectations = JSON.parse(readFileSync(join(dir, 'expectations.json'), 'utf8')) as Record<
  string,
  { parse: string; status?: number; reason?: string; answer?: number; answerReason?: string }
>;

for (const [file, exp] of Object.entries(expectations)) {
  test(`endpoint fed corpus ${file} does not throw and answers correctly`, async () => {
    const net = new MemoryNetwork();
    const ep = new SipEndpoint({ clock: new FakeClock(0) });
    const t = net.create('127.0.0.1', 5070);
    // The RFC 4475 messages have Vias without rport: their responses go to the sent-by's port, 5060 (18.2.2).
    const peer = net.create('127.0.0.1', 5099);
    const viaPeer = net.create('127.0.0.1', 5060);
    // Read status lines raw: a 400 to a request missing Call-ID cannot itself carry a Call-ID.
    const got: Array<{ status: number; reason: string }> = [];
    for (const p of [peer, viaPeer]) {
      p.onMessage((data) => {
        const m = /^SIP\/2\.0 (\d{3}) ([^\r]*)\r\n/.exec(data.toString('utf8'));
        if (m) got.push({ status: Number(m[1]), reason: m[2]! });
      });
    }
    ep.addTransport(t);
    t.receive(readFileSync(join(dir, file)), { host: '127.0.0.1', port: 5099 });
    for (let i = 0; i < 5; i++) await tick();
    const finals = got.filter((r) => r.status >= 200);
    if (exp.parse === 'reject') {
      assert.equal(finals.length, 1);
      assert.equal(finals[0]!.status, exp.status);
      assert.equal(finals[0]!.reason, exp.reason);
      assert.equal(ep.counters.parseRejected, 1);
      if (exp.status! < 500) assert.equal(ep.counters.responses4xx, 1);
    } else if (exp.parse === 'drop') {
      assert.equal(got.length, 0);
      assert.equal(ep.counters.parseDropped, 1);
    } else if (exp.parse === 'keepalive') {
      assert.equal(got.length, 0);
    } else {
      assert.equal(finals.length, 1);
      // A well-formed request still gets the right answer from the endpoint (no listeners attached).
      assert.equal(finals[0]!.status, exp.answer);
      if (exp.answerReason) assert.equal(finals[0]!.reason, exp.answerReason);
      // Refused on the endpoint's own checks (400, 420...): the final goes straight out, no 100 Trying
      // first (480 is the TU's answer when nobody listens: that INVITE was handed on, so it had its 100).
      if (exp.answer! >= 400 && exp.answer !== 480)
        assert.deepEqual(
          got.filter((r) => r.status < 200),
          [],
          'no 100 Trying before the refusal',
        );
    }
    await ep.close();
  });
}
