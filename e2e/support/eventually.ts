import type { Locator } from 'playwright-core';

/** Retries an assertion until it passes or the time is up (the UI updates asynchronously). */
export async function eventually(check: () => Promise<void>, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await check();
      return;
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

/** Waits until the locator's text matches, and says what it saw when it does not. */
export async function waitForText(locator: Locator, pattern: RegExp, timeoutMs = 5000): Promise<string> {
  let seen = '';
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    seen = ((await locator.count()) > 0 ? await locator.first().textContent() : null) ?? '';
    if (pattern.test(seen)) return seen;
    if (Date.now() > deadline) throw new Error(`expected text ${pattern} but saw "${seen}"`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
