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
