import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { launchChromium } from './support/chromium';
import { startServer, type RunningServer } from './support/server';
import { screenshotter } from './support/artifacts';
import { logIn, logInAndPause, serverView, toMainPage } from './support/adapter-page';
import { waitForText } from './support/eventually';
import type { PageGlobals } from './support/page-globals';

const ELSEWHERE = /This session is open in another tab or browser/;

/** Session health: one owner per session, take-over, reload, a dropped event stream, lock-out. */
describe('adapter session in Chromium', () => {
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

  it('a second browser sees "open elsewhere", takes over; a reload keeps the session', async () => {
    const shot = screenshotter('session-ownership');
    const first = await browser.newContext({ viewport: { width: 300, height: 500 } });
    const second = await browser.newContext({ viewport: { width: 300, height: 500 } });
    try {
      const a = await first.newPage();
      await a.goto(server.baseUrl + '/');
      await logIn(a, 'dave', 'demo1234');
      await toMainPage(a);
      await shot(a, 'a-owner');

      // Same agent in another browser: told plainly, offered to take over.
      const b = await second.newPage();
      await b.goto(server.baseUrl + '/');
      await logIn(b, 'dave', 'demo1234');
      await waitForText(b.getByTestId('elsewhere-message'), ELSEWHERE);
      await shot(b, 'b-open-elsewhere');
      assert.equal(await a.getByTestId('status-dot').count(), 1, 'the owner keeps working meanwhile');

      await b.getByRole('button', { name: 'Use here' }).click();
      await b.getByTestId('status-dot').waitFor();
      await waitForText(a.getByTestId('elsewhere-message'), ELSEWHERE);
      await shot(b, 'b-took-over');
      await shot(a, 'a-taken-over');

      // The new owner works: pause for a meeting.
      await b.locator('header .avatar').click();
      await b.getByRole('menuitemradio', { name: 'Meeting' }).click();
      await waitForText(b.getByTestId('status-text'), /Paused: Meeting/);

      // A reload keeps the session (token in sessionStorage, same tab id: still the owner).
      await b.reload();
      await b.getByTestId('status-dot').waitFor();
      await waitForText(b.getByTestId('status-text'), /Paused: Meeting/);
      assert.equal(await b.getByRole('button', { name: 'Login' }).count(), 0);
      assert.equal((await serverView(b, server.baseUrl)).presence.kind, 'paused');
      await shot(b, 'b-after-reload');

      // And the first browser can take it back.
      await a.getByRole('button', { name: 'Use here' }).click();
      await a.getByTestId('status-dot').waitFor();
      await waitForText(b.getByTestId('elsewhere-message'), ELSEWHERE);
      await waitForText(a.getByTestId('status-text'), /Paused: Meeting/);
      await shot(a, 'a-took-back');
    } finally {
      await first.close();
      await second.close();
    }
  });

  it('shows the connection banner when the event stream drops and comes back', async () => {
    const shot = screenshotter('session-health');
    const context = await browser.newContext({ viewport: { width: 300, height: 500 } });
    try {
      const page = await context.newPage();
      await page.goto(server.baseUrl + '/');
      await logIn(page, 'carol', 'demo1234');
      await toMainPage(page);
      assert.equal(await page.getByTestId('health-banner').count(), 0);
      assert.ok(server.dropEventSockets() > 0);
      await waitForText(page.getByTestId('health-banner'), /Connection (lost|restored)/);
      await waitForText(page.getByTestId('health-banner'), /Connection restored/, 15_000);
      await shot(page, 'restored');
      // Still live after the reconnect: a status change goes through.
      await page.locator('header .avatar').click();
      await page.getByRole('menuitemradio', { name: 'Break' }).click();
      await waitForText(page.getByTestId('status-text'), /Paused: Break/);
    } finally {
      await context.close();
    }
  });

  it('works embedded in a CRM page on another site (iframe, no cookies)', async () => {
    const shot = screenshotter('session-crm-iframe');
    const context = await browser.newContext({ viewport: { width: 800, height: 600 } });
    let crm: Server | undefined;
    let embedded: RunningServer | undefined;
    try {
      // A stand-in CRM on another site (localhost vs 127.0.0.1), with the adapter in a 300x500 side panel.
      crm = createServer((_req, res) => {
        res.writeHead(200, { 'content-type': 'text/html' });
        res.end(`<!doctype html><title>CRM</title><h1>Case 00042</h1>
          <iframe title="Switchboard" src="${embedded!.baseUrl}/" width="300" height="500"></iframe>`);
      });
      await new Promise<void>((r) => crm!.listen(0, '127.0.0.1', r));
      // The server lets that CRM frame the adapter (CRM_ORIGINS → the CSP's frame-ancestors).
      embedded = await startServer({ crmOrigins: [`http://localhost:${(crm.address() as AddressInfo).port}`] });
      const server = embedded;
      const page = await context.newPage();
      await page.goto(`http://localhost:${(crm.address() as AddressInfo).port}/case/42`);
      const frame = page.frameLocator('iframe[title=Switchboard]');
      await logInAndPause(frame, 'alice', 'demo1234', 'Training');
      await shot(page, 'embedded');
      assert.deepEqual(await context.cookies(), [], 'the adapter uses no cookies');
      // Whether the browser lets a third-party frame use sessionStorage depends on its cookie
      // policy (this Chromium blocks it). With storage, a reload keeps the session; without it the
      // adapter still works and a reload asks for the login again instead of failing.
      const adapterFrame = () => page.frames().find((f) => f.url().startsWith(server.baseUrl))!;
      const storage = await adapterFrame().evaluate(() => {
        try {
          return (globalThis as unknown as PageGlobals).sessionStorage.getItem('switchboard.session') !== null;
        } catch {
          return false;
        }
      });
      await page.reload();
      const reloaded = page.frameLocator('iframe[title=Switchboard]');
      if (storage) await reloaded.getByTestId('status-dot').waitFor();
      else await reloaded.getByRole('button', { name: 'Login' }).waitFor();
      await shot(page, 'embedded-after-reload');
    } finally {
      await context.close();
      crm?.close();
      await embedded?.close();
    }
  });

  it('says when login is slowed down after repeated wrong passwords, with the wait', async () => {
    const shot = screenshotter('session-throttle');
    const context = await browser.newContext({ viewport: { width: 300, height: 500 } });
    try {
      const page = await context.newPage();
      await page.goto(server.baseUrl + '/');
      let message = '';
      for (let i = 0; i < 10 && !/Too many failed/.test(message); i++) {
        const answer = page.waitForResponse((r) => r.url().endsWith('/api/v1/auth/login'));
        await logIn(page, 'bob', `wrong-${i}`);
        const res = await answer;
        message = await waitForText(page.getByTestId('login-error'), res.status() === 429 ? /Too many failed/ : /Wrong username or password/);
        if (res.status() === 429) {
          const wait = res.headers()['retry-after'];
          if (wait) assert.match(message, /wait \d+ (second|minute)s? before trying again/);
        }
      }
      assert.match(message, /Too many failed attempts/);
      await shot(page, 'locked-out');
    } finally {
      await context.close();
    }
  });
});
