import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { MediaEngine } from '../src/media-engine';
import { isTonePresent } from '../src/dtmf/goertzel';
import { sine } from '../src/tone/tone-generator';
import { decodeG711, encodeG711 } from '../src/codec/g711';
import { parseRtpHeader } from '../src/rtp/packet';
import { wavHeader } from '../src/record/wav-writer';
import type { WebRtcLeg } from '../src/webrtc/webrtc-leg';
import { BROWSER_PAGE } from '@switchboard/testkit';
import { RtpPeer, sleep } from './helpers/rtp-peer';

const CHROMIUM = '/usr/bin/chromium';

/** The flags telephony-testing.md found to work headless on these machines. */
function chromiumArgs(toneWav: string): string[] {
  return [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--use-fake-device-for-media-stream',
    '--use-fake-ui-for-media-stream',
    `--use-file-for-fake-audio-capture=${toneWav}`,
    '--allow-loopback-in-peer-connection',
    '--autoplay-policy=no-user-gesture-required',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
    '--disable-quic',
  ]; // playwright launches with a fresh temporary profile (it refuses --user-data-dir here)
}

async function until<T>(what: string, ms: number, fn: () => Promise<T | undefined>): Promise<T> {
  const end = Date.now() + ms;
  let last: unknown;
  while (Date.now() < end) {
    try {
      const v = await fn();
      if (v !== undefined) return v;
    } catch (err) {
      last = err;
    }
    await sleep(200);
  }
  throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
}

type Probe = { state: string; packetsReceived: number; bytesReceived: number; packetsSent: number; codec: string; error: string | null; captured: number };

interface Session {
  engine: MediaEngine;
  page: Page;
  leg: () => WebRtcLeg;
  probe: () => Promise<Probe>;
}

/**
 * Starts a page served by a tiny HTTP server whose /offer makes a werift leg
 * (handed to `onLeg`), launches Chromium with a 1 kHz fake microphone, and
 * waits for the connection.
 */
