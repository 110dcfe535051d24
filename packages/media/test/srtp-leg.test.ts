import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createSocket } from 'node:dgram';
import { MediaEngine, SrtpContext, isTonePresent, newMasterKey, sine, decodeG711, type RtpLeg } from '@switchboard/media';

// Ports: 45600-45699 (RTP legs), 45700 (a raw socket watching the wire).

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Waits (up to 2 s) for what the sockets deliver: a fixed sleep can end before the loop reads
 * datagrams already queued (its timer runs first when the process was held off the CPU that long).
 */
async function until(cond: () => boolean): Promise<void> {
  for (let i = 0; i < 100 && !cond(); i++) await sleep(20);
}

/** Sends `ms` of a tone into the leg, 20 ms at a time on a real timer. */
async function sendTone(leg: RtpLeg, freq: number, ms: number): Promise<void> {
  const src = sine(freq);
  const frame = new Int16Array(160);
  for (let t = 0; t < ms; t += 20) {
    src.read(frame, 160);
    leg.sendPcm(frame, 160);
    await sleep(20);
  }
}

test('an SRTP leg sends encrypted, authenticated packets on the wire and a peer leg with the keys hears plain audio in its taps', async () => {
  const engine = new MediaEngine({ portRange: { min: 45600, max: 45699 }, rtcpIntervalMs: 0 });
  const wire = createSocket('udp4');
  await new Promise<void>((r) => wire.bind(45700, '127.0.0.1', () => r()));
  try {
    const ka = newMasterKey();
    const kb = newMasterKey();
    const a = await engine.createLeg();
    const b = await engine.createLeg();
    const wrong = await engine.createLeg();

    // 1. What A puts on the wire, caught by a plain socket: SRTP, not the G.711 it encoded.
    const seen: Buffer[] = [];
    wire.on('message', (m) => seen.push(m));
    a.setRemote('127.0.0.1', 45700, 0);
    a.setSrtp({ local: ka, remote: kb });
    assert.equal(a.secure, true);
    await sendTone(a, 1000, 200);
    await until(() => seen.length >= 8);
    assert.ok(seen.length >= 8, `packets on the wire (${seen.length})`);
    const rx = new SrtpContext(ka);
    const pcm = new Int16Array(160);
    let plain = Buffer.alloc(0);
    for (const p of seen) {
      assert.equal(p.length, 12 + 160 + 10, 'RTP header, 160 bytes of PCMU, an 80-bit tag');
      const copy = Buffer.from(p);
      assert.equal(rx.unprotect(copy, 0, copy.length), 172, 'authentic under our key');
      assert.notDeepEqual(copy.subarray(12, 172), p.subarray(12, 172), 'the payload was encrypted');
      plain = copy;
    }
    decodeG711('PCMU', plain, 12, 160, pcm, 0);
    assert.ok(isTonePresent(pcm, 1000), 'decrypted, it is the 1 kHz tone');

    // 2. A → B over SRTP; B's tap (what a recorder or mixer sees) gets plain audio.
    a.setRemote('127.0.0.1', b.localPort, 0);
    b.setRemote('127.0.0.1', a.localPort, 0);
    b.setSrtp({ local: kb, remote: ka });
    const heard: Int16Array[] = [];
    b.addTap({ onPcm: (_l, s, n) => heard.push(s.slice(0, n)) });
    await sendTone(a, 1000, 400);
    await until(() => heard.length >= 15);
    assert.ok(heard.length >= 15, `B decoded ${heard.length} frames`);
    assert.ok(
      heard.slice(2).every((f) => isTonePresent(f, 1000)),
      "B's tap hears the tone",
    );
    assert.deepEqual(b.srtpDrops, { short: 0, auth: 0, replay: 0 });

    // 3. A leg with the wrong key for A drops everything: nothing reaches its taps.
    a.setRemote('127.0.0.1', wrong.localPort, 0);
    wrong.setRemote('127.0.0.1', a.localPort, 0);
    wrong.setSrtp({ local: kb, remote: newMasterKey() });
    let frames = 0;
    wrong.addTap({ onPcm: () => frames++ });
    await sendTone(a, 1000, 200);
    await until(() => wrong.srtpDrops.auth >= 8);
    await sleep(50);
    assert.equal(frames, 0, 'no audio from unauthentic packets');
    assert.ok(wrong.srtpDrops.auth >= 8, `refused on the tag (${wrong.srtpDrops.auth})`);
    assert.equal(wrong.getStats().packetsIn, 0);
  } finally {
    wire.close();
    await engine.close();
  }
});

