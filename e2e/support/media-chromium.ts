import type { Browser } from 'playwright-core';
import { launchChromium } from './chromium';

/**
 * Chromium with a fake microphone that plays `micWav` (one browser per sound: the flag
 * is per process). Permission to use it is the context's business
 * (`newContext({ permissions: ['microphone'] })`); without it getUserMedia is refused.
 */
export function launchWithMicrophone(micWav: string): Promise<Browser> {
  return launchChromium([
    '--use-fake-device-for-media-stream',
    `--use-file-for-fake-audio-capture=${micWav}`,
    '--allow-loopback-in-peer-connection',
    '--autoplay-policy=no-user-gesture-required',
  ]);
}
