import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { AesCounter, deriveKey, deriveSessionKeys, HmacSha1, SrtcpContext, SrtpContext, SrtpSession, type SrtpMasterKey, type SrtpSuite } from '@switchboard/media';

const hex = (s: string): Buffer => Buffer.from(s.replace(/\s+/g, ''), 'hex');

// RFC 3711 appendix B.3 (and libsrtp's srtp_driver reference packet) use this master key.
const MASTER_KEY = hex('E1F97A0D3E018BE0D64FA32C06DE4139');
const MASTER_SALT = hex('0EC675AD498AFEEBB6960B3AABE6');
const master = (suite: SrtpSuite = 'AES_CM_128_HMAC_SHA1_80'): SrtpMasterKey => ({ suite, keySalt: Buffer.concat([MASTER_KEY, MASTER_SALT]) });

test('RFC 3711 B.2: the AES-CM keystream blocks', () => {
  const aes = new AesCounter(hex('2B7E151628AED2A6ABF7158809CF4F3C'));
  const ks = aes.keystream(hex('F0F1F2F3F4F5F6F7F8F9FAFBFCFD0000'), 0xff02 * 16);
  const block = (n: number): string =>
    ks
      .subarray(n * 16, n * 16 + 16)
      .toString('hex')
      .toUpperCase();
  assert.equal(block(0x0000), 'E03EAD0935C95E80E166B16DD92B4EB4');
  assert.equal(block(0x0001), 'D23513162B02D0F72A43A2FE4A5F97AB');
  assert.equal(block(0x0002), '41E95B3BB0A2E8DD477901E4FCA894C0');
  assert.equal(block(0xfeff), 'EC8CDF7398607CB0F2D21675EA9EA1E4');
  assert.equal(block(0xff00), '362B7C3C6773516318A077D7FC5073AE');
  assert.equal(block(0xff01), '6A2CC3787889374FBEB4C81B17BA6C44');
});

test('RFC 3711 B.3: session key, salt and authentication key derivation', () => {
  assert.equal(deriveKey(MASTER_KEY, MASTER_SALT, 0, 16).toString('hex').toUpperCase(), 'C61E7A93744F39EE10734AFE3FF7A087');
  assert.equal(deriveKey(MASTER_KEY, MASTER_SALT, 2, 14).toString('hex').toUpperCase(), '30CBBC08863D8C85D49DB34A9AE1');
  const auth = deriveKey(MASTER_KEY, MASTER_SALT, 1, 94).toString('hex').toUpperCase();
  assert.equal(
    auth,
    'CEBE321F6FF7716B6FD4AB49AF256A156D38BAA48F0A0ACF3C34E2359E6CDBCEE049646C43D9327AD175578EF72270986371C10C9A369AC2F94A8C5FBCDDDC256D6E919A48B610EF17C2041E474035766B68642C59BBFC2F34DB60DBDFB2',
  );
  const k = deriveSessionKeys(master(), false);
  assert.equal(k.authKey.length, 20, 'HMAC-SHA1 uses 160 bits of it');
  assert.ok(auth.startsWith(k.authKey.toString('hex').toUpperCase()));
});

const PLAIN_RTP = '800f1234decafbadcafebabeabababababababababababababababab';
const SRTP_REF = '800f1234decafbadcafebabe4e55dc4ce79978d88ca4d215949d2402b78d6acc99ea179b8dbb';

test("libsrtp's reference packet: protect gives its SRTP bytes, unprotect gives the RTP back", () => {
  const plain = hex(PLAIN_RTP);
  const out = Buffer.alloc(plain.length + 10);
  const n = new SrtpContext(master()).protect(plain, 0, plain.length, out);
  assert.equal(out.subarray(0, n).toString('hex'), SRTP_REF);
  assert.equal(plain.toString('hex'), PLAIN_RTP, 'the input is left as it was');
  const rx = new SrtpContext(master());
  const pkt = hex(SRTP_REF);
  const m = rx.unprotect(pkt, 0, pkt.length);
  assert.equal(pkt.subarray(0, m).toString('hex'), PLAIN_RTP);
});

test("libsrtp's reference SRTCP report: protect and unprotect", () => {
  const plain = hex('81c8000bcafebabeabababababababababababababababab');
  const prot = new SrtcpContext(master()).protect(plain);
  assert.equal(prot.toString('hex'), '81c8000bcafebabe7128035be487b9bdbef89041f977a5a880000001993e08cd54d6c1230798');
  const rx = new SrtcpContext(master());
  assert.equal(rx.unprotect(Buffer.from(prot))?.toString('hex'), plain.toString('hex'));
  assert.equal(rx.unprotect(Buffer.from(prot)), undefined, 'the same index twice is a replay');
  const bad = new SrtcpContext(master()).protect(plain);
  bad[10] = bad[10]! ^ 1;
  assert.equal(new SrtcpContext(master()).unprotect(bad), undefined, 'a changed byte fails the tag');
});

