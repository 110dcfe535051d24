import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';
import { CHROMIUM_PATH } from './chromium';

/**
 * Chromium with a fake microphone that plays `micWav` (one browser per sound: the flag
 * is per process). Permission to use it is the context's business
 * (`newContext({ permissions: ['microphone'] })`); without it getUserMedia is refused.
 */
export async function launchWithMicrophone(micWav: string): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`chromium (Debian package) is required at ${CHROMIUM_PATH}: apt-get install chromium`);
  }
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--use-fake-device-for-media-stream',
      `--use-file-for-fake-audio-capture=${micWav}`,
      '--allow-loopback-in-peer-connection',
      '--autoplay-policy=no-user-gesture-required',
    ],
  });
}
