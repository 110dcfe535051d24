import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { launchChromium } from './support/chromium';
import { startServer, type RunningServer } from './support/server';
import { screenshotter } from './support/artifacts';
import { DOT_RGB, dotColour, expectControlsNamed, expectDotMatchesView, expectNoHorizontalScroll, logIn, serverView } from './support/adapter-page';
import { eventually, waitForText } from './support/eventually';
import type { PageGlobals } from './support/page-globals';

/**
 * The agent's day as the manual tells it (sections 1-3), in Chromium against
 * the real server: log in (a wrong password first), pick "Call in to connect",
 * skip, pause for lunch, go available, sign out. At the CRM side panel's
 * smallest size and at a desktop size.
 */
describe('adapter in Chromium: login, phone connection, status, sign out', () => {
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

  for (const size of [
    { width: 300, height: 500 },
    { width: 1280, height: 800 },
  ]) {
    it(`works at ${size.width}x${size.height}`, async () => {
      const shot = screenshotter(`adapter-${size.width}x${size.height}`);
      const context = await browser.newContext({ viewport: size });
      const page = await context.newPage();
      const pageErrors: string[] = [];
      page.on('pageerror', (e) => pageErrors.push(e.message));
      try {
        await page.goto(server.baseUrl + '/');

        // Both fields are mandatory: inline messages, no request.
        await page.getByRole('button', { name: 'Login' }).click();
        await waitForText(page.locator('#username-error'), /Agent Username/);
        await waitForText(page.locator('#password-error'), /Agent Password/);
        assert.equal(await page.getByLabel('Agent Username').getAttribute('aria-invalid'), 'true');
        await expectControlsNamed(page);
        await shot(page, 'login-empty');

        // Wrong password: a clear message, still on the login screen.
        await logIn(page, 'alice', 'not-the-password');
        await waitForText(page.getByTestId('login-error'), /Wrong username or password/);
        await shot(page, 'login-wrong-password');

        await logIn(page, 'alice', 'demo1234');
        await page.getByRole('heading', { name: 'Phone Connection' }).waitFor();
        await expectNoHorizontalScroll(page);
        await expectControlsNamed(page);
        await shot(page, 'phone-connection');

        // Call in to connect: what to dial, the agent ID and a PIN.
        await page.getByLabel('Call in to connect').check();
        await page.getByRole('button', { name: 'Connect', exact: true }).click();
        await waitForText(page.getByTestId('call-in-number'), /^\+61290000000$/);
        await waitForText(page.getByTestId('call-in-agent'), /^1001$/);
        await waitForText(page.getByTestId('call-in-pin'), /^\d{4,8}$/);
        await expectControlsNamed(page);
        await shot(page, 'call-in-details');
        // While waiting for the call the attempt can be cancelled (to pick another method) and made again.
        if (size.width > 300) {
          await page.getByRole('button', { name: 'Cancel' }).click();
          await page.getByRole('button', { name: 'Connect', exact: true }).click();
          await waitForText(page.getByTestId('call-in-agent'), /^1001$/);
        }

        // Nobody calls in (no phone here): skip. Disconnected: red dot, "Connect Voice", the icon.
        await page.getByRole('button', { name: 'Skip' }).click();
        await page.getByRole('button', { name: 'Connect Voice' }).waitFor();
        await page.getByRole('img', { name: 'Phone not connected' }).waitFor();
        let view = await expectDotMatchesView(page, server.baseUrl);
        assert.equal(view.dot, 'red');
        assert.equal(await dotColour(page), DOT_RGB.red);
        await waitForText(page.getByTestId('status-text'), new RegExp(`^${view.statusText}`));
        assert.equal(await page.getByTestId('status-dot').getAttribute('aria-label'), 'Status colour: Disconnected');
        await expectNoHorizontalScroll(page);
        await expectControlsNamed(page);
        await shot(page, 'main-disconnected');

        // "Connect Voice" brings the Phone Connection screen back; Close returns.
        await page.getByRole('button', { name: 'Connect Voice' }).click();
        await page.getByRole('heading', { name: 'Phone Connection' }).waitFor();
        await page.getByRole('button', { name: 'Close' }).click();
        await page.getByRole('button', { name: 'Connect Voice' }).waitFor();

        // A click anywhere on the header (here: the avatar) opens the pause reasons.
        const statusButton = page.locator('#status-button');
        assert.equal(await statusButton.getAttribute('aria-expanded'), 'false');
        await page.locator('header .avatar').click();
        assert.equal(await statusButton.getAttribute('aria-expanded'), 'true');
        const items = await page.getByRole('menuitemradio').allTextContents();
        assert.deepEqual(items, ['Available', ...view.pauseReasons.map((r) => r.name)]);
        assert.ok(items.includes('Lunch'));
        await expectControlsNamed(page);
        await shot(page, 'status-menu');

        await page.getByRole('menuitemradio', { name: 'Lunch' }).click();
        await waitForText(page.getByTestId('status-text'), /Paused: Lunch/);
        view = await expectDotMatchesView(page, server.baseUrl);
        // The title is set in an effect after the render that shows the status: waited for.
        const title = `${view.statusText} · Switchboard`;
        await eventually(async () => assert.equal(await page.title(), title));
        assert.equal(view.presence.kind, 'paused');
        assert.ok(view.presence.kind === 'paused' && view.presence.reason.name === 'Lunch');
        assert.ok((await page.getByTestId('status-text').textContent())?.startsWith(view.statusText));
        await shot(page, 'paused-lunch');

        // Available again; with no voice path the dot stays whatever the view says (red: disconnected).
        await page.locator('header .who').click({ position: { x: 5, y: 30 } });
        await page.getByRole('menuitemradio', { name: 'Available' }).click();
        await waitForText(page.getByTestId('status-text'), /^(?!.*Paused)/);
        view = await expectDotMatchesView(page, server.baseUrl);
        assert.equal(view.presence.kind, 'available');
        assert.equal(view.dot, 'red');
        await shot(page, 'available-disconnected');

        // Account Settings → Sign out → back to login; the token is gone.
        await page.getByRole('button', { name: 'Account Settings' }).click();
        await page.getByRole('heading', { name: 'Account Settings' }).waitFor();
        await expectControlsNamed(page);
        await shot(page, 'account-settings');
        await page.getByRole('button', { name: 'Sign out' }).click();
        await page.getByRole('button', { name: 'Login' }).waitFor();
        assert.equal(await page.evaluate(() => (globalThis as unknown as PageGlobals).sessionStorage.getItem('switchboard.session')), null);
        await shot(page, 'signed-out');
        assert.deepEqual(pageErrors, []);
      } finally {
        await context.close();
      }
    });
  }

  it('says when the server refuses a phone connection method (toast and screen)', async () => {
    const shot = screenshotter('adapter-voice-failure');
    const context = await browser.newContext({ viewport: { width: 300, height: 500 } });
    const page = await context.newPage();
    try {
      await page.goto(server.baseUrl + '/');
      await logIn(page, 'bob', 'demo1234');
      await page.getByRole('heading', { name: 'Phone Connection' }).waitFor();
      await page.getByLabel('Call me to connect').check();
      // The number field is there for call-me; empty it to see the inline message first.
      await page.getByLabel('Connection Phone Number').fill('');
      await page.getByRole('button', { name: 'Connect', exact: true }).click();
      await waitForText(page.getByTestId('voice-error'), /Enter the number to call/);
      await page.getByLabel('Connection Phone Number').fill('+61412345678');
      await page.getByLabel('Non-Persistent Connection').check();
      const answer = page.waitForResponse((r) => r.url().endsWith('/api/v1/agent/commands'));
      await page.getByRole('button', { name: 'Connect', exact: true }).click();
      const res = await answer;
      if (res.status() >= 400) {
        // Refused (no telephony engine yet: VOICE_UNAVAILABLE): a toast and the same words in the screen.
        const { error } = (await res.json()) as { error: { code: string; message: string } };
        const words = new RegExp(error.message.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
        await waitForText(page.getByTestId('toasts'), words);
        await waitForText(page.getByTestId('voice-error'), words);
        await page.getByRole('heading', { name: 'Phone Connection' }).waitFor();
      } else {
        // Accepted: the screen follows the view (connecting, or a failure the view reports).
        const view = await serverView(page, server.baseUrl);
        assert.notEqual(view.voice.status, 'none');
        if (view.voice.failure) await waitForText(page.getByTestId('voice-error'), /\S/);
      }
      await shot(page, 'call-me-result');
    } finally {
      await context.close();
    }
  });
});
