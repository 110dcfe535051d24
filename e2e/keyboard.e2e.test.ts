import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { launchChromium } from './support/chromium';
import { startServer, type RunningServer } from './support/server';
import { screenshotter } from './support/artifacts';
import { focused, tabUntil } from './support/keyboard';
import { waitForText, eventually } from './support/eventually';

/** The whole flow with the keyboard alone, at the side panel's smallest size. */
describe('adapter by keyboard alone', () => {
  let server: RunningServer;
  let browser: Browser;
  before(async () => {
    browser = await launchChromium();
    server = await startServer();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  it('logs in, connects by call-in, skips, pauses and returns via the status menu, signs out', async () => {
    const shot = screenshotter('keyboard-300x500');
    const context = await browser.newContext({ viewport: { width: 300, height: 500 } });
    const page = await context.newPage();
    try {
      await page.goto(server.baseUrl + '/');
      await page.locator('#username').waitFor();
      await eventually(async () => assert.equal((await focused(page)).id, 'username', 'focus starts in Agent Username'));

      // Enter on an empty form: the inline message, focus back on the first empty field.
      await page.keyboard.press('Enter');
      await waitForText(page.locator('#username-error'), /Agent Username/);
      assert.equal((await focused(page)).id, 'username');

      await page.keyboard.type('carol');
      await page.keyboard.press('Tab');
      assert.equal((await focused(page)).id, 'password');
      await page.keyboard.type('demo1234');
      await page.keyboard.press('Enter');

      // The Phone Connection screen takes focus at its heading.
      await page.getByRole('heading', { name: 'Phone Connection' }).waitFor();
      await eventually(async () => assert.equal((await focused(page)).id, 'voice-title'));
      await tabUntil(page, 'the Connection Method radios', (f) => f.type === 'radio');
      for (let i = 0; i < 3 && (await focused(page)).value !== 'call-in'; i++) await page.keyboard.press('ArrowDown');
      assert.equal((await focused(page)).value, 'call-in');
      // Tabbing into a group with nothing chosen focuses without choosing: Space chooses.
      if (!(await page.getByLabel('Call in to connect').isChecked())) await page.keyboard.press(' ');
      assert.equal(await page.getByLabel('Call in to connect').isChecked(), true);
      const connect = await tabUntil(page, 'Connect', (f) => f.tag === 'button' && f.name === 'Connect');
      assert.match(connect.outline, /^solid/, 'keyboard focus is visible');
      await shot(page, 'connect-focused');
      await page.keyboard.press('Enter');
      await waitForText(page.getByTestId('call-in-agent'), /^1003$/);
      await tabUntil(page, 'Skip', (f) => f.tag === 'button' && f.name === 'Skip');
      await page.keyboard.press('Enter');

      // Main page: focus on the status button; Enter opens the menu on the current status.
      await page.getByTestId('status-dot').waitFor();
      await eventually(async () => assert.equal((await focused(page)).id, 'status-button'));
      const button = page.locator('#status-button');
      assert.equal(await button.getAttribute('aria-haspopup'), 'menu');
      await page.keyboard.press('Enter');
      await page.getByRole('menu').waitFor();
      assert.equal(await button.getAttribute('aria-expanded'), 'true');
      assert.deepEqual(await focused(page).then((f) => [f.role, f.name]), ['menuitemradio', 'Available']);
      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('ArrowDown');
      assert.equal((await focused(page)).name, 'Lunch');
      await shot(page, 'menu-on-lunch');
      await page.keyboard.press('Enter');
      await waitForText(page.getByTestId('status-text'), /Paused: Lunch/);
      assert.equal((await focused(page)).id, 'status-button', 'focus returns to the status button');
      assert.equal(await button.getAttribute('aria-expanded'), 'false');
      await shot(page, 'paused-lunch');

      // Space opens it on the checked item; End/Home move; Escape closes and gives focus back.
      await page.keyboard.press(' ');
      await page.getByRole('menu').waitFor();
      assert.equal((await focused(page)).name, 'Lunch');
      await page.keyboard.press('End');
      assert.equal((await focused(page)).name, 'After Call Work');
      await page.keyboard.press('ArrowDown');
      assert.equal((await focused(page)).name, 'Available', 'arrows wrap around');
      await page.keyboard.press('Escape');
      assert.equal(await page.getByRole('menu').count(), 0);
      assert.equal((await focused(page)).id, 'status-button');

      await page.keyboard.press('Enter');
      await page.getByRole('menu').waitFor();
      await page.keyboard.press('Home');
      assert.equal((await focused(page)).name, 'Available');
      await page.keyboard.press('Enter');
      await waitForText(page.getByTestId('status-text'), /^(?!.*Paused)/);

      // Account Settings and Sign out, by keyboard.
      await tabUntil(page, 'Account Settings', (f) => f.name === 'Account Settings');
      await page.keyboard.press('Enter');
      await eventually(async () => assert.equal((await focused(page)).id, 'settings-title'));
      await shot(page, 'account-settings');
      await tabUntil(page, 'Sign out', (f) => f.name === 'Sign out');
      await page.keyboard.press('Enter');
      await page.getByRole('button', { name: 'Login' }).waitFor();
      await eventually(async () => assert.equal((await focused(page)).id, 'username'));
      await shot(page, 'signed-out');
    } finally {
      await context.close();
    }
  });
});
