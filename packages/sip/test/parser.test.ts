import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  parseMessage,
  serializeMessage,
  parseUri,
  serializeUri,
  parseNameAddr,
  parseVia,
  splitList,
  topVia,
  cseqOf,
  toTag,
  createResponse,
  type SipRequest,
  SipError,
  Headers,
} from '../src/index';

const crlf = (s: string): Buffer => Buffer.from(s.replace(/\n/g, '\r\n'));

const INVITE = crlf(`INVITE sip:bob@example.com SIP/2.0
Via: SIP/2.0/UDP pc33.example.com;branch=z9hG4bK776asdhds, SIP/2.0/TCP [2001:db8::1]:5070;branch=z9hG4bKx;received=10.0.0.1
Max-Forwards: 70
To: Bob <sip:bob@example.com>
From: "Alice, \\"A\\"" <sip:alice@example.com>;tag=1928301774
Call-ID: a84b4c76e66710@pc33.example.com
CSeq: 314159 INVITE
Contact: <sip:alice@pc33.example.com>
Content-Type: application/sdp
Content-Length: 4

v=0
`);

test('parses a request with list headers, quoted display names and IPv6 Via', () => {
  const r = parseMessage(INVITE);
  assert.equal(r.type, 'message');
  if (r.type !== 'message' || r.message.kind !== 'request') return;
  const m = r.message;
  assert.equal(m.method, 'INVITE');
  assert.equal(m.uri.user, 'bob');
  assert.equal(m.headers.getAll('via').length, 2);
  const v2 = parseVia(m.headers.getAll('via')[1]!)!;
  assert.equal(v2.host, '[2001:db8::1]');
  assert.equal(v2.port, 5070);
  assert.equal(v2.transport, 'TCP');
  assert.equal(v2.params.get('received'), '10.0.0.1');
  assert.equal(topVia(m)!.params.get('branch'), 'z9hG4bK776asdhds');
  assert.deepEqual(cseqOf(m), { seq: 314159, method: 'INVITE' });
  assert.equal(parseNameAddr(m.headers.get('from')!)!.displayName, 'Alice, "A"');
  assert.equal(m.body.toString(), 'v=0\r');
});

test('serialize then parse round-trips, and Content-Length is recomputed', () => {
  const r = parseMessage(INVITE);
  assert.equal(r.type, 'message');
  if (r.type !== 'message') return;
  const again = parseMessage(serializeMessage(r.message));
  assert.equal(again.type, 'message');
  if (again.type !== 'message') return;
  assert.deepEqual(
    [...again.message.headers.entries()],
    [...r.message.headers.entries()].map(([k, v]) => [k, v]),
  );
  assert.equal(again.message.body.toString(), 'v=0\r');
});

test('compact header forms expand to their full names', () => {
  const r = parseMessage(
    crlf(`OPTIONS sip:x@h SIP/2.0
v: SIP/2.0/UDP h:5060;branch=z9hG4bK1
f: <sip:a@h>;tag=1
t: <sip:x@h>
i: cid
CSeq: 1 OPTIONS
m: <sip:a@h>
k: path
l: 0

`),
  );
  assert.equal(r.type, 'message');
  if (r.type !== 'message') return;
  assert.equal(r.message.headers.get('call-id'), 'cid');
  assert.equal(r.message.headers.get('Supported'), 'path');
  assert.ok(serializeMessage(r.message).toString().includes('Call-ID: cid\r\n'));
});

test('SIP URIs: params, headers, IPv6, tel, unsupported schemes', () => {
  const u = parseUri('sips:alice:secret@[2001:db8::5]:5061;transport=tcp;lr?subject=project%20x&priority=urgent');
  assert.ok(u.ok);
  if (!u.ok) return;
  assert.equal(u.uri.scheme, 'sips');
  assert.equal(u.uri.password, 'secret');
  assert.equal(u.uri.host, '[2001:db8::5]');
  assert.equal(u.uri.port, 5061);
  assert.equal(u.uri.params.get('lr'), null);
  assert.equal(u.uri.headers.get('priority'), 'urgent');
  assert.equal(serializeUri(u.uri), 'sips:alice:secret@[2001:db8::5]:5061;transport=tcp;lr?subject=project%20x&priority=urgent');
  const t = parseUri('tel:+1-201-555-0123;phone-context=example.com');
  assert.ok(t.ok && t.uri.user === '+1-201-555-0123');
  const h = parseUri('http://example.com');
  assert.ok(!h.ok && h.reason === 'unsupported-scheme');
  for (const bad of ['sip:', 'sip:a@', 'sip:a b@h', 'sip:h:70000', 'sip:[::1', 'sip:h;=x', 'sip:h?x']) {
    assert.equal(parseUri(bad).ok, false, bad);
  }
});

test('splitList respects quotes and angle brackets', () => {
  assert.deepEqual(splitList('"a,b" <sip:x@h;p=1,2>, <sip:y@h>,sip:z@h'), ['"a,b" <sip:x@h;p=1,2>', '<sip:y@h>', 'sip:z@h']);
});

test('name-addr forms: addr-spec params belong to the header', () => {
  const a = parseNameAddr('sip:carol@chicago.com;tag=887s')!;
  assert.equal(a.params.get('tag'), '887s');
  assert.equal(a.uri.params.size, 0);
  const b = parseNameAddr('Bob Smith <sip:bob@h;transport=tcp>;tag=9')!;
  assert.equal(b.displayName, 'Bob Smith');
  assert.equal(b.uri.params.get('transport'), 'tcp');
});

test('createResponse copies the mandatory headers and adds a To tag', () => {
  const r = parseMessage(INVITE);
  if (r.type !== 'message') throw new Error('parse');
  const res = createResponse(r.message as SipRequest, 486, { toTag: 'xyz' });
  assert.equal(res.reason, 'Busy Here');
  assert.equal(toTag(res), 'xyz');
  assert.equal(res.headers.getAll('via').length, 2);
  const trying = createResponse(r.message as SipRequest, 100, { toTag: 'xyz' });
  assert.equal(toTag(trying), undefined);
});

test('the serializer refuses header values that would inject lines', () => {
  const h = new Headers();
  h.set('x-evil', 'a\r\nInjected: 1');
  assert.throws(
    () => serializeMessage({ kind: 'response', status: 200, reason: 'OK', headers: h, body: Buffer.alloc(0) }),
    (e: unknown) => e instanceof SipError && e.code === 'SIP_HEADER_INJECTION',
  );
});

test('stream-framed message without Content-Length has an empty body', () => {
  const r = parseMessage(
    crlf(`OPTIONS sip:x@h SIP/2.0
Via: SIP/2.0/TCP h;branch=z9hG4bK1
From: <sip:a@h>;tag=1
To: <sip:x@h>
Call-ID: c
CSeq: 1 OPTIONS

`),
    { stream: true },
  );
  assert.equal(r.type, 'message');
});
