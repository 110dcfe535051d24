import { test } from 'node:test';
import assert from 'node:assert/strict';
import { systemClock } from '@switchboard/shared';
import { WebRtcLeg } from '../src/webrtc/webrtc-leg';
import { MediaError } from '../src/errors';

const fingerprint = (json: string) => /a=fingerprint:(\S+ \S+)/.exec((JSON.parse(json) as { sdp: string }).sdp)?.[1];

test('each WebRTC leg has its own DTLS certificate; offers are PCMU-only ICE-lite', async () => {
  const a = await WebRtcLeg.create({ id: 'a', clock: systemClock });
  const b = await WebRtcLeg.create({ id: 'b', clock: systemClock });
  try {
    const oa = await a.createOffer();
    const ob = await b.createOffer();
    assert.ok(fingerprint(oa));
    assert.notEqual(fingerprint(oa), fingerprint(ob));
    const sdp = (JSON.parse(oa) as { sdp: string }).sdp;
    assert.match(sdp, /a=ice-lite/);
    assert.match(sdp, /a=rtpmap:0 PCMU\/8000/);
    assert.doesNotMatch(sdp, /opus/i);
  } finally {
    await a.close();
    await b.close();
  }
});

test('bad offers are refused with typed errors', async () => {
  const leg = await WebRtcLeg.create({ id: 'c', clock: systemClock });
  try {
    await assert.rejects(leg.acceptOffer('not json'), (e: unknown) => e instanceof MediaError && e.code === 'MEDIA_BAD_SDP');
    await assert.rejects(leg.acceptOffer('{"type":"answer","sdp":"v=0"}'), (e: unknown) => e instanceof MediaError && e.code === 'MEDIA_BAD_SDP');
    const opusOnly = JSON.stringify({ type: 'offer', sdp: 'v=0\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111\r\na=rtpmap:111 opus/48000/2\r\n' });
    await assert.rejects(leg.acceptOffer(opusOnly), (e: unknown) => e instanceof MediaError && e.code === 'MEDIA_UNSUPPORTED_CODEC');
  } finally {
    await leg.close();
  }
});
