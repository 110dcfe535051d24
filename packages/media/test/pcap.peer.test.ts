import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { MediaEngine } from '../src/media-engine';
import { parseRtpHeader } from '../src/rtp/packet';
import { blockEnergy } from '../src/dtmf/goertzel';
import type { DtmfEvent } from '../src/leg/leg-events';
import { readPcapUdp, type PcapUdp } from './helpers/pcap';
import { RtpPeer, sleep } from './helpers/rtp-peer';

const DIR = '/usr/share/sip-tester';

function requireSipp(): void {
  if (!existsSync(join(DIR, 'g711a.pcap'))) {
    assert.fail(`${DIR}/g711a.pcap not found: the sip-tester (sipp) Debian package is required (apt-get install sip-tester)`);
  }
}

test("pcap reader extracts sipp's RTP: g711a.pcap is PCMA in 30 ms packets over 7 s", () => {
  requireSipp();
  const pkts = readPcapUdp(join(DIR, 'g711a.pcap')).map((p) => parseRtpHeader(p.payload)!);
  assert.ok(pkts.length > 200);
  assert.ok(pkts.every((h) => h.payloadType === 8 && h.payloadLength === 240));
  const dtmf = readPcapUdp(join(DIR, 'dtmf_2833_5.pcap')).map((p) => parseRtpHeader(p.payload)!);
  assert.ok(dtmf.every((h) => h.payloadType === 101));
  assert.notEqual(dtmf[0]!.ssrc, pkts[0]!.ssrc, 'DTMF pcaps carry their own SSRC');
});

test('sipp pcaps through a real socket: PCMA frames decoded and relayed as PCMU, RFC 4733 digits on their own SSRC detected', async () => {
  requireSipp();
  const voice = readPcapUdp(join(DIR, 'g711a.pcap'));
  const digits = ['1', '5', '9', 'pound', '0', 'star'];
  // Interleave each digit's packets into the voice stream, 0.8 s apart, starting 1 s in.
  const t0 = voice[0]!.timeUs;
  const timeline: Array<{ at: number; p: PcapUdp }> = voice.map((p) => ({ at: p.timeUs - t0, p }));
  digits.forEach((d, i) => {
    const pk = readPcapUdp(join(DIR, `dtmf_2833_${d}.pcap`));
    const s0 = pk[0]!.timeUs;
    for (const p of pk) timeline.push({ at: 1e6 + i * 8e5 + (p.timeUs - s0), p });
  });
  timeline.sort((a, b) => a.at - b.at);

  const engine = new MediaEngine({ portRange: { min: 26600, max: 26799 }, rtcpIntervalMs: 0 });
  const phone = await RtpPeer.open();
  const agentPhone = await RtpPeer.open();
  try {
    const trunk = await engine.createLeg({ codec: 'PCMA', ptimeMs: 30 });
    const agent = await engine.createLeg({ codec: 'PCMU' });
    trunk.setRemote('127.0.0.1', phone.port, 8);
    agent.setRemote('127.0.0.1', agentPhone.port, 0);
    engine.bridge(trunk, agent);
    let samples = 0;
    let energy = 0;
    trunk.addTap({ onPcm: (_l, pcm, n) => ((samples += n), (energy += blockEnergy(pcm, 0, n))) });
    const seen: DtmfEvent[] = [];
    const ended: DtmfEvent[] = [];
    trunk.on('dtmf', (e) => seen.push(e));
    trunk.on('dtmfEnd', (e) => ended.push(e));

    // Four times real time: fast, yet paced so nothing is dropped on loopback.
    const start = performance.now();
    for (const { at, p } of timeline) {
      const due = at / 4000 - (performance.now() - start);
      if (due > 2) await sleep(due);
      phone.send(p.payload, trunk.localPort);
    }
    await agentPhone.waitFor(timeline.length, 5000);
    await sleep(50);

    assert.equal(trunk.packetsIn, timeline.length);
    assert.equal(samples, voice.length * 240, 'every 30 ms PCMA frame decoded');
    assert.ok(energy / samples > 1000, 'the frames carry audio, not silence');
    assert.deepEqual(
      seen.map((e) => e.digit),
      ['1', '5', '9', '#', '0', '*'],
    );
    assert.ok(seen.every((e) => e.source === 'rfc4733' && e.ssrc === 0x0e05384e));
    assert.deepEqual(
      ended.map((e) => e.digit),
      ['1', '5', '9', '#', '0', '*'],
      'one end per digit despite 3 end packets',
    );
    assert.ok(
      ended.every((e) => e.durationMs >= 100 && e.durationMs <= 300),
      ended.map((e) => e.durationMs).join(','),
    );

    const out = agentPhone.received.map((b) => parseRtpHeader(b)!);
    assert.equal(out.filter((h) => h.payloadType === 0).length, voice.length, 'voice relayed, transcoded to PCMU');
    assert.equal(out.filter((h) => h.payloadType === 101).length, digits.length * 10);
    assert.ok(out.every((h) => h.ssrc === agent.rewriter.ssrc));
    const seqs = out.map((h) => h.sequenceNumber);
    // Continuous; sipp's three end packets share one sequence number and stay duplicates.
    for (let i = 1; i < seqs.length; i++) {
      const step = (seqs[i]! - seqs[i - 1]!) & 0xffff;
      assert.ok(
        step === 1 || (step === 0 && out[i]!.payloadType === 101),
        `continuous at ${i}: ${seqs.slice(i - 3, i + 3).join(',')} ${out
          .slice(i - 3, i + 3)
          .map((h) => h.payloadType)
          .join(',')}`,
      );
    }
  } finally {
    await engine.close();
    await phone.close();
    await agentPhone.close();
  }
});