function rtp(seq: number, ssrc = 0x11223344, payload = 160): Buffer {
  const b = Buffer.alloc(12 + payload);
  b[0] = 0x80;
  b[1] = 0;
  b.writeUInt16BE(seq & 0xffff, 2);
  b.writeUInt32BE((seq * 160) >>> 0, 4);
  b.writeUInt32BE(ssrc, 8);
  for (let i = 0; i < payload; i++) b[12 + i] = (seq + i) & 0xff;
  return b;
}

function protectOne(tx: SrtpContext, p: Buffer): Buffer {
  const out = Buffer.alloc(p.length + 10);
  return out.subarray(0, tx.protect(p, 0, p.length, out));
}

for (const suite of ['AES_CM_128_HMAC_SHA1_80', 'AES_CM_128_HMAC_SHA1_32'] as const) {
  test(`${suite}: a stream across the sequence number's wrap, reordered, round-trips; tampering and replays are dropped`, () => {
    const tx = new SrtpContext(master(suite));
    const rx = new SrtpContext(master(suite));
    const seqs: number[] = [];
    for (let s = 65500; s < 65536 + 60; s++) seqs.push(s);
    const packets = seqs.map((s) => ({ s, p: protectOne(tx, rtp(s)) }));
    assert.equal(packets[0]!.p.length, 172 + (suite.endsWith('80') ? 10 : 4));
    // Swap neighbours around the wrap: the receiver's ROC guess must cope with late packets.
    const order = [...packets];
    for (let i = 30; i < 40; i += 2) [order[i], order[i + 1]] = [order[i + 1]!, order[i]!];
    for (const { s, p } of order) {
      const n = rx.unprotect(p, 0, p.length);
      assert.equal(n, 172, `packet ${s} accepted`);
      assert.ok(p.subarray(0, n).equals(rtp(s)), `packet ${s} decrypted`);
    }
    const again = protectOne(new SrtpContext(master(suite)), rtp(10));
    // A replay of an accepted packet, and a forged one.
    const last = protectOne(tx, rtp(65536 + 60));
    assert.equal(rx.unprotect(Buffer.from(last), 0, last.length), 172);
    assert.equal(rx.unprotect(Buffer.from(last), 0, last.length), -1, 'replayed');
    const forged = protectOne(tx, rtp(65536 + 61));
    forged[20] = forged[20]! ^ 0x40;
    assert.equal(rx.unprotect(forged, 0, forged.length), -1, 'forged');
    assert.equal(rx.unprotect(again, 0, again.length), -1, 'too old for the window (and the wrong ROC)');
    assert.deepEqual(rx.drops, { short: 0, auth: 1, replay: 2 });
  });
}

test('an SRTP session keeps a direction whose key did not change across a re-key', () => {
  const a: SrtpMasterKey = master();
  const b: SrtpMasterKey = { suite: 'AES_CM_128_HMAC_SHA1_80', keySalt: Buffer.alloc(30, 9) };
  const s1 = new SrtpSession({ local: a, remote: b });
  const s2 = new SrtpSession({ local: a, remote: { ...b, keySalt: Buffer.alloc(30, 8) } }, s1);
  assert.equal(s2.tx, s1.tx);
  assert.notEqual(s2.rx, s1.rx);
});

test("our HMAC-SHA1 equals node:crypto's for every length around the block edges", () => {
  const key = Buffer.from('CEBE321F6FF7716B6FD4AB49AF256A156D38BAA4', 'hex');
  const h = new HmacSha1(key);
  const roc = Buffer.from([0x80, 0, 1, 2]);
  const digest = (): string => h.bytes.toString('hex', h.digestAt, h.digestAt + 20);
  for (let n = 0; n < 300; n++) {
    const data = Buffer.alloc(n);
    for (let i = 0; i < n; i++) data[i] = (i * 31 + n) & 0xff;
    h.mac(data, 0, n, 0x80000102, 4);
    const want = createHmac('sha1', key).update(data).update(roc).digest('hex');
    assert.equal(digest(), want, `length ${n}`);
    h.mac(Buffer.concat([Buffer.alloc(5, 0xee), data, Buffer.alloc(3, 0xdd)]), 5, n, 0x80000102, 4);
    assert.equal(digest(), want, `length ${n} at offset 5`);
    h.mac(data, 0, n, 0x80000102, 0);
    assert.equal(digest(), createHmac('sha1', key).update(data).digest('hex'), `length ${n} without a trailer`);
  }
});

test('the keystream made ahead for short payloads equals the one made per packet for long ones', () => {
  for (const seq of [1, 65535, 7]) {
    const short = protectOne(new SrtpContext(master()), rtp(seq, 0xabc, 160));
    const long = protectOne(new SrtpContext(master()), rtp(seq, 0xabc, 400));
    assert.equal(long.length, 12 + 400 + 10);
    assert.ok(short.subarray(12, 172).equals(long.subarray(12, 172)), `seq ${seq}: same keystream`);
    const rx = new SrtpContext(master());
    assert.equal(rx.unprotect(long, 0, long.length), 412);
    assert.ok(long.subarray(0, 412).equals(rtp(seq, 0xabc, 400)));
  }
});

