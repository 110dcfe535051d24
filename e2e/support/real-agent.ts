import assert from 'node:assert/strict';
import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core';
import type { AgentView } from '@switchboard/protocol';
import { logIn } from './adapter-page';
import { eventually, waitForText } from './eventually';
import type { RealServer } from './real-server';

/** Generous waits: real phones, real audio and a loaded 2-core machine. */
export const SLOW = 20_000;

export interface AgentTab {
  context: BrowserContext;
  page: Page;
  username: string;
  /** The server's own view of this agent (the test checks the screen against it). */
  view(): AgentView;
}

/** A fresh browser context (360×720 unless told) with the adapter open and the agent logged in (Phone Connection showing). */
export async function openAgent(browser: Browser, srv: RealServer, username: string, options: BrowserContextOptions = {}): Promise<AgentTab> {
  const context = await browser.newContext({ viewport: { width: 360, height: 720 }, ...options });
  const page = await context.newPage();
  await page.goto(srv.baseUrl + '/');
  await logIn(page, username, 'demo1234');
  await page.getByRole('heading', { name: 'Phone Connection' }).waitFor({ timeout: SLOW });
  return {
    context,
    page,
    username,
    view() {
      const v = srv.app.switchboard.hub.view(username);
      if (!v) throw new Error(`no session for ${username}`);
      return v;
    },
  };
}

/** Phone Connection: "Call me to connect" to `number` (a baresip's SIP URI), persistent or not, then Connect. */
export async function connectCallMe(a: AgentTab, number: string, persistent: boolean): Promise<void> {
  const { page } = a;
  await page.getByRole('radio', { name: /Call me to connect/ }).check();
  await page.getByLabel('Connection Phone Number').fill(number);
  await page.getByRole('radio', { name: persistent ? /^Persistent Connection/ : /^Non-Persistent Connection/ }).check();
  await page.getByRole('button', { name: 'Connect', exact: true }).click();
  await eventually(async () => assert.equal(a.view().voice.status, 'connected', JSON.stringify(a.view().voice)), SLOW);
  assert.equal(a.view().voice.method, 'call-me');
  await waitForText(page.locator('main'), /Phone connected \(Call me/, SLOW);
}

/** The header's status menu: Available. */
export async function goAvailable(a: AgentTab): Promise<void> {
  await a.page.locator('header .avatar').click();
  await a.page.getByRole('menuitemradio', { name: 'Available' }).click();
  await eventually(async () => assert.equal(a.view().presence.kind, 'available'), SLOW);
  await waitForText(a.page.getByTestId('status-text'), /Available/, SLOW);
}

/** Waits until the call screen's title reads `title` (e.g. /Ongoing call/). */
export async function callTitle(a: AgentTab, title: RegExp, ms = SLOW): Promise<void> {
  await waitForText(a.page.locator('#call-title'), title, ms);
}

/** The Info tab's rows as [label, text] pairs, in screen order. */
export async function infoRows(page: Page): Promise<Array<[string, string]>> {
  return page
    .getByTestId('call-info')
    .locator('.fact')
    .evaluateAll((els) =>
      els.map((el) => {
        const kids = (el as unknown as { children: Array<{ textContent: string | null }> }).children;
        return [kids[0]!.textContent ?? '', kids[1]!.textContent ?? ''] as [string, string];
      }),
    );
}

/** The presence as one string ("available", "paused:Auto Pause"). */
export function presenceOf(v: AgentView): string {
  return v.presence.kind === 'paused' ? `paused:${v.presence.reason.name}` : v.presence.kind;
}
