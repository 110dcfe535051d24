import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createSocket, type Socket } from 'node:dgram';
import { symlinkSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { SipEndpoint, UdpTransport } from '@switchboard/sip';
import { createEngine, connectLegs } from '../src/index';
import { sdpFor } from './helpers/fake-signalling';
import { requireTool, runSipp, startSipp, tempDir } from '@switchboard/testkit';

// Ports: engine SIP 38410-38411, engine RTP 38420-38439 (38440-38441 for the no-port engine);
// sipp UAC 38412, sipp UAS 38413, sipp media 38460-38479; the plain UAC 38414.
const ENGINE = 38410;
const SCENARIO = resolve(import.meta.dirname, 'scenarios/delayed-offer-uac.xml');

test('sipp: a delayed-offer INVITE (no SDP) is answered with our offer, bridged, and PCMA flows both ways', async () => {
  requireTool('sipp');
  const dir = tempDir('sipp-delayed');
  symlinkSync('/usr/share/sip-tester', join(dir, 'pcap'));
  const stack = await createEngine({ sipUdpPort: ENGINE, rtpPorts: { min: 38420, max: 38439 } });
  const ended: string[] = [];
  const stats: Array<{ packetsIn: number; packetsOut: number } | undefined> = [];
  stack.engine.on('ended', (e) => {
    ended.push(e.cause);
    stats.push(stack.engine.mediaStats(e.legId));
  });
  stack.engine.on('offered', ({ leg }) => {
    void connectLegs(stack.engine, leg.id, {
      to: { uri: 'sip:service@127.0.0.1:38413', host: '127.0.0.1', port: 38413, transport: 'udp' },
      from: leg.from,
    }).catch(() => {});
  });
  const uas = startSipp(['-sn', 'uas', '-i', '127.0.0.1', '-p', '38413', '-mi', '127.0.0.1', '-mp', '38460', '-rtp_echo', '-m', '1']);
  try {
    await new Promise((r) => setTimeout(r, 300));
    const uac = await runSipp(
      ['-sf', SCENARIO, `127.0.0.1:${ENGINE}`, '-s', 'care', '-i', '127.0.0.1', '-p', '38412', '-mi', '127.0.0.1', '-mp', '38470', '-m', '1', '-timeout', '40s', '-timeout_error'],
      { cwd: dir },
    );
    assert.equal(uac.code, 0, `sipp delayed-offer uac failed:\n${uac.stdout.slice(-3000)}\n${uac.stderr}`);
    assert.deepEqual(ended, ['normal', 'normal']);
    // g711a.pcap is ~7 s of 30 ms packets (~230): most must cross each leg both ways (the UAS echoes).
    for (const s of stats) {
      assert.ok(s && s.packetsIn > 150, `in ${s?.packetsIn}`);
      assert.ok(s && s.packetsOut > 150, `out ${s?.packetsOut}`);
    }
    assert.deepEqual(stack.engine.listLegs(), []);
  } finally {
    await uas.stop();
    await stack.engine.close();
  }
});

test('no free RTP port: an INVITE over real UDP gets 503 with Retry-After, and no leg is left', async () => {
  // Someone else holds the engine's only RTP pair.
  const held: Socket[] = [];
  for (const p of [38440, 38441]) held.push(await bindUdp(p));
  const stack = await createEngine({ sipUdpPort: ENGINE + 1, rtpPorts: { min: 38440, max: 38441 } });
  const ended: Array<{ cause: string; sipStatus: number | undefined }> = [];
  stack.engine.on('ended', (e) => ended.push({ cause: e.cause, sipStatus: e.sipStatus }));
  // What the server does with an inbound call: answer it (and only log a failure).
  stack.engine.on('offered', ({ leg }) => void stack.engine.answer(leg.id).catch(() => {}));
  const uac = new SipEndpoint({});
  uac.addTransport(await UdpTransport.listen({ host: '127.0.0.1', port: 38414 }));
  try {
    const call = uac.invite({ uri: `sip:care@127.0.0.1:${ENGINE + 1}`, body: sdpFor(38478), contentType: 'application/sdp' });
    const outcome = await Promise.race([
      call.result.then(
        () => ({ status: 200, retryAfter: undefined as string | undefined }),
        (err: { sipStatus?: number }) => ({ status: err.sipStatus, retryAfter: call.finalResponse?.headers.get('retry-after') }),
      ),
      new Promise<{ status: string }>((r) => setTimeout(() => r({ status: 'no final response in 5 s' }), 5000)),
    ]);
    assert.deepEqual(outcome, { status: 503, retryAfter: '5' });
    assert.deepEqual(ended, [{ cause: 'network', sipStatus: 503 }]);
    assert.deepEqual(stack.engine.listLegs(), []);
  } finally {
    for (const s of held) s.close();
    await uac.close();
    await stack.engine.close();
  }
});

function bindUdp(port: number): Promise<Socket> {
  return new Promise((r) => {
    const s = createSocket('udp4');
    s.bind(port, '127.0.0.1', () => r(s));
  });
}
