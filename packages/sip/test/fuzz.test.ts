import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createSocket } from 'node:dgram';
import fc from 'fast-check';
import { silentLogger, type Logger } from '@switchboard/shared';
import { parseMessage, serializeMessage, StreamFramer, SipEndpoint, UdpTransport, parseSdp, SipError } from '../src/index';

const crlf = (s: string): Buffer => Buffer.from(s.replace(/\n/g, '\r\n'));

const SEEDS: Buffer[] = [
  crlf(`OPTIONS sip:ep@127.0.0.1 SIP/2.0
Via: SIP/2.0/UDP 127.0.0.1:5099;branch=z9hG4bKfuzz;rport
Max-Forwards: 70
From: "Fuzz \\"Q\\"" <sip:probe@127.0.0.1>;tag=abc
To: <sip:ep@127.0.0.1>
Call-ID: fuzz-1@127.0.0.1
CSeq: 1 OPTIONS
Content-Length: 0

`),
  crlf(`INVITE sip:bob@[2001:db8::1]:5060;transport=udp SIP/2.0
v: SIP/2.0/UDP 127.0.0.1:5099;branch=z9hG4bKinv, SIP/2.0/TCP 10.0.0.1;branch=z9hG4bK2
f: <sip:al@h>;tag=1
t: Bob <sip:bob@h>
i: inv-1
CSeq: 7 INVITE
m: <sip:al@127.0.0.1:5099>
c: application/sdp
Record-Route: <sip:p1@10.0.0.1;lr>, <sip:p2@10.0.0.2;lr>
l: 68

v=0
o=- 1 1 IN IP4 127.0.0.1
s=-
c=IN IP4 127.0.0.1
t=0 0
m=audio 4000 RTP/AVP 0
`),
  crlf(`REFER sip:ep@127.0.0.1:5060 SIP/2.0
Via: SIP/2.0/UDP 127.0.0.1:5099;branch=z9hG4bKref;rport
Max-Forwards: 70
From: <sip:desk@127.0.0.1>;tag=d1
To: <sip:ep@127.0.0.1>;tag=e1
Call-ID: refer-1@127.0.0.1
CSeq: 3 REFER
Contact: <sip:desk@127.0.0.1:5099>
r: <sip:%2B15550001@127.0.0.1?Replaces=c2%40127.0.0.1%3Bto-tag%3De2%3Bfrom-tag%3Dd2>
b: "Desk" <sip:desk@127.0.0.1>
l: 0

`),
  crlf(`SIP/2.0 200 OK
Via: SIP/2.0/UDP 127.0.0.1:5099;branch=z9hG4bKx;received=1.2.3.4;rport=5099
From: <sip:a@h>;tag=1
To: <sip:b@h>;tag=2
Call-ID: r1
CSeq: 1 OPTIONS
Allow: INVITE, ACK, BYE
Content-Length: 0

`),
];

const TOKENS = [
  ':',
  ';',
  ',',
  '"',
  '<',
  '>',
  '\\',
  '[',
  ']',
  '@',
  ' ',
  '\r\n',
  '\r\n ',
  '\n',
  '\r',
  '\0',
  'z9hG4bK',
  'Content-Length: 99999',
  'l: -1',
  'sip:',
  'sips:[',
  '%00',
  '\t',
  '\r\n\r\n',
  'CSeq: 1 ACK',
  'é',
  '\uFFFD',
];

type Mutation =
  | { kind: 'flip'; pos: number; byte: number }
  | { kind: 'insert'; pos: number; bytes: Uint8Array }
  | { kind: 'delete'; pos: number; len: number }
  | { kind: 'truncate'; pos: number }
  | { kind: 'dupline'; pos: number }
  | { kind: 'token'; pos: number; token: string };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('flip' as const), pos: fc.nat(), byte: fc.integer({ min: 0, max: 255 }) }),
  fc.record({ kind: fc.constant('insert' as const), pos: fc.nat(), bytes: fc.uint8Array({ maxLength: 24 }) }),
  fc.record({ kind: fc.constant('delete' as const), pos: fc.nat(), len: fc.nat({ max: 60 }) }),
  fc.record({ kind: fc.constant('truncate' as const), pos: fc.nat() }),
  fc.record({ kind: fc.constant('dupline' as const), pos: fc.nat() }),
  fc.record({ kind: fc.constant('token' as const), pos: fc.nat(), token: fc.constantFrom(...TOKENS) }),
);