test('a new SSRC mid-stream gets its own keystream (the made-ahead one is for the old SSRC)', () => {
  const tx = new SrtpContext(master());
  const rx = new SrtpContext(master());
  for (const [seq, ssrc] of [
    [100, 1],
    [101, 1],
    [102, 2],
    [103, 2],
    [104, 1],
  ] as const) {
    const p = protectOne(tx, rtp(seq, ssrc));
    // The reference: a fresh context, which has made nothing ahead.
    const ref = protectOne(new SrtpContext(master()), rtp(seq, ssrc));
    assert.ok(p.equals(ref), `seq ${seq} ssrc ${ssrc} encrypted as from scratch`);
    assert.equal(rx.unprotect(p, 0, p.length), 172);
    assert.ok(p.subarray(0, 172).equals(rtp(seq, ssrc)));
  }
});

test('every packet of a made-ahead window, across the ROC wrap, aligned or not, is encrypted as AES-CM per packet (RFC 3711 4.1.1)', () => {
  const k = deriveSessionKeys(master(), false);
  const aes = new AesCounter(k.cipherKey);
  // The reference: the counter block built from the spec's formula, one AES-CM call per packet.
  const expected = (seq: number, roc: number): Buffer => {
    const iv = Buffer.from(k.salt.subarray(0, 14));
    const ivFull = Buffer.concat([iv, Buffer.alloc(2)]);
    const x = Buffer.alloc(16);
    x.writeUInt32BE(0x11223344, 4);
    x.writeUInt32BE(roc, 8);
    x.writeUInt16BE(seq, 12);
    for (let i = 0; i < 16; i++) ivFull[i] = ivFull[i]! ^ x[i]!;
    const p = rtp(seq);
    aes.xor(ivFull, p, 12, 160);
    return p.subarray(12);
  };
  for (const shift of [0, 1, 2]) {
    const tx = new SrtpContext(master());
    const rx = new SrtpContext(master());
    for (let s = 65500; s < 65536 + 60; s++) {
      const seq = s & 0xffff;
      // The packet and the output at `shift` bytes into larger buffers: 1 and 2 are not word-aligned.
      const src = Buffer.alloc(200);
      rtp(seq).copy(src, shift);
      const outBig = Buffer.alloc(200);
      const out = outBig.subarray(shift);
      const n = tx.protect(src, shift, 172, out);
      assert.ok(out.subarray(12, 172).equals(expected(seq, s >= 65536 ? 1 : 0)), `shift ${shift} seq ${seq}: keystream`);
      const inBig = Buffer.alloc(200);
      out.copy(inBig, shift, 0, n);
      assert.equal(rx.unprotect(inBig, shift, n), 172, `shift ${shift} seq ${seq}: authentic`);
      assert.ok(inBig.subarray(shift, shift + 172).equals(rtp(seq)), `shift ${shift} seq ${seq}: decrypted in place`);
    }
  }
});

test('protecting in place (a relayed datagram with room for the tag) gives the same packets as into another buffer', () => {
  const a = new SrtpContext(master());
  const b = new SrtpContext(master());
  for (const [seq, payload] of [
    [65534, 160],
    [65535, 160],
    [0, 400],
    [1, 160],
  ] as const) {
    const want = protectOne(a, rtp(seq, 0xabc, payload));
    const dgram = Buffer.concat([Buffer.alloc(3, 0xee), rtp(seq, 0xabc, payload), Buffer.alloc(10, 0xdd)]);
    assert.equal(b.protect(dgram, 3, 12 + payload, dgram, 3), 12 + payload + 10);
    assert.ok(dgram.subarray(3).equals(want), `seq ${seq}`);
    assert.deepEqual([...dgram.subarray(0, 3)], [0xee, 0xee, 0xee], 'nothing before it written');
  }
});

test('the replay list refuses an index seen before or 128 behind the highest, across the ROC', () => {
  const tx = new SrtpContext(master());
  const rx = new SrtpContext(master());
  // Protected in order across the wrap (ROC 0 → 1), delivered out of order within the window.
  const bySeq = new Map<number, Buffer>();
  for (let s = 65400; s < 65536 + 201; s++) bySeq.set(s & 0xffff, protectOne(tx, rtp(s)));
  const seqs = [65500, 65535, 0, 65530, 100, 72, 65520];
  const sent = seqs.map((s) => bySeq.get(s)!);
  for (let i = 0; i < sent.length; i++) {
    const p = Buffer.from(sent[i]!);
    assert.equal(rx.unprotect(p, 0, p.length), 172, `seq ${seqs[i]} first time`);
  }
  for (let i = 0; i < sent.length; i++) {
    const p = Buffer.from(sent[i]!);
    assert.equal(rx.unprotect(p, 0, p.length), -1, `seq ${seqs[i]} again`);
  }
  const old = Buffer.from(bySeq.get(65501)!);
  assert.equal(rx.unprotect(old, 0, old.length), -1, 'never seen, but 135 behind');
  assert.deepEqual(rx.drops, { short: 0, auth: 0, replay: sent.length + 1 });
});
