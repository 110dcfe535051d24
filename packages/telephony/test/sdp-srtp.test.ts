import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MediaEngine } from '@switchboard/media';
import { SdpSession } from '@switchboard/telephony';

// Ports: 45720-45739 (RTP legs).

test('SDES between two sessions: an SRTP offer is answered with our key, both legs go SRTP, and a hold re-offer keeps our key', async () => {
  const media = new MediaEngine({ portRange: { min: 45720, max: 45739 }, rtcpIntervalMs: 0 });
  try {
    const a = new SdpSession(await media.createLeg(), { srtp: true });
    const b = new SdpSession(await media.createLeg());
    const offer = a.offer();
    assert.match(offer, /RTP\/SAVP/);
    assert.equal(offer.match(/a=crypto:/g)?.length, 2, 'both suites offered');
    const answer = b.answer(offer);
    assert.match(answer, /a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:/);
    a.applyAnswer(answer);
    assert.ok(a.secure && b.secure && a.leg.secure && b.leg.secure);

    // B puts A on hold: its re-offer stays RTP/SAVP with the same key it answered with.
    const key = /inline:(\S+)/.exec(answer)![1];
    const hold = b.offer('sendonly');
    assert.match(hold, /RTP\/SAVP/);
    assert.equal(/inline:(\S+)/.exec(hold)![1], key, 'our key is kept across the re-INVITE');
    const holdAnswer = a.answer(hold, 'sendrecv');
    assert.match(holdAnswer, /a=recvonly/);
    b.applyAnswer(holdAnswer);
    assert.ok(a.leg.secure && b.leg.secure);

    // A plain offer to a session that ran SRTP switches its leg back to plain RTP.
    const c = new SdpSession(await media.createLeg());
    b.applyAnswer(a.answer(b.offer()));
    a.answer(c.offer());
    assert.equal(a.leg.secure, false);
  } finally {
    await media.close();
  }
});
