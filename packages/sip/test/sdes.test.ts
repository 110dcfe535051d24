import { test } from 'node:test';
import assert from 'node:assert/strict';
import { answerAudioOffer, createAudioOffer, offeredCrypto, parseCrypto, parseSdp, readAudioAnswer, serializeSdp, SipError } from '@switchboard/sip';

const KEY_A = Buffer.alloc(30, 1);
const KEY_B = Buffer.alloc(30, 2);

// A baresip-style SRTP offer (mediaenc=srtp): RTP/SAVP with two suites.
const SAVP_OFFER = [
  'v=0',
  'o=- 1 2 IN IP4 127.0.0.1',
  's=-',
  'c=IN IP4 127.0.0.1',
  't=0 0',
  'm=audio 10000 RTP/SAVP 0 8 101',
  'a=rtpmap:0 PCMU/8000',
  'a=rtpmap:8 PCMA/8000',
  'a=rtpmap:101 telephone-event/8000',
  'a=sendrecv',
  `a=crypto:1 AES_CM_128_HMAC_SHA1_32 inline:${KEY_A.toString('base64')}`,
  `a=crypto:2 AES_CM_128_HMAC_SHA1_80 inline:${KEY_A.toString('base64')}|2^31`,
  '',
].join('\r\n');

test('a=crypto lines: parsed when usable, refused with MKI, session parameters or a bad key', () => {
  assert.deepEqual(parseCrypto(`1 AES_CM_128_HMAC_SHA1_80 inline:${KEY_A.toString('base64')}`), { tag: 1, suite: 'AES_CM_128_HMAC_SHA1_80', keySalt: KEY_A });
  assert.equal(parseCrypto(`1 AES_CM_128_HMAC_SHA1_80 inline:${KEY_A.toString('base64')}|2^20|1:4`), undefined, 'MKI');
  assert.equal(parseCrypto(`1 AES_CM_128_HMAC_SHA1_80 inline:${KEY_A.toString('base64')} KDR=1`), undefined, 'session parameter');
  assert.equal(parseCrypto('1 AES_CM_128_HMAC_SHA1_80 inline:AAAA'), undefined, 'short key');
  assert.equal(parseCrypto(`x AES_CM_128_HMAC_SHA1_80 inline:${KEY_A.toString('base64')}`), undefined, 'bad tag');
});

test('an RTP/SAVP offer is answered RTP/SAVP with our key under the first suite we share, its tag kept', () => {
  const { answer, negotiated } = answerAudioOffer(parseSdp(SAVP_OFFER), { address: '127.0.0.2', port: 20000, crypto: [{ suite: 'AES_CM_128_HMAC_SHA1_80', keySalt: KEY_B }] });
  const text = serializeSdp(answer);
  assert.match(text, /m=audio 20000 RTP\/SAVP 0 101/);
  assert.match(text, new RegExp(`a=crypto:2 AES_CM_128_HMAC_SHA1_80 inline:${KEY_B.toString('base64').replace(/\+/g, '\\+')}`));
  assert.equal(text.match(/a=crypto/g)?.length, 1);
  assert.deepEqual(negotiated.srtp, { suite: 'AES_CM_128_HMAC_SHA1_80', localKeySalt: KEY_B, remoteKeySalt: KEY_A });
});

test('an RTP/SAVP offer without a suite we have, or when we do no SRTP, gets 488', () => {
  for (const crypto of [undefined, [{ suite: 'AES_256_CM_HMAC_SHA1_80', keySalt: KEY_B }]]) {
    assert.throws(
      () => answerAudioOffer(parseSdp(SAVP_OFFER), { address: '127.0.0.2', port: 20000, ...(crypto ? { crypto } : {}) }),
      (e: unknown) => e instanceof SipError && e.sipStatus === 488,
    );
  }
});

test('best-effort SRTP: an RTP/AVP offer with a=crypto is answered RTP/AVP with our key', () => {
  const avp = SAVP_OFFER.replace('RTP/SAVP', 'RTP/AVP');
  const { answer, negotiated } = answerAudioOffer(parseSdp(avp), { address: '127.0.0.2', port: 20000, crypto: [{ suite: 'AES_CM_128_HMAC_SHA1_32', keySalt: KEY_B }] });
  const text = serializeSdp(answer);
  assert.match(text, /m=audio 20000 RTP\/AVP 0 101/);
  assert.match(text, /a=crypto:1 AES_CM_128_HMAC_SHA1_32 inline:/);
  assert.equal(negotiated.srtp?.suite, 'AES_CM_128_HMAC_SHA1_32');
  // Without SRTP of our own, the same offer is answered plain.
  const plain = answerAudioOffer(parseSdp(avp), { address: '127.0.0.2', port: 20000 });
  assert.equal(plain.negotiated.srtp, undefined);
  assert.doesNotMatch(serializeSdp(plain.answer), /crypto/);
});

