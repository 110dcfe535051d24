import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';

const root = new URL('../../', import.meta.url).pathname;

/** Screenshots at each step land in test-artifacts/<suite>/ (gitignored) for people to look at. */
export function screenshotter(suite: string) {
  const dir = join(root, 'test-artifacts', suite);
  mkdirSync(dir, { recursive: true });
  let n = 0;
  return async (page: Page, name: string): Promise<string> => {
    const path = join(dir, `${String(++n).padStart(2, '0')}-${name}.png`);
    await page.screenshot({ path, fullPage: true });
    return path;
  };
}