async function withBrowser(onLeg: (leg: WebRtcLeg, engine: MediaEngine) => Promise<void>, body: (s: Session) => Promise<void>): Promise<void> {
  assert.ok(existsSync(CHROMIUM), `chromium is required at ${CHROMIUM} (Debian package chromium)`);
  const dir = mkdtempSync(join(tmpdir(), 'sb-webrtc-'));
  const toneWav = join(dir, 'tone-1khz.wav');
  const pcm = new Int16Array(8000 * 10);
  sine(1000, undefined, 12000).read(pcm, pcm.length);
  writeFileSync(toneWav, Buffer.concat([wavHeader(8000, 1, pcm.length * 2), Buffer.from(pcm.buffer)]));
  const engine = new MediaEngine({ portRange: { min: 27000, max: 27199 }, rtcpIntervalMs: 0 });
  let leg: WebRtcLeg | undefined;
  let server: Server | undefined;
  let browser: Browser | undefined;
  try {
    server = createServer((req, res) => {
      if (req.method === 'POST' && req.url === '/offer') {
        let offer = '';
        req.on('data', (c: Buffer) => (offer += c.toString()));
        req.on('end', async () => {
          try {
            leg = await engine.createWebRtcLeg();
            await onLeg(leg, engine);
            res.writeHead(200, { 'content-type': 'application/json' }).end(await leg.acceptOffer(offer));
          } catch (err) {
            res.writeHead(500).end(String(err));
          }
        });
        return;
      }
      res.writeHead(200, { 'content-type': 'text/html' }).end(BROWSER_PAGE);
    });
    await new Promise<void>((r) => server!.listen(0, '127.0.0.1', () => r()));
    const port = (server.address() as { port: number }).port;
    browser = await chromium.launch({ executablePath: CHROMIUM, args: chromiumArgs(toneWav) });
    const page = await browser.newPage();
    await page.goto(`http://127.0.0.1:${port}/`);
    const probe = () => page.evaluate(() => (globalThis as unknown as { probe(): Promise<Probe> }).probe());
    await until('connected', 15000, async () => {
      const p = await probe();
      if (p.error) throw new Error(p.error);
      return p.state === 'connected' ? p : undefined;
    });
    assert.equal(leg!.connectionState, 'connected');
    await body({ engine, page, leg: () => leg!, probe });
  } finally {
    await browser?.close().catch(() => {});
    await engine.close();
    await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The last 2 s of PCMU the page received, decoded. */
async function browserHeard(s: Session): Promise<Int16Array> {
  let last: Probe | undefined;
  await until('audio back in the browser', 15000, async () => {
    const p = (last = await s.probe());
    return p.packetsReceived > 100 && p.captured >= 16000 ? p : undefined;
  }).catch((err: Error) => assert.fail(`${err.message}; last probe ${JSON.stringify(last)}; leg sent ${s.leg().packetsOut}`));
  assert.match(last!.codec, /PCMU/);
  assert.ok(last!.packetsSent > 50);
  const ulaw = Uint8Array.from(await s.page.evaluate(() => (globalThis as unknown as { lastAudio(): number[] }).lastAudio()));
  const pcm = new Int16Array(ulaw.length);
  decodeG711('PCMU', ulaw, 0, ulaw.length, pcm);
  return pcm;
}

test("Chromium ↔ werift leg: the fake microphone's 1 kHz tone is detected on the server, a 600 Hz tone comes back", async () => {
  const heard: number[] = [];
  await withBrowser(
    async (leg, engine) => {
      leg.addTap({ onPcm: (_l, p, n) => heard.push(...p.subarray(0, n)) });
      engine.playSource(leg, sine(600, undefined, 10000));
    },
    async (s) => {
      await until('2 s of audio from the browser', 15000, async () => (heard.length >= 16000 ? true : undefined));
      const tail = Int16Array.from(heard.slice(-16000));
      assert.ok(isTonePresent(tail, 1000, { minBlocks: 0.6 }), '1 kHz tone from the browser');
      assert.ok(!isTonePresent(tail, 600), 'and not our own tone');
      const got = await browserHeard(s);
      assert.ok(isTonePresent(got, 600, { minBlocks: 0.8 }), '600 Hz reached the browser');
      assert.ok(!isTonePresent(got, 1000), 'not an echo of its own microphone');
    },
  );
});

test('Chromium ↔ werift leg bridged to an RTP leg: PCMU relayed as-is both ways', async () => {
  const phone = await RtpPeer.open();
  try {
    await withBrowser(
      async (leg, engine) => {
        const rtp = await engine.createLeg({ codec: 'PCMU' });
        rtp.setRemote('127.0.0.1', phone.port, 0);
        engine.bridge(leg, rtp);
        // The "phone" sends a 600 Hz tone in 20 ms PCMU packets to the RTP leg.
        const tone = new Int16Array(160);
        const src = sine(600, undefined, 10000);
        const payload = new Uint8Array(160);
        let seq = 0;
        const timer = setInterval(() => {
          if (rtp.closed) return clearInterval(timer);
          src.read(tone, 160);
          encodeG711('PCMU', tone, 0, 160, payload);
          phone.sendRtp(rtp.localPort, 0, seq++, seq * 160, 0xcafe, payload);
        }, 20);
      },
      async (s) => {
        const got = await browserHeard(s);
        assert.ok(isTonePresent(got, 600, { minBlocks: 0.8 }), "the phone's 600 Hz reached the browser");
        await phone.waitFor(100, 10000);
        const audio = phone.received.slice(-100).map((b) => {
          const h = parseRtpHeader(b)!;
          assert.equal(h.payloadType, 0);
          const p = new Int16Array(h.payloadLength);
          decodeG711('PCMU', b, h.headerLength, h.payloadLength, p);
          return p;
        });
        const all = new Int16Array(audio.reduce((a, p) => a + p.length, 0));
        audio.reduce((o, p) => (all.set(p, o), o + p.length), 0);
        assert.ok(isTonePresent(all, 1000, { minBlocks: 0.6 }), "the browser's 1 kHz reached the phone");
      },
    );
  } finally {
    await phone.close();
  }
});
