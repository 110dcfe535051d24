import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { launchChromium } from './support/chromium';
import { startServer, type RunningServer } from './support/server';
import { screenshotter } from './support/artifacts';
import { logIn } from './support/adapter-page';
import { waitForText } from './support/eventually';
import type { PageGlobals } from './support/page-globals';

const TOKEN_TTL_MS = 4000;

/** Who may use the adapter, and what happens when the token runs out. */
describe('adapter auth edges in Chromium', () => {
  let server: RunningServer;
  let browser: Browser;
  before(async () => {
    browser = await launchChromium();
    server = await startServer({ tokenTtlMs: TOKEN_TTL_MS });
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  it('refuses a supervisor with a clear message', async () => {
    const context = await browser.newContext({ viewport: { width: 300, height: 500 } });
    try {
      const page = await context.newPage();
      await page.goto(server.baseUrl + '/');
      await logIn(page, 'sam', 'demo1234');
      const said = await waitForText(page.getByTestId('login-error'), /for agents/);
      // Issue 14: no pointing to pages that do not exist yet.
      assert.match(said, /Supervisors and admins use the workspace at \/workspace\//);
      assert.doesNotMatch(said, /workspace pages/);
      await screenshotter('auth-supervisor')(page, 'refused');
    } finally {
      await context.close();
    }
  });

  it('an expired token sends the agent back to login, saying why', async () => {
    const shot = screenshotter('auth-expiry');
    const context = await browser.newContext({ viewport: { width: 300, height: 500 } });
    try {
      const page = await context.newPage();
      await page.goto(server.baseUrl + '/');
      await logIn(page, 'carol', 'demo1234');
      await page.getByRole('heading', { name: 'Phone Connection' }).waitFor();
      await page.getByRole('button', { name: 'Skip' }).click();
      await page.getByTestId('status-dot').waitFor();
      await page.waitForTimeout(TOKEN_TTL_MS + 500);
      // The next command meets TOKEN_EXPIRED (or the stream already said so): login, with the reason.
      const login = page.getByRole('button', { name: 'Login' });
      if ((await login.count()) === 0) {
        try {
          await page.locator('header .avatar').click({ timeout: 5000 });
          await page.getByRole('menuitemradio', { name: 'Break' }).click({ timeout: 5000 });
        } catch (err) {
          // The stream said so between the count and the click: the menu went with the main page.
          if ((await login.count()) === 0) throw err;
        }
      }
      await login.waitFor();
      await waitForText(page.locator('.login [role=status]'), /session has ended/);
      assert.equal(await page.evaluate(() => (globalThis as unknown as PageGlobals).sessionStorage.getItem('switchboard.session')), null);
      await shot(page, 'expired');
    } finally {
      await context.close();
    }
  });
});