test('a plain RTP/AVP offer is answered plain even when we could do SRTP', () => {
  const plain = SAVP_OFFER.replace('RTP/SAVP', 'RTP/AVP').replace(/a=crypto.*\r\n/g, '');
  const { answer, negotiated } = answerAudioOffer(parseSdp(plain), { address: '127.0.0.2', port: 20000, crypto: [{ suite: 'AES_CM_128_HMAC_SHA1_80', keySalt: KEY_B }] });
  assert.match(serializeSdp(answer), /RTP\/AVP/);
  assert.doesNotMatch(serializeSdp(answer), /crypto/);
  assert.equal(negotiated.srtp, undefined);
});

test('our SRTP offer and the answer to it: the answer must pick one of our tags with its suite', () => {
  const local = { address: '127.0.0.1', port: 30000, crypto: [{ suite: 'AES_CM_128_HMAC_SHA1_80', keySalt: KEY_A }] };
  const offer = serializeSdp(createAudioOffer(local));
  assert.match(offer, /m=audio 30000 RTP\/SAVP/);
  const { answer } = answerAudioOffer(parseSdp(offer), { address: '127.0.0.2', port: 40000, crypto: [{ suite: 'AES_CM_128_HMAC_SHA1_80', keySalt: KEY_B }] });
  const n = readAudioAnswer(answer, offeredCrypto(local));
  assert.deepEqual(n.srtp, { suite: 'AES_CM_128_HMAC_SHA1_80', localKeySalt: KEY_A, remoteKeySalt: KEY_B });
  const plainAnswer = serializeSdp(answer).replace('RTP/SAVP', 'RTP/AVP');
  assert.throws(
    () => readAudioAnswer(parseSdp(plainAnswer), offeredCrypto(local)),
    (e: unknown) => e instanceof SipError && e.sipStatus === 488,
  );
  const otherTag = serializeSdp(answer).replace('a=crypto:1', 'a=crypto:7');
  assert.throws(
    () => readAudioAnswer(parseSdp(otherTag), offeredCrypto(local)),
    (e: unknown) => e instanceof SipError && e.sipStatus === 488,
  );
});

test('our best-effort SRTP offer: RTP/AVP with a=crypto; an answer with a matching line is SRTP, one without is plain RTP', () => {
  const local = { address: '127.0.0.1', port: 30000, crypto: [{ suite: 'AES_CM_128_HMAC_SHA1_80', keySalt: KEY_A }], bestEffort: true };
  const offer = serializeSdp(createAudioOffer(local));
  assert.match(offer, /m=audio 30000 RTP\/AVP /);
  assert.match(offer, /a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:/);
  // A far end that does SDES answers RTP/AVP with its key (as baresip's mediaenc=srtp does).
  const { answer } = answerAudioOffer(parseSdp(offer), { address: '127.0.0.2', port: 40000, crypto: [{ suite: 'AES_CM_128_HMAC_SHA1_80', keySalt: KEY_B }] });
  assert.match(serializeSdp(answer), /m=audio 40000 RTP\/AVP /);
  const n = readAudioAnswer(answer, offeredCrypto(local), true);
  assert.deepEqual(n.srtp, { suite: 'AES_CM_128_HMAC_SHA1_80', localKeySalt: KEY_A, remoteKeySalt: KEY_B });
  // One that does not ignores the lines: plain RTP, no error.
  const plain = answerAudioOffer(parseSdp(offer), { address: '127.0.0.2', port: 40000 }).answer;
  assert.doesNotMatch(serializeSdp(plain), /a=crypto/);
  assert.equal(readAudioAnswer(plain, offeredCrypto(local), true).srtp, undefined);
  // A line that matches none of ours is still refused.
  const otherTag = serializeSdp(answer).replace('a=crypto:1', 'a=crypto:7');
  assert.throws(
    () => readAudioAnswer(parseSdp(otherTag), offeredCrypto(local), true),
    (e: unknown) => e instanceof SipError && e.sipStatus === 488,
  );
});