function apply(seed: Buffer, muts: Mutation[]): Buffer {
  let b = Buffer.from(seed);
  for (const m of muts) {
    const p = b.length === 0 ? 0 : m.pos % (b.length + 1);
    switch (m.kind) {
      case 'flip':
        if (b.length > 0) b[p % b.length] = m.byte;
        break;
      case 'insert':
        b = Buffer.concat([b.subarray(0, p), Buffer.from(m.bytes), b.subarray(p)]);
        break;
      case 'delete':
        b = Buffer.concat([b.subarray(0, p), b.subarray(p + m.len)]);
        break;
      case 'truncate':
        b = b.subarray(0, p);
        break;
      case 'dupline': {
        const lines = b.toString('latin1').split('\r\n');
        const i = m.pos % lines.length;
        lines.splice(i, 0, lines[i]!);
        b = Buffer.from(lines.join('\r\n'), 'latin1');
        break;
      }
      case 'token':
        b = Buffer.concat([b.subarray(0, p), Buffer.from(m.token), b.subarray(p)]);
        break;
    }
  }
  return b;
}

const mutated = fc.tuple(fc.constantFrom(...SEEDS), fc.array(mutation, { minLength: 1, maxLength: 8 })).map(([s, m]) => apply(s, m));
const anyInput = fc.oneof(
  mutated,
  fc.uint8Array({ maxLength: 1500 }).map((u) => Buffer.from(u)),
);

test('property: the parser never throws, and whatever it accepts re-serializes and re-parses', () => {
  fc.assert(
    fc.property(anyInput, fc.boolean(), (bytes, stream) => {
      const r = parseMessage(bytes, { stream });
      assert.ok(['message', 'drop', 'reject', 'keepalive'].includes(r.type));
      if (r.type === 'message') {
        const again = parseMessage(serializeMessage(r.message));
        assert.equal(again.type, 'message');
      }
      if (r.type === 'reject') assert.ok(r.status >= 400 && r.status < 600 && !/[\r\n]/.test(r.reason));
    }),
    { numRuns: 3000 },
  );
});

test('property: the stream framer never throws on chunked mutated input', () => {
  fc.assert(
    fc.property(fc.array(anyInput, { maxLength: 5 }), fc.array(fc.integer({ min: 1, max: 300 }), { minLength: 1, maxLength: 10 }), (parts, cuts) => {
      const all = Buffer.concat(parts);
      const f = new StreamFramer();
      let at = 0;
      for (let i = 0; at < all.length; i++) {
        const n = cuts[i % cuts.length]!;
        f.push(all.subarray(at, at + n));
        at += n;
      }
    }),
    { numRuns: 500 },
  );
});

test('property: SDP parsing either succeeds or throws SipError SIP_SDP', () => {
  const seed = 'v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 4000 RTP/AVP 0 101\r\na=rtpmap:101 telephone-event/8000\r\n';
  fc.assert(
    fc.property(fc.array(mutation, { maxLength: 6 }), (muts) => {
      try {
        parseSdp(apply(Buffer.from(seed), muts).toString('utf8'));
      } catch (e) {
        assert.ok(e instanceof SipError && e.code === 'SIP_SDP');
      }
    }),
    { numRuns: 1000 },
  );
});

