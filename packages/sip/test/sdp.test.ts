import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  parseSdp,
  serializeSdp,
  rtpMaps,
  directionOf,
  createAudioOffer,
  answerAudioOffer,
  readAudioAnswer,
  withDirection,
  answerDirection,
  getAttribute,
  SipError,
} from '../src/index';

const crlf = (s: string): string => s.replace(/\n/g, '\r\n');

const SIPP_OFFER = crlf(`v=0
o=user1 53655765 2353687637 IN IP4 127.0.0.1
s=-
c=IN IP4 127.0.0.1
t=0 0
m=audio 6000 RTP/AVP 8 0 101
a=rtpmap:8 PCMA/8000
a=rtpmap:101 telephone-event/8000
a=fmtp:101 0-15
a=ptime:30
`);

const WEBRTC_OFFER = crlf(`v=0
o=- 4611731400430051336 2 IN IP4 127.0.0.1
s=-
t=0 0
a=group:BUNDLE 0
a=extmap-allow-mixed
a=msid-semantic: WMS 2b1d3f4c
m=audio 9 UDP/TLS/RTP/SAVPF 111 63 9 0 8 13 110 126
c=IN IP4 0.0.0.0
a=rtcp:9 IN IP4 0.0.0.0
a=candidate:1 1 udp 2122260223 192.168.1.5 54321 typ host generation 0 network-id 1
a=ice-ufrag:Kp3x
a=ice-pwd:Zb0cmZtmFlcw3T3vYfO2Gq7q
a=ice-options:trickle
a=fingerprint:sha-256 1F:2E:3D:4C:5B:6A:79:88:97:A6:B5:C4:D3:E2:F1:00:1F:2E:3D:4C:5B:6A:79:88:97:A6:B5:C4:D3:E2:F1:00
a=setup:actpass
a=mid:0
a=extmap:1 urn:ietf:params:rtp-hdrext:ssrc-audio-level
a=sendrecv
a=msid:2b1d3f4c 7e8f
a=rtcp-mux
a=rtpmap:111 opus/48000/2
a=rtcp-fb:111 transport-cc
a=fmtp:111 minptime=10;useinbandfec=1
a=rtpmap:63 red/48000/2
a=rtpmap:9 G722/8000
a=rtpmap:0 PCMU/8000
a=rtpmap:8 PCMA/8000
a=rtpmap:13 CN/8000
a=rtpmap:110 telephone-event/48000
a=rtpmap:126 telephone-event/8000
a=ssrc:1001 cname:abc
`);

test('parses a plain G.711 offer: codecs, telephone-event, ptime, connection', () => {
  const s = parseSdp(SIPP_OFFER);
  const m = s.media[0]!;
  assert.equal(m.port, 6000);
  assert.deepEqual(
    rtpMaps(m).map((r) => r.encoding),
    ['PCMA', 'PCMU', 'telephone-event'],
  );
  assert.equal(s.connection?.address, '127.0.0.1');
  assert.equal(directionOf(m, s), 'sendrecv');
  assert.equal(parseSdp(serializeSdp(s)).media[0]!.formats.join(' '), '8 0 101');
});

test('parses a WebRTC offer and keeps ICE/DTLS attributes opaque and in order', () => {
  const s = parseSdp(WEBRTC_OFFER);
  const m = s.media[0]!;
  assert.equal(m.protocol, 'UDP/TLS/RTP/SAVPF');
  assert.equal(getAttribute(m, 'ice-ufrag'), 'Kp3x');
  assert.match(getAttribute(m, 'fingerprint')!, /^sha-256 1F:2E/);
  assert.equal(rtpMaps(m).find((r) => r.encoding === 'telephone-event' && r.clockRate === 8000)?.payloadType, 126);
  assert.equal(serializeSdp(parseSdp(serializeSdp(s))), serializeSdp(s));
  assert.ok(serializeSdp(s).includes('a=candidate:1 1 udp 2122260223 192.168.1.5 54321 typ host generation 0 network-id 1\r\n'));
});

test("answers a sipp-style offer with the offerer's first G.711 codec and its telephone-event type", () => {
  const { answer, negotiated } = answerAudioOffer(parseSdp(SIPP_OFFER), { address: '127.0.0.1', port: 20000 });
  assert.equal(negotiated.codec, 'PCMA');
  assert.equal(negotiated.payloadType, 8);
  assert.equal(negotiated.telephoneEvent, 101);
  assert.equal(negotiated.remotePort, 6000);
  assert.equal(negotiated.ptime, 30);
  const text = serializeSdp(answer);
  assert.match(text, /m=audio 20000 RTP\/AVP 8 101\r\n/);
  assert.match(text, /a=ptime:30/);
  assert.match(text, /c=IN IP4 127\.0\.0\.1/);
});

test('hold: a sendonly offer is answered recvonly; inactive stays inactive; resume is sendrecv', () => {
  const offer = createAudioOffer({ address: '127.0.0.1', port: 4000 });
  const hold = withDirection(offer, 'sendonly');
  assert.equal(hold.origin.sessionVersion, '2');
  const r = answerAudioOffer(parseSdp(serializeSdp(hold)), { address: '127.0.0.1', port: 5000 });
  assert.equal(r.negotiated.direction, 'recvonly');
  assert.equal(readAudioAnswer(r.answer).direction, 'sendonly');
  assert.equal(answerDirection('inactive'), 'inactive');
  assert.equal(answerDirection('recvonly'), 'sendonly');
  assert.equal(answerDirection('sendrecv', 'sendonly'), 'sendonly');
  const resumed = answerAudioOffer(withDirection(hold, 'sendrecv'), { address: '127.0.0.1', port: 5000 });
  assert.equal(resumed.negotiated.direction, 'sendrecv');
});

test('declines streams it cannot take with port 0, and rejects an offer with no G.711 as 488', () => {
  const s = parseSdp(SIPP_OFFER + 'm=video 7000 RTP/AVP 96\r\na=rtpmap:96 VP8/90000\r\n');
  const { answer } = answerAudioOffer(s, { address: '127.0.0.1', port: 20000 });
  assert.equal(answer.media.length, 2);
  assert.equal(answer.media[1]!.port, 0);
  assert.throws(
    () => answerAudioOffer(parseSdp(WEBRTC_OFFER), { address: '127.0.0.1', port: 1 }),
    (e: unknown) => e instanceof SipError && e.sipStatus === 488,
  );
});

test('malformed SDP throws a typed error', () => {
  for (const bad of ['', 'x', 'o=- 1 1 IN IP4 h\r\n', 'v=0\r\nm=audio abc RTP/AVP 0\r\n', 'v=1\r\n']) {
    assert.throws(
      () => parseSdp(bad),
      (e: unknown) => e instanceof SipError && e.code === 'SIP_SDP',
      bad,
    );
  }
});
