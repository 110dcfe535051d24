import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';

const root = new URL('../../', import.meta.url).pathname;

/**
 * Controls on screen that a toast lies over: for each button, field and select in the
 * viewport, the element at its centre must not belong to the toast region. Run in the page
 * as plain JavaScript (the root tsconfig has no DOM types).
 */
export async function controlsUnderToasts(page: Page): Promise<string[]> {
  return page.evaluate(`(() => {
    const out = [];
    for (const el of document.querySelectorAll('button, input, select, textarea, a[href]')) {
      if (el.closest('.toasts')) continue;
      const r = el.getBoundingClientRect();
      if (r.width === 0 || r.height === 0) continue;
      const x = r.left + r.width / 2, y = r.top + r.height / 2;
      if (x < 0 || y < 0 || x >= innerWidth || y >= innerHeight) continue;
      // Scrolled out of its scrolling area (clipped there): not on screen, so nothing covers it.
      let clipped = false;
      for (let a = el.parentElement; a; a = a.parentElement) {
        if (getComputedStyle(a).overflowY === 'visible') continue;
        const c = a.getBoundingClientRect();
        if (y < c.top || y > c.bottom || x < c.left || x > c.right) clipped = true;
      }
      if (clipped) continue;
      const hit = document.elementFromPoint(x, y);
      if (hit && hit.closest('.toasts')) out.push((el.textContent || el.getAttribute('aria-label') || el.id || el.tagName).trim());
    }
    return out;
  })()`);
}

/** Words inside `selector` that the layout split over two lines (a break in the middle of a word). */
export async function wordsSplitAcrossLines(page: Page, selector: string): Promise<string[]> {
  return page.evaluate(`((sel) => {
    const broken = [];
    for (const root of document.querySelectorAll(sel)) {
      const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
      let n;
      while ((n = walker.nextNode())) {
        const re = /\\S+/g;
        let m;
        while ((m = re.exec(n.textContent))) {
          const range = document.createRange();
          range.setStart(n, m.index);
          range.setEnd(n, m.index + m[0].length);
          const tops = new Set([...range.getClientRects()].map((r) => Math.round(r.top)));
          if (tops.size > 1) broken.push(m[0]);
        }
      }
    }
    return broken;
  })(${JSON.stringify(selector)})`);
}

/** The element's box relative to the viewport. */
export async function boxOf(page: Page, selector: string): Promise<{ top: number; bottom: number; left: number; right: number }> {
  return page.evaluate(`(() => {
    const r = document.querySelector(${JSON.stringify(selector)}).getBoundingClientRect();
    return { top: r.top, bottom: r.bottom, left: r.left, right: r.right };
  })()`);
}

/** Scrolls the adapter's scrolling area (or the page) to its end. */
export async function scrollToEnd(page: Page): Promise<void> {
  await page.evaluate(`(() => {
    const c = document.querySelector('.app > .content') || document.scrollingElement;
    c.scrollTop = c.scrollHeight;
    document.scrollingElement.scrollTop = document.scrollingElement.scrollHeight;
  })()`);
}

/**
 * The screenshots at the panel's size: always in test-artifacts/docs-screenshots/,
 * and into docs/screenshots/ (committed) when UPDATE_DOC_SCREENSHOTS=1.
 */
export async function docShot(page: Page, name: string): Promise<string> {
  const dir = join(root, 'test-artifacts', 'docs-screenshots');
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `${name}.png`);
  await page.screenshot({ path });
  if (process.env.UPDATE_DOC_SCREENSHOTS === '1') {
    mkdirSync(join(root, 'docs/screenshots'), { recursive: true });
    copyFileSync(path, join(root, 'docs/screenshots', `${name}.png`));
  }
  return path;
}
