import type { Page } from 'playwright-core';

/**
 * Page-side listener (plain JS, run in the page): WebAudio taps the stream an <audio>
 * element plays and, every 50 ms, measures with Goertzel how much of a 2048-sample
 * window's energy sits at each frequency asked for. A window counts as a hit for a
 * frequency when it carries over `share` of the energy (half unless told: lower to hear two
 * tones mixed) and the window is not silence.
 */
const PROBE = `(() => {
  const probes = {};
  function goertzel(x, f, rate) {
    const k = 2 * Math.cos((2 * Math.PI * f) / rate);
    let s1 = 0, s2 = 0;
    for (let i = 0; i < x.length; i++) { const s = x[i] + k * s1 - s2; s2 = s1; s1 = s; }
    return s1 * s1 + s2 * s2 - k * s1 * s2;
  }
  window.__toneProbe = {
    start(selector, freqs, share) {
      const el = document.querySelector(selector);
      if (!el || !el.srcObject) return 'no stream on ' + selector;
      const ctx = new AudioContext();
      void ctx.resume();
      const an = ctx.createAnalyser();
      an.fftSize = 2048;
      ctx.createMediaStreamSource(el.srcObject).connect(an);
      const buf = new Float32Array(an.fftSize);
      const p = { ctx, windows: 0, loud: 0, hits: Object.fromEntries(freqs.map((f) => [f, 0])), shares: Object.fromEntries(freqs.map((f) => [f, 0])) };
      p.timer = setInterval(() => {
        an.getFloatTimeDomainData(buf);
        let e = 0;
        for (let i = 0; i < buf.length; i++) e += buf[i] * buf[i];
        p.windows++;
        if (e / buf.length < 1e-5) return;
        p.loud++;
        for (const f of freqs) {
          const sh = (2 * goertzel(buf, f, ctx.sampleRate)) / (buf.length * e);
          p.shares[f] += sh;
          if (sh > share) p.hits[f]++;
        }
      }, 50);
      probes[selector] = p;
      return 'ok';
    },
    read(selector) {
      const p = probes[selector];
      return p ? { windows: p.windows, loud: p.loud, hits: p.hits, shares: p.shares } : null;
    },
    stop(selector) {
      const p = probes[selector];
      if (!p) return;
      clearInterval(p.timer);
      void p.ctx.close();
      delete probes[selector];
    },
  };
})()`;

export interface ProbeReading {
  windows: number;
  loud: number;
  hits: Record<string, number>;
  /** Per frequency, the sum over loud windows of its share of the energy (÷ loud: the mean share). */
  shares: Record<string, number>;
}

/** Starts listening to what `selector` (an <audio> with a srcObject) plays, for `freqs`. */
export async function startToneProbe(page: Page, selector: string, freqs: number[], share = 0.5): Promise<void> {
  await page.evaluate(PROBE);
  const r = await page.evaluate(`window.__toneProbe.start(${JSON.stringify(selector)}, ${JSON.stringify(freqs)}, ${share})`);
  if (r !== 'ok') throw new Error(`tone probe: ${String(r)}`);
}

export async function readToneProbe(page: Page, selector: string): Promise<ProbeReading> {
  const r = (await page.evaluate(`window.__toneProbe.read(${JSON.stringify(selector)})`)) as ProbeReading | null;
  if (!r) throw new Error(`tone probe on ${selector} was not started`);
  return r;
}

export async function stopToneProbe(page: Page, selector: string): Promise<void> {
  await page.evaluate(`window.__toneProbe && window.__toneProbe.stop(${JSON.stringify(selector)})`);
}

/**
 * Waits until `freq` was heard in at least `minHits` windows since the probe started
 * (retried over a generous time: the machine may be loaded), and returns the reading.
 */
export async function waitForTone(page: Page, selector: string, freq: number, minHits: number, timeoutMs = 20_000): Promise<ProbeReading> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const r = await readToneProbe(page, selector);
    if ((r.hits[freq] ?? 0) >= minHits) return r;
    if (Date.now() > deadline) throw new Error(`${freq} Hz not heard on ${selector} (${minHits} windows wanted): ${JSON.stringify(r)}`);
    await new Promise((res) => setTimeout(res, 250));
  }
}
