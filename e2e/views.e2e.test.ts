import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import type { AgentView } from '@switchboard/protocol';
import { launchChromium } from './support/chromium';
import { startServer, type RunningServer } from './support/server';
import { screenshotter } from './support/artifacts';
import { DOT_RGB, dotColour, logIn } from './support/adapter-page';
import { baseView, scriptApi } from './support/scripted-api';
import { eventually, waitForText } from './support/eventually';

/**
 * How the adapter renders views the real server cannot produce yet (no
 * telephony engine: no connected phone, no calls): the built adapter, served by
 * the real server, with its API answered by a script in the page.
 */
describe('adapter renders scripted views', () => {
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

  it('green when available, orange when paused, a pending pause with Clear, buttons from allowed', async () => {
    const shot = screenshotter('views-300x500');
    const context = await browser.newContext({ viewport: { width: 300, height: 500 } });
    const page = await context.newPage();
    try {
      const api = await scriptApi(page, baseView(), (c, v): AgentView => {
        if (c.type === 'pause') {
          const reason = v.pauseReasons.find((r) => r.id === c.reasonId)!;
          if (v.activity === 'on-call') return { ...v, pendingPause: reason, allowed: [...v.allowed, 'clear-pending', 'set-available'] };
          return {
            ...v,
            presence: { kind: 'paused', reason },
            dot: 'orange',
            statusText: `Paused: ${reason.name}`,
            allowed: ['disconnect-voice', 'set-available', 'pause', 'sign-out'],
          };
        }
        if (c.type === 'set-available') return { ...v, presence: { kind: 'available' }, dot: 'green', statusText: 'Available', allowed: ['disconnect-voice', 'pause', 'sign-out'] };
        if (c.type === 'clear-pending') return { ...v, pendingPause: null, allowed: v.allowed.filter((a) => a !== 'clear-pending' && a !== 'set-available') };
        return v;
      });
      await page.goto(server.baseUrl + '/');
      await logIn(page, 'alice', 'demo1234');

      // Connected and available: green, no "Connect Voice", no disconnected icon.
      await page.getByTestId('status-dot').waitFor();
      await eventually(async () => assert.equal(await dotColour(page), DOT_RGB.green));
      await waitForText(page.getByTestId('status-text'), /^Available$/);
      assert.equal(await page.getByRole('button', { name: 'Connect Voice' }).count(), 0);
      assert.equal(await page.getByTestId('voice-off').count(), 0);
      // Available is not offered when the server does not allow set-available.
      await page.locator('header .avatar').click();
      assert.equal(await page.getByRole('menuitemradio', { name: 'Available' }).getAttribute('aria-disabled'), 'true');
      await shot(page, 'available-green');

      // Pause: orange with the reason.
      await page.getByRole('menuitemradio', { name: 'Lunch' }).click();
      await waitForText(page.getByTestId('status-text'), /^Paused: Lunch$/);
      await eventually(async () => assert.equal(await dotColour(page), DOT_RGB.orange));
      assert.equal(await page.getByTestId('status-dot').getAttribute('aria-label'), 'Status colour: On pause');
      await shot(page, 'paused-orange');
      await page.locator('header .avatar').click();
      await page.getByRole('menuitemradio', { name: 'Available' }).click();
      await eventually(async () => assert.equal(await dotColour(page), DOT_RGB.green));

      // On a call, a pause goes to the pending slot: "Next: Break", with Clear; sign-out is not allowed.
      api.push('activity.changed', { ...api.view, activity: 'on-call', allowed: ['pause'] });
      await page.locator('header .avatar').click();
      await page.getByRole('menuitemradio', { name: 'Break' }).click();
      await waitForText(page.getByTestId('pending-pause'), /Next: Break/);
      await waitForText(page.getByTestId('activity'), /On a call/);
      await shot(page, 'pending-break');
      await page.getByRole('button', { name: 'Clear next status' }).click();
      await eventually(async () => assert.equal(await page.getByTestId('pending-pause').count(), 0));
      assert.deepEqual(
        api.commands.map((c) => c.type),
        ['pause', 'set-available', 'pause', 'clear-pending'],
      );
      await page.getByRole('button', { name: 'Account Settings' }).click();
      assert.equal(await page.getByRole('button', { name: 'Sign out' }).isDisabled(), true);
      await page.getByRole('button', { name: /Back/ }).click();

      // A notice from the server is a toast in the live region.
      api.push('notice', api.view, { level: 'warning', code: 'TEST', message: 'Supervisor message: team meeting at 3pm' });
      await waitForText(page.getByTestId('toasts'), /team meeting at 3pm/);
      assert.equal(await page.getByTestId('toasts').getAttribute('aria-live'), 'polite');

      // The session ended on the server: back to login, saying why.
      api.push('session.ended', null);
      await page.getByRole('button', { name: 'Login' }).waitFor();
      await waitForText(page.getByRole('status').first(), /session has ended/);
      await shot(page, 'session-ended');
    } finally {
      await context.close();
    }
  });
});