test('an endpoint on real UDP fed 1500 mutated/random datagrams keeps answering OPTIONS, with no handler errors', async () => {
  const errors: unknown[] = [];
  const logger: Logger = { ...silentLogger, error: (o) => void errors.push(o), child: () => logger };
  const ep = new SipEndpoint({ logger });
  const t = await UdpTransport.listen({ port: 0, logger });
  ep.addTransport(t);
  const client = new SipEndpoint();
  client.addTransport(await UdpTransport.listen({ port: 0 }));
  const raw = createSocket('udp4');
  try {
    const samples = fc.sample(anyInput, { numRuns: 1500, seed: 42 });
    for (const [i, s] of samples.entries()) {
      if (s.length === 0) continue;
      await new Promise<void>((r) => raw.send(s, t.local.port, '127.0.0.1', () => r()));
      if (i % 10 === 0) await new Promise((r) => setTimeout(r, 1)); // pace: the kernel drops a flood
    }
    await new Promise((r) => setTimeout(r, 200));
    const res = await client.request({ method: 'OPTIONS', uri: `sip:ep@127.0.0.1:${t.local.port}` });
    assert.equal(res.status, 200);
    assert.deepEqual(errors, []);
    assert.ok(ep.counters.received >= 750, JSON.stringify(ep.counters));
    assert.ok(ep.counters.parseDropped > 0);
  } finally {
    raw.close();
    await Promise.all([ep.close(), client.close()]);
  }
});

test('property (async, real UDP): after any one mutated or random datagram, a valid OPTIONS is still answered 200', async () => {
  const errors: unknown[] = [];
  const logger: Logger = { ...silentLogger, error: (o) => void errors.push(o), child: () => logger };
  const ep = new SipEndpoint({ logger });
  const t = await UdpTransport.listen({ port: 0, logger });
  ep.addTransport(t);
  const client = new SipEndpoint();
  client.addTransport(await UdpTransport.listen({ port: 0 }));
  const raw = createSocket('udp4');
  try {
    await fc.assert(
      fc.asyncProperty(anyInput, async (bytes) => {
        if (bytes.length > 0) await new Promise<void>((r) => raw.send(bytes, t.local.port, '127.0.0.1', () => r()));
        const res = await client.request({ method: 'OPTIONS', uri: `sip:ep@127.0.0.1:${t.local.port}` });
        assert.equal(res.status, 200);
      }),
      { numRuns: 150 },
    );
    assert.deepEqual(errors, []);
  } finally {
    raw.close();
    await Promise.all([ep.close(), client.close()]);
  }
});

