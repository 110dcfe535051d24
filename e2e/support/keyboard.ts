import type { Page } from 'playwright-core';
import type { PageGlobals } from './page-globals';

export interface Focused {
  tag: string;
  id: string;
  role: string | null;
  type: string | null;
  value: string | null;
  name: string;
  outline: string;
}

/** What has focus now, with a rough accessible name (aria-label, else its text). */
export function focused(page: Page): Promise<Focused> {
  return page.evaluate(() => {
    const g = globalThis as unknown as PageGlobals;
    const el = g.document.activeElement;
    const style = el ? g.getComputedStyle(el) : null;
    return {
      tag: el?.tagName.toLowerCase() ?? '',
      id: el?.id ?? '',
      role: el?.getAttribute('role') ?? null,
      type: el?.getAttribute('type') ?? null,
      value: el && typeof el.value === 'string' ? el.value : null,
      name: (el?.getAttribute('aria-label') ?? el?.textContent ?? '').trim(),
      outline: style ? `${style.outlineStyle} ${style.outlineWidth}` : '',
    };
  });
}

/** Presses Tab until focus satisfies the test (fails after `max` presses, naming where focus was). */
export async function tabUntil(page: Page, what: string, test: (f: Focused) => boolean, max = 25): Promise<Focused> {
  const seen: string[] = [];
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    const f = await focused(page);
    if (test(f)) return f;
    seen.push(`${f.tag}#${f.id}[${f.name.slice(0, 30)}]`);
  }
  throw new Error(`Tab never reached ${what}; focus went: ${seen.join(' → ')}`);
}
