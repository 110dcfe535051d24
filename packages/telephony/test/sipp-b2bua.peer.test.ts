import { test } from 'node:test';
import assert from 'node:assert/strict';
import { symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { createEngine, connectLegs, type EngineStack } from '../src/index';
import { runSipp, startSipp, requireTool, tempDir } from '@switchboard/testkit';
import { UdpDropProxy } from './helpers/udp-drop-proxy';

// Ports: engine SIP 29510 (UDP and TCP), engine RTP 29000-29099; sipp 28900-28960.
const ENGINE = 29510;
const UAC = 28900;
const UAS = 28910;
const UAS_MEDIA = 28920;

/** Engine whose routing sends every inbound call on to the sipp UAS at `target`. */
async function b2bua(target: { port: number; transport: 'udp' | 'tcp' }, udpPort = ENGINE): Promise<EngineStack & { ended: string[] }> {
  const stack = await createEngine({ sipUdpPort: udpPort, sipTcpPort: ENGINE, rtpPorts: { min: 29000, max: 29099 } });
  const ended: string[] = [];
  stack.engine.on('ended', (e) => ended.push(e.cause));
  stack.engine.on('offered', ({ leg }) => {
    void connectLegs(stack.engine, leg.id, {
      to: { uri: `sip:service@127.0.0.1:${target.port}${target.transport === 'tcp' ? ';transport=tcp' : ''}`, host: '127.0.0.1', port: target.port, transport: target.transport },
      from: leg.from,
    }).catch(() => {});
  });
  return Object.assign(stack, { ended });
}

for (const transport of ['udp', 'tcp'] as const) {
  test(`sipp uac → engine → sipp uas -rtp_echo over ${transport.toUpperCase()}: 10 calls, all complete`, async () => {
    requireTool('sipp');
    const t = transport === 'tcp' ? ['-t', 't1'] : [];
    const stack = await b2bua({ port: UAS, transport });
    const uas = startSipp(['-sn', 'uas', '-i', '127.0.0.1', '-p', String(UAS), '-mi', '127.0.0.1', '-mp', String(UAS_MEDIA), '-rtp_echo', '-m', '10', ...t]);
    try {
      await new Promise((r) => setTimeout(r, 300));
      const uac = await runSipp([
        '-sn',
        'uac',
        `127.0.0.1:${ENGINE}`,
        '-i',
        '127.0.0.1',
        '-p',
        String(UAC),
        '-m',
        '10',
        '-r',
        '10',
        '-l',
        '10',
        '-timeout',
        '40s',
        '-timeout_error',
        ...t,
      ]);
      assert.equal(uac.code, 0, `sipp uac failed:\n${uac.stdout.slice(-3000)}\n${uac.stderr}`);
      const u = await uas.stop();
      assert.ok(u.code === 0 || u.code === null || u.code === 143, `sipp uas: ${u.code}`);
      // Each call: two legs, both ended normally.
      assert.equal(stack.ended.length, 20);
      assert.ok(
        stack.ended.every((c) => c === 'normal'),
        stack.ended.join(','),
      );
    } finally {
      await uas.stop();
      await stack.engine.close();
    }
  });
}

test('sipp uac_pcap → engine → sipp uas -rtp_echo: PCMA media relayed both ways', async () => {
  requireTool('sipp');
  const dir = tempDir('sipp-pcap');
  symlinkSync('/usr/share/sip-tester', join(dir, 'pcap'));
  const stack = await b2bua({ port: UAS + 1, transport: 'udp' });
  const legs: string[] = [];
  const stats: Array<{ packetsIn: number; packetsOut: number } | undefined> = [];
  stack.engine.on('answered', (e) => legs.push(e.legId));
  stack.engine.on('ended', (e) => stats.push(stack.engine.mediaStats(e.legId)));
  const uas = startSipp(['-sn', 'uas', '-i', '127.0.0.1', '-p', String(UAS + 1), '-mi', '127.0.0.1', '-mp', String(UAS_MEDIA + 10), '-rtp_echo', '-m', '1']);
  try {
    await new Promise((r) => setTimeout(r, 300));
    const uac = await runSipp(
      [
        '-sn',
        'uac_pcap',
        `127.0.0.1:${ENGINE}`,
        '-i',
        '127.0.0.1',
        '-p',
        String(UAC + 1),
        '-mi',
        '127.0.0.1',
        '-mp',
        String(UAS_MEDIA + 20),
        '-m',
        '1',
        '-timeout',
        '40s',
        '-timeout_error',
      ],
      { cwd: dir },
    );
    assert.equal(uac.code, 0, `sipp uac_pcap failed:\n${uac.stdout.slice(-3000)}\n${uac.stderr}`);
    assert.equal(stats.length, 2);
    // g711a.pcap is ~7 s of 30 ms packets (~230): most must cross each leg both ways.
    for (const s of stats) {
      assert.ok(s && s.packetsIn > 150, `in ${s?.packetsIn}`);
      assert.ok(s && s.packetsOut > 150, `out ${s?.packetsOut}`);
    }
  } finally {
    await uas.stop();
    await stack.engine.close();
  }
});

test('UDP: the first INVITE and the first 200 are lost on each side; retransmission timers recover', async () => {
  requireTool('sipp');
  // uac → proxyA(28980) → engine(29512) → proxyB(28970) → uas(28912)
  const proxyB = new UdpDropProxy(28970, { host: '127.0.0.1', port: UAS + 2 });
  const stack = await b2bua({ port: 28970, transport: 'udp' }, ENGINE + 2);
  const proxyA = new UdpDropProxy(28980, { host: '127.0.0.1', port: ENGINE + 2 });
  await Promise.all([proxyA.start(), proxyB.start()]);
  const uas = startSipp(['-sn', 'uas', '-i', '127.0.0.1', '-p', String(UAS + 2), '-mi', '127.0.0.1', '-mp', String(UAS_MEDIA + 30), '-rtp_echo', '-m', '1']);
  try {
    await new Promise((r) => setTimeout(r, 300));
    const uac = await runSipp(['-sn', 'uac', '127.0.0.1:28980', '-i', '127.0.0.1', '-p', String(UAC + 2), '-m', '1', '-timeout', '40s', '-timeout_error']);
    assert.equal(uac.code, 0, `sipp uac failed:\n${uac.stdout.slice(-3000)}\n${uac.stderr}`);
    assert.equal(proxyA.dropped.length, 2, proxyA.dropped.join(' | '));
    assert.equal(proxyB.dropped.length, 2, proxyB.dropped.join(' | '));
    assert.match(proxyA.dropped[0]!, /^INVITE /);
    assert.match(proxyA.dropped[1]!, /^SIP\/2.0 200/);
    assert.match(proxyB.dropped[0]!, /^INVITE /);
    assert.match(proxyB.dropped[1]!, /^SIP\/2.0 200/);
    assert.ok(stack.signalling.endpoint.counters.retransmissions >= 2, `engine retransmissions ${stack.signalling.endpoint.counters.retransmissions}`);
    assert.deepEqual(stack.ended, ['normal', 'normal']);
  } finally {
    await uas.stop();
    await stack.engine.close();
    await proxyA.close();
    await proxyB.close();
  }
});