test('a relay between two SRTP legs (re-protected in place) and from a plain leg to an SRTP one: the far phones get authentic packets of the audio sent', async () => {
  // Ports: 32300-32319 (RTP legs); the phones on ephemeral ports.
  const engine = new MediaEngine({ portRange: { min: 32300, max: 32319 }, rtcpIntervalMs: 0, timeoutMs: 0 });
  const phones = [createSocket('udp4'), createSocket('udp4'), createSocket('udp4')];
  try {
    for (const s of phones) await new Promise<void>((r) => s.bind(0, '127.0.0.1', () => r()));
    const port = (i: number): number => phones[i]!.address().port;
    const got: Buffer[][] = [[], [], []];
    phones.forEach((s, i) => s.on('message', (m) => got[i]!.push(m)));
    // Phone 0 (SRTP) → leg a ⇄ leg b → phone 1 (SRTP); then phone 2 (plain) → leg c ⇄ leg d → phone 0 (SRTP).
    const k = { p0: newMasterKey(), a: newMasterKey(), p1: newMasterKey(), b: newMasterKey() };
    const a = await engine.createLeg();
    const b = await engine.createLeg();
    engine.bridge(a, b);
    a.setRemote('127.0.0.1', port(0), 0);
    b.setRemote('127.0.0.1', port(1), 0);
    a.setSrtp({ local: k.a, remote: k.p0 });
    b.setSrtp({ local: k.b, remote: k.p1 });
    const p0 = new SrtpContext(k.p0);
    const payload = (seq: number): Buffer => Buffer.from(Array.from({ length: 160 }, (_, i) => (seq * 7 + i) & 0xff));
    const send = async (sock: number, to: number, ctx: SrtpContext | undefined, n: number): Promise<void> => {
      for (let seq = 0; seq < n; seq++) {
        const p = Buffer.concat([Buffer.from([0x80, 0, seq >> 8, seq & 0xff, 0, 0, 0, 0, 0, 0, 0x12, 0x34]), payload(seq)]);
        const out = Buffer.alloc(p.length + 10);
        phones[sock]!.send(ctx ? out.subarray(0, ctx.protect(p, 0, p.length, out)) : p, to, '127.0.0.1');
        await sleep(5);
      }
    };
    await send(0, a.localPort, p0, 20);
    await sleep(100);
    const rx1 = new SrtpContext(k.b);
    assert.ok(got[1]!.length >= 18, `phone 1 got ${got[1]!.length} packets`);
    for (const m of got[1]!) {
      assert.equal(m.length, 182);
      const c = Buffer.from(m);
      assert.equal(rx1.unprotect(c, 0, c.length), 172, 'authentic under leg b’s key');
      assert.ok(
        Array.from({ length: 20 }, (_, s) => payload(s)).some((p) => p.equals(c.subarray(12, 172))),
        'the payload one of those sent, decrypted',
      );
    }
    assert.deepEqual(a.srtpDrops, { short: 0, auth: 0, replay: 0 });

    // A plain leg c relaying into SRTP leg d: no room for the tag in the datagram, protected into a buffer of d's.
    const c = await engine.createLeg();
    const d = await engine.createLeg();
    engine.bridge(c, d);
    const kd = newMasterKey();
    c.setRemote('127.0.0.1', port(2), 0);
    d.setRemote('127.0.0.1', port(0), 0);
    d.setSrtp({ local: kd, remote: newMasterKey() });
    got[0]!.length = 0;
    await send(2, c.localPort, undefined, 20);
    await sleep(100);
    const rx0 = new SrtpContext(kd);
    assert.ok(got[0]!.length >= 18, `phone 0 got ${got[0]!.length} packets`);
    for (const m of got[0]!) {
      const x = Buffer.from(m);
      assert.equal(rx0.unprotect(x, 0, x.length), 172, 'authentic under leg d’s key');
    }
  } finally {
    for (const s of phones) s.close();
    await engine.close();
  }
});