test('real UDP: in-dialog REFERs with mutated Refer-To / Replaces / whole message never throw; the call and the endpoint survive', async () => {
  const errors: unknown[] = [];
  const logger: Logger = { ...silentLogger, error: (o) => void errors.push(o), child: () => logger };
  const ep = new SipEndpoint({ logger, supported: ['replaces'] });
  const t = await UdpTransport.listen({ port: 0, logger });
  ep.addTransport(t);
  let refers = 0;
  ep.on('invite', (inv) => {
    const d = inv.accept({ body: 'v=0\r\n' });
    d.on('refer', (r) => {
      refers++;
      r.accept();
      r.complete(refers % 2 === 0 ? 200 : 503);
    });
  });
  const raw = createSocket('udp4');
  const got: string[] = [];
  raw.on('message', (m) => got.push(m.toString('latin1')));
  await new Promise<void>((r) => raw.bind(0, '127.0.0.1', () => r()));
  const me = raw.address().port;
  const send = (s: string | Buffer): Promise<void> => new Promise((r) => raw.send(typeof s === 'string' ? crlf(s) : s, t.local.port, '127.0.0.1', () => r()));
  const wait = async (pred: () => boolean): Promise<void> => {
    for (let i = 0; i < 400 && !pred(); i++) await new Promise((r) => setTimeout(r, 10));
  };
  try {
    await send(`INVITE sip:ep@127.0.0.1:${t.local.port} SIP/2.0
Via: SIP/2.0/UDP 127.0.0.1:${me};branch=z9hG4bKfzinv;rport
Max-Forwards: 70
From: <sip:phone@127.0.0.1>;tag=ph1
To: <sip:ep@127.0.0.1>
Call-ID: fuzz-refer@127.0.0.1
CSeq: 1 INVITE
Contact: <sip:phone@127.0.0.1:${me}>
Content-Length: 0

`);
    await wait(() => got.some((m) => m.startsWith('SIP/2.0 200')));
    const ok = got.find((m) => m.startsWith('SIP/2.0 200'))!;
    const tag = /^To:.*;tag=([^;\r\n]+)/m.exec(ok)![1]!;
    const dialogHead = (seq: number, branch: string) => `REFER sip:ep@127.0.0.1:${t.local.port} SIP/2.0
Via: SIP/2.0/UDP 127.0.0.1:${me};branch=z9hG4bK${branch};rport
Max-Forwards: 70
From: <sip:phone@127.0.0.1>;tag=ph1
To: <sip:ep@127.0.0.1>;tag=${tag}
Call-ID: fuzz-refer@127.0.0.1
CSeq: ${seq} REFER
`;
    await send(
      `ACK sip:ep@127.0.0.1:${t.local.port} SIP/2.0\nVia: SIP/2.0/UDP 127.0.0.1:${me};branch=z9hG4bKfzack;rport\nMax-Forwards: 70\nFrom: <sip:phone@127.0.0.1>;tag=ph1\nTo: <sip:ep@127.0.0.1>;tag=${tag}\nCall-ID: fuzz-refer@127.0.0.1\nCSeq: 1 ACK\nContent-Length: 0\n\n`,
    );
    const piece = fc.constantFrom(
      '<',
      '>',
      '?',
      '&',
      '=',
      '%',
      '%3B',
      '%40',
      '%0D%0A',
      ';',
      ',',
      '"',
      '@',
      'sip:',
      'tel:',
      'Replaces=',
      'to-tag%3D',
      'from-tag%3D',
      'fuzz-refer%40127.0.0.1',
      ' ',
      'é',
      'x',
    );
    const value = fc.array(fc.oneof(piece, fc.string({ maxLength: 5 })), { maxLength: 25 }).map((a) => a.join('').replace(/[\r\n]/g, ''));
    const values = fc.sample(value, { numRuns: 150, seed: 7 });
    let seq = 2;
    for (const [i, v] of values.entries()) {
      const msg = `${dialogHead(seq++, `fz${i}`)}Refer-To: ${v}\n${i % 3 === 0 ? `Referred-By: ${v}\n` : ''}Content-Length: 0\n\n`;
      await send(msg);
      if (i % 10 === 0) await new Promise((r) => setTimeout(r, 2));
    }
    const seed = crlf(
      `${dialogHead(1000, 'fzseed')}Refer-To: <sip:b@127.0.0.1?Replaces=fuzz-refer%40127.0.0.1%3Bto-tag%3D${tag}%3Bfrom-tag%3Dph1>\nReferred-By: <sip:phone@127.0.0.1>\nContent-Length: 0\n\n`,
    );
    const mutants = fc.sample(fc.array(mutation, { minLength: 1, maxLength: 4 }), { numRuns: 300, seed: 11 });
    for (const [i, m] of mutants.entries()) {
      await send(apply(seed, m));
      if (i % 10 === 0) await new Promise((r) => setTimeout(r, 2));
    }
    await new Promise((r) => setTimeout(r, 300));
    const client = new SipEndpoint();
    client.addTransport(await UdpTransport.listen({ port: 0 }));
    const res = await client.request({ method: 'OPTIONS', uri: `sip:ep@127.0.0.1:${t.local.port}` });
    assert.equal(res.status, 200);
    await client.close();
    assert.deepEqual(errors, []);
    const finals = got.filter((m) => /^SIP\/2\.0 (202|400|603) /.test(m));
    assert.ok(finals.length > 50, `answers to REFERs: ${finals.length}`);
    assert.ok(refers > 0, 'some well-formed REFERs reached the owner');
  } finally {
    raw.close();
    await ep.close();
  }
});
