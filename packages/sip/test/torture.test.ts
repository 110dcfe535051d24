import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseMessage, parseVia, parseNameAddr, cseqOf, serializeMessage, parseReferRequest, type SipRequest } from '../src/index';

// Valid-but-nasty messages in the spirit of RFC 4475 (SIP torture tests) 3.1.1.

function parseRequest(text: string): SipRequest {
  const r = parseMessage(Buffer.from(text));
  if (r.type !== 'message' || r.message.kind !== 'request') throw new Error(`expected a request, got ${JSON.stringify(r)}`);
  return r.message;
}

test('RFC 4475 3.1.1.1 "wsinv": LWS, folding, spaces around colons and slashes, escaped quotes', () => {
  const m = parseRequest(
    'INVITE sip:vivekg@chair-dnrc.example.com;unknownparam SIP/2.0\r\n' +
      'TO :\r\n sip:vivekg@chair-dnrc.example.com ;   tag    = 1918181833n\r\n' +
      'from   : "J Rosenberg \\\\\\""       <sip:jdrosen@example.com>\r\n  ;\r\n  tag = 98asjd8\r\n' +
      'MaX-fOrWaRdS: 0068\r\n' +
      'Call-ID: wsinv.ndaksdj@192.0.2.1\r\n' +
      'Content-Length   : 150\r\n' +
      'cseq: 0009\r\n  INVITE\r\n' +
      'Via  : SIP  /   2.0\r\n /UDP\r\n    192.0.2.2;branch=390skdjuw\r\n' +
      's :\r\n' +
      'NewFangledHeader:   newfangled value\r\n continued newfangled value\r\n' +
      'UnknownHeaderWithUnusualValue: ;;,,;;,;\r\n' +
      'Content-Type: application/sdp\r\n' +
      'Route:\r\n <sip:services.example.com;lr;unknownwith=value;unknown-no-value>\r\n' +
      'v:  SIP  / 2.0  / TCP     spindle.example.com   ;\r\n  branch  =   z9hG4bK9ikj8  ,\r\n SIP  /    2.0   / UDP  192.168.255.111   ; branch=\r\n z9hG4bK30239\r\n' +
      'm:"Quoted string \\"\\"" <sip:jdrosen@example.com> ; newparam =\r\n      newvalue ;\r\n  secondparam ; q = 0.33\r\n' +
      '\r\n' +
      'v=0\r\no=mhandley 29739 7272939 IN IP4 192.0.2.3\r\ns=-\r\nc=IN IP4 192.0.2.4\r\nt=0 0\r\nm=audio 49217 RTP/AVP 0 12\r\nm=video 3227 RTP/AVP 31\r\na=rtpmap:31 LPC\r\n',
  );
  assert.equal(m.method, 'INVITE');
  assert.equal(parseNameAddr(m.headers.get('to')!)!.params.get('tag'), '1918181833n');
  const from = parseNameAddr(m.headers.get('from')!)!;
  assert.equal(from.displayName, 'J Rosenberg \\"');
  assert.equal(from.params.get('tag'), '98asjd8');
  assert.deepEqual(cseqOf(m), { seq: 9, method: 'INVITE' });
  const vias = m.headers.getAll('via').map((v) => parseVia(v)!);
  assert.deepEqual(
    vias.map((v) => [v.transport, v.host, v.params.get('branch')]),
    [
      ['UDP', '192.0.2.2', '390skdjuw'],
      ['TCP', 'spindle.example.com', 'z9hG4bK9ikj8'],
      ['UDP', '192.168.255.111', 'z9hG4bK30239'],
    ],
  );
  const contact = parseNameAddr(m.headers.get('contact')!)!;
  assert.equal(contact.displayName, 'Quoted string ""');
  assert.equal(contact.params.get('q'), '0.33');
  assert.equal(m.body.length, 150);
  assert.equal(parseMessage(serializeMessage(m)).type, 'message');
});

