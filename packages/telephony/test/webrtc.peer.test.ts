import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { decodeG711 } from '@switchboard/media';
import { createEngine } from '../src/index';
import { Baresip, BROWSER_PAGE, makeToneWav, requireTool, sleep, tempDir, readWav, toneBlocks } from '@switchboard/testkit';

// Ports: baresip 28800-28899; engine SIP 29550, RTP 29500-29549, WebRTC ICE 29560-29579.
const CHROMIUM = '/usr/bin/chromium';

const share = (s: Int16Array, f: number) => {
  const bl = toneBlocks(s, f);
  return bl.filter(Boolean).length / Math.max(1, bl.length);
};

test('Chromium (fake microphone, 1 kHz) → WebRTC leg bridged to a baresip (500 Hz): each hears the other', async () => {
  requireTool('baresip');
  if (!existsSync(CHROMIUM)) throw new Error('chromium is not installed: apt-get install -y chromium (this real-peer test needs it)');
  const dir = tempDir('webrtc');
  makeToneWav(join(dir, 'mic.wav'), 1000, 30);
  makeToneWav(join(dir, 'bob.wav'), 500, 60);
  const bob = new Baresip({ name: 'bob', base: 28800, audioWav: join(dir, 'bob.wav') });
  const { engine } = await createEngine({ sipUdpPort: 29550, rtpPorts: { min: 29500, max: 29549 }, webrtcPorts: [29560, 29579] });
  let browserLeg = '';
  let phoneLeg = '';
  let server: Server | undefined;
  let browser: Browser | undefined;
  engine.on('answered', (e) => {
    if (e.legId === phoneLeg) engine.bridge([browserLeg, phoneLeg]);
  });
  try {
    await bob.start();
    server = createServer((req, res) => {
      if (req.method === 'POST' && req.url === '/offer') {
        let offer = '';
        req.on('data', (c: Buffer) => (offer += c.toString()));
        req.on('end', () => {
          void (async () => {
            try {
              const { legId, answer } = await engine.createWebRtcLeg({ offer, from: 'agent-browser' });
              browserLeg = legId;
              phoneLeg = await engine.originate({ to: { uri: bob.uri, host: '127.0.0.1', port: bob.sipPort }, from: 'agent' });
              res.writeHead(200, { 'content-type': 'application/json' }).end(answer);
            } catch (err) {
              res.writeHead(500).end(String(err));
            }
          })();
        });
        return;
      }
      res.writeHead(200, { 'content-type': 'text/html' }).end(BROWSER_PAGE);
    });
    await new Promise<void>((r) => server!.listen(0, '127.0.0.1', () => r()));
    const port = (server.address() as { port: number }).port;
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--use-fake-device-for-media-stream',
        '--use-fake-ui-for-media-stream',
        `--use-file-for-fake-audio-capture=${join(dir, 'mic.wav')}`,
        '--allow-loopback-in-peer-connection',
        '--autoplay-policy=no-user-gesture-required',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--disable-quic',
      ],
    });
    const page = await browser.newPage();
    await page.goto(`http://127.0.0.1:${port}/`);
    type Probe = { state: string; packetsReceived: number; captured: number; error: string | null };
    const probe = () => page.evaluate(() => (globalThis as unknown as { probe(): Promise<Probe> }).probe());
    await bob.waitEvent('CALL_ESTABLISHED', 15000);
    let last: Probe | undefined;
    const end = Date.now() + 15000;
    while (Date.now() < end) {
      last = await probe();
      if (last.error) throw new Error(last.error);
      if (last.state === 'connected' && last.packetsReceived > 150 && last.captured >= 16000) break;
      await sleep(250);
    }
    assert.ok(last && last.state === 'connected' && last.packetsReceived > 150, `browser: ${JSON.stringify(last)}`);
    await sleep(1500);
    const ulaw = Uint8Array.from(await page.evaluate(() => (globalThis as unknown as { lastAudio(): number[] }).lastAudio()));
    const atBrowser = new Int16Array(ulaw.length);
    decodeG711('PCMU', ulaw, 0, ulaw.length, atBrowser);
    engine.hangup(phoneLeg);
    await bob.waitEvent('CALL_CLOSED');
    await sleep(300);
    const atBob = readWav(bob.recordings().dec!).samples;
    const bobTail = atBob.subarray(Math.max(0, atBob.length - 2 * 8000));
    assert.ok(share(bobTail, 1000) > 0.8, `the browser's 1 kHz reaches the baresip (${share(bobTail, 1000).toFixed(2)})`);
    assert.ok(share(atBrowser, 500) > 0.8, `the baresip's 500 Hz reaches the browser (${share(atBrowser, 500).toFixed(2)})`);
    assert.ok(share(atBrowser, 1000) < 0.05, 'the browser does not hear itself');
  } finally {
    await browser?.close().catch(() => {});
    await bob.stop();
    await engine.close();
    await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
  }
});
