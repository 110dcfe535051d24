import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

export const CHROMIUM_PATH = '/usr/bin/chromium';

/** Headless and quiet on a closed network (no background fetches, no QUIC, no first-run UI). */
export const CHROMIUM_ARGS: readonly string[] = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Debian's Chromium, headless, quiet. Missing → the test fails naming the package. */
export async function launchChromium(extraArgs: readonly string[] = []): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`chromium (Debian package) is required at ${CHROMIUM_PATH}: apt-get install chromium`);
  }
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: [...CHROMIUM_ARGS, ...extraArgs] });
}

/**
 * Chromium as it ships: third-party storage partitioned by top-level site. Playwright launches
 * with `--disable-features=…,ThirdPartyStoragePartitioning,…` (microsoft/playwright#32230), and in
 * its contexts (off the record) third-party cookies are blocked, so a cross-site frame gets a
 * SecurityError from sessionStorage. Chromium keeps the last --disable-features given: this one
 * repeats Playwright's list without ThirdPartyStoragePartitioning, so the frame has its own
 * partitioned storage while third-party cookies stay blocked.
 */
export const PARTITIONED_STORAGE_ARGS: readonly string[] = [
  '--disable-features=AvoidUnnecessaryBeforeUnloadCheckSync,DestroyProfileOnBrowserClose,HttpsUpgrades,HttpsFirstBalancedModeAutoEnable,LensOverlay,MediaRouter,PaintHolding,AvoidCorsURLLoaderRestartOnRedirect,OptimizationHints,NetworkTimeServiceQuerying,AimEnabled,PreconnectToSearch',
];