test('RFC 4475 3.1.1.2 / 3.1.1.6 style: escapes in URIs and a user part containing ";"', () => {
  const m = parseRequest(
    'OPTIONS sip:user;par=u%40example.net@example.com SIP/2.0\r\n' +
      'To: sip:j_user@example.com\r\n' +
      'From: <sip:I%20have%20spaces@example.net>;tag=938\r\n' +
      'Max-Forwards: 87\r\n' +
      'Call-ID: semiuri.0ha0isnda977644900765@192.0.2.15\r\n' +
      'CSeq: 8 OPTIONS\r\n' +
      'Via: SIP/2.0/UDP host5.example.net;branch=z9hG4bKkdjuw\r\n' +
      'Contact: <sip:cal%6Cer@host5.example.net;%6C%72;n%61me=v%61lue%25%34%31>\r\n' +
      'l: 0\r\n\r\n',
  );
  assert.equal(m.uri.user, 'user;par=u%40example.net');
  assert.equal(m.uri.host, 'example.com');
  assert.equal(parseNameAddr(m.headers.get('from')!)!.uri.user, 'I%20have%20spaces');
  assert.equal(parseNameAddr(m.headers.get('contact')!)!.uri.params.get('n%61me'), 'v%61lue%25%34%31');
});

test('RFC 4475 3.1.2.x style invalid messages are answered, not crashed on', () => {
  const base = (first: string, extra = '') =>
    Buffer.from(
      `${first}\r\nVia: SIP/2.0/UDP 192.0.2.1;branch=z9hG4bKbad\r\nTo: <sip:t@example.com>\r\nFrom: <sip:f@example.com>;tag=1\r\nCall-ID: bad@x\r\nCSeq: 1 INVITE\r\nMax-Forwards: 70\r\n${extra}Content-Length: 0\r\n\r\n`,
    );
  // 3.1.2.9-ish: Request-URI with a space-free but unknown scheme; 3.1.2.11-ish: escaped headers in a Request-URI are fine.
  const r1 = parseMessage(base('INVITE urn:service:sos SIP/2.0'));
  assert.equal(r1.type === 'reject' && r1.status, 416);
  // 3.1.2.13-ish: a Request-URI with an unquoted "<" is not a URI at all.
  const r2 = parseMessage(base('INVITE <sip:t@example.com> SIP/2.0'));
  assert.equal(r2.type === 'reject' && r2.status, 400);
  // 3.1.2.16-ish: unknown protocol version.
  const r3 = parseMessage(base('INVITE sip:t@example.com SIP/7.0'));
  assert.equal(r3.type === 'reject' && r3.status, 505);
  // 3.1.2.18-ish: CSeq method differs from the request method.
  const r4 = parseMessage(base('OPTIONS sip:t@example.com SIP/2.0'));
  assert.equal(r4.type === 'reject' && r4.status, 400);
});

test('REFER in the spirit of RFC 4475: compact r: and b:, folding, odd case and escapes in an embedded Replaces', () => {
  const m = parseRequest(
    'REFER sip:switchboard@192.0.2.10:5060 SIP/2.0\r\n' +
      'Via: SIP/2.0/UDP 192.0.2.20;branch=z9hG4bKtortref\r\n' +
      'To: <sip:switchboard@192.0.2.10>;tag=e1\r\n' +
      'From: "Desk \\"7\\"" <sip:desk7@192.0.2.20>;tag=d7\r\n' +
      'Call-ID: tort-refer@192.0.2.20\r\n' +
      'CSeq: 4 REFER\r\n' +
      'Max-Forwards: 70\r\n' +
      'r :\r\n   "Bob (ext 201)"  <sip:201@192.0.2.10;user=phone?rEpLaCeS=abc%40192.0.2.20%3bTo-Tag%3de2%3bfrom-tag%3Dd2%3Bearly-only>  ;  x=1\r\n' +
      'b: <sip:desk7@192.0.2.20>;cid="1234@192.0.2.20"\r\n' +
      'l: 0\r\n\r\n',
  );
  const r = parseReferRequest(m);
  assert.ok(r.ok, JSON.stringify(r));
  assert.equal(r.refer.displayName, 'Bob (ext 201)');
  assert.equal(r.refer.target, '201');
  assert.equal(r.refer.uriText, 'sip:201@192.0.2.10;user=phone');
  assert.deepEqual(r.refer.replaces, { callId: 'abc@192.0.2.20', toTag: 'e2', fromTag: 'd2', earlyOnly: true });
  assert.equal(r.refer.referredBy, 'sip:desk7@192.0.2.20');
  const again = parseMessage(serializeMessage(m));
  assert.equal(again.type, 'message');
  assert.deepEqual(again.type === 'message' && again.message.kind === 'request' && parseReferRequest(again.message), r);
});
