import assert from 'node:assert/strict';
import type { Locator, Page } from 'playwright-core';
import type { AgentView, Dot } from '@switchboard/protocol';
import type { PageGlobals } from './page-globals';
import { waitForText } from './eventually';

/** Where the adapter is: its own page, or a CRM page's frame (a FrameLocator) holding it. */
export type AdapterSurface = Pick<Page, 'getByLabel' | 'getByRole' | 'getByTestId'> & { locator(selector: string): Locator };

/** The adapter's dot colours (styles.css), as getComputedStyle reports them. */
export const DOT_RGB: Record<Dot, string> = {
  green: 'rgb(30, 142, 62)',
  orange: 'rgb(232, 113, 10)',
  red: 'rgb(217, 48, 37)',
};

export async function logIn(page: AdapterSurface, username: string, password: string): Promise<void> {
  await page.getByLabel('Agent Username').fill(username);
  await page.getByLabel('Agent Password').fill(password);
  await page.getByRole('button', { name: 'Login' }).click();
}

/** From the Phone Connection screen after a login: Skip, and the main page with its status dot. */
export async function toMainPage(page: AdapterSurface): Promise<void> {
  await page.getByRole('heading', { name: 'Phone Connection' }).waitFor();
  await page.getByRole('button', { name: 'Skip' }).click();
  await page.getByTestId('status-dot').waitFor();
}

/** Logs in, skips the phone connection and pauses for `reason` from the header, until the screen says so. */
export async function logInAndPause(page: AdapterSurface, username: string, password: string, reason: string): Promise<void> {
  await logIn(page, username, password);
  await toMainPage(page);
  await page.locator('header .avatar').click();
  await page.getByRole('menuitemradio', { name: reason }).click();
  await waitForText(page.getByTestId('status-text'), new RegExp(`Paused: ${reason}`));
}

export async function dotColour(page: Page): Promise<string> {
  return page.getByTestId('status-dot').evaluate((el) => (globalThis as unknown as PageGlobals).getComputedStyle(el).backgroundColor);
}

/** The tab's bearer token, from where the adapter keeps it. */
export async function storedToken(page: Page): Promise<string> {
  const raw = await page.evaluate(() => (globalThis as unknown as PageGlobals).sessionStorage.getItem('switchboard.session'));
  assert.ok(raw, 'the adapter keeps its session in sessionStorage');
  return (JSON.parse(raw) as { token: string }).token;
}

/** What the server says the agent's view is right now: the test checks the screen against it. */
export async function serverView(page: Page, baseUrl: string): Promise<AgentView> {
  const res = await fetch(`${baseUrl}/api/v1/agent/state`, { headers: { authorization: `Bearer ${await storedToken(page)}` } });
  assert.equal(res.status, 200, 'GET /api/v1/agent/state');
  return (await res.json()) as AgentView;
}

/** Polls until the screen's dot shows the colour the server's view names, and returns that view. */
export async function expectDotMatchesView(page: Page, baseUrl: string): Promise<AgentView> {
  const deadline = Date.now() + 5000;
  for (;;) {
    const view = await serverView(page, baseUrl);
    const colour = await dotColour(page);
    if (colour === DOT_RGB[view.dot]) return view;
    if (Date.now() > deadline) assert.equal(colour, DOT_RGB[view.dot], `dot colour for view.dot=${view.dot}`);
    await page.waitForTimeout(100);
  }
}

/** No sideways scrolling: everything fits the panel's width. */
export async function expectNoHorizontalScroll(page: Page): Promise<void> {
  const { scroll, client } = await page.evaluate(() => {
    const root = (globalThis as unknown as PageGlobals).document.documentElement;
    return { scroll: root.scrollWidth, client: root.clientWidth };
  });
  assert.ok(scroll <= client, `page scrolls sideways: scrollWidth ${scroll} > clientWidth ${client}`);
}

/** Every control on screen has a name a screen reader can say (from the accessibility tree). */
export async function expectControlsNamed(page: Page): Promise<void> {
  const tree = await page.locator('body').ariaSnapshot();
  const unnamed = tree.split('\n').filter((line) => /^\s*- (button|textbox|radio|checkbox|menuitemradio|img|link|combobox)\s*(\[[^\]]*\])?:?\s*$/.test(line));
  assert.deepEqual(unnamed, [], `controls without an accessible name:\n${tree}`);
}
