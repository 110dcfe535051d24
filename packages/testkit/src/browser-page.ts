/**
 * The page Chromium loads for the WebRTC test: fake microphone out (a 1 kHz
 * tone file), our answer in. What comes back is counted with getStats and its
 * PCMU payloads are captured with encoded insertable streams (WebAudio gets
 * nothing from a remote track in headless Chromium without an output device).
 */
export const BROWSER_PAGE = `<!doctype html>
<html><body><script>
window.result = { error: null };
window.captured = [];
(async () => {
  try {
    const stream = await navigator.mediaDevices.getUserMedia({ audio: true });
    // Encoded streams (Chromium's API, works headless); RTCRtpScriptTransform otherwise.
    const script = typeof RTCRtpSender.prototype.createEncodedStreams !== 'function';
    const pc = new RTCPeerConnection(script ? {} : { encodedInsertableStreams: true });
    window.pc = pc;
    window.result.mode = script ? 'script-transform' : 'encoded-streams';
    const keep = (bytes) => {
      for (const b of bytes) window.captured.push(b);
      if (window.captured.length > 32000) window.captured.splice(0, window.captured.length - 16000);
    };
    for (const t of stream.getTracks()) {
      const sender = pc.addTrack(t, stream);
      if (!script) {
        const s = sender.createEncodedStreams();
        s.readable.pipeTo(s.writable);
      }
    }
    pc.ontrack = (e) => {
      try {
        // Chromium runs the audio receive pipeline only for a track that is played out.
        const el = document.createElement('audio');
        el.autoplay = true;
        el.srcObject = e.streams[0] || new MediaStream([e.track]);
        document.body.appendChild(el);
        el.play().catch((err) => { window.result.playError = String(err); });
        if (script) {
          const src = 'onrtctransform = (ev) => { const t = ev.transformer; t.readable.pipeThrough(new TransformStream({ transform(frame, ctl) { self.postMessage(new Uint8Array(frame.data)); ctl.enqueue(frame); } })).pipeTo(t.writable); };';
          const worker = new Worker(URL.createObjectURL(new Blob([src], { type: 'text/javascript' })));
          worker.onmessage = (m) => keep(m.data);
          e.receiver.transform = new RTCRtpScriptTransform(worker, { side: 'receiver' });
        } else {
          const s = e.receiver.createEncodedStreams();
          s.readable.pipeThrough(new TransformStream({ transform(frame, ctl) { keep(new Uint8Array(frame.data)); ctl.enqueue(frame); } })).pipeTo(s.writable);
        }
      } catch (err) {
        window.result.error = 'ontrack: ' + String(err && err.stack || err);
      }
    };
    await pc.setLocalDescription(await pc.createOffer());
    await new Promise((r) => {
      if (pc.iceGatheringState === 'complete') return r();
      pc.onicegatheringstatechange = () => pc.iceGatheringState === 'complete' && r();
      setTimeout(r, 2000);
    });
    const res = await fetch('/offer', { method: 'POST', body: JSON.stringify(pc.localDescription) });
    if (!res.ok) throw new Error('offer refused: ' + (await res.text()));
    await pc.setRemoteDescription(JSON.parse(await res.text()));
  } catch (err) {
    window.result.error = String(err && err.stack || err);
  }
})();
window.probe = async () => {
  const out = { state: window.pc ? window.pc.connectionState : 'none', packetsReceived: 0, bytesReceived: 0, packetsSent: 0, codec: '', error: window.result.error, mode: window.result.mode, captured: window.captured.length };
  if (!window.pc) return out;
  const stats = await window.pc.getStats();
  stats.forEach((s) => {
    if (s.type === 'inbound-rtp' && s.kind === 'audio') { out.packetsReceived = s.packetsReceived; out.bytesReceived = s.bytesReceived; out.energy = s.totalAudioEnergy; out.playError = window.result.playError; }
    if (s.type === 'outbound-rtp' && s.kind === 'audio') out.packetsSent = s.packetsSent;
    if (s.type === 'codec') out.codec += s.mimeType + ' ';
  });
  return out;
};
/** The last 2 s of µ-law bytes received. */
window.lastAudio = () => window.captured.slice(-16000);
</script></body></html>`;
