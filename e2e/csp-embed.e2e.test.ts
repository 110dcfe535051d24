import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import type { Browser, ConsoleMessage, Page } from 'playwright-core';
import { launchChromium } from './support/chromium';
import { startDemoApp } from './support/server';
import { eventually } from './support/eventually';
import type { PageGlobals } from './support/page-globals';

/**
 * The adapter under the server's Content-Security-Policy, framed by a CRM page as it is in
 * production: from a configured CRM origin it loads, logs in (REST) and gets its event
 * WebSocket with no CSP violation; from an origin not listed, the browser refuses to frame it.
 * Hosts: crm.test and rogue.test map to 127.0.0.1 in Chromium; HTTP on any free port.
 */
describe('adapter in a CRM iframe under the CSP (Chromium)', () => {
  let browser: Browser;
  let crm: Server;
  let crmPort = 0;
  let server: Awaited<ReturnType<typeof startDemoApp>>;
  before(async () => {
    crm = createServer((_req, res) => {
      res.setHeader('content-type', 'text/html; charset=utf-8');
      res.end(`<!doctype html><title>CRM</title><h1>CRM</h1><iframe id="adapter" src="${server.baseUrl}/" allow="microphone" width="320" height="560"></iframe>`);
    });
    await new Promise<void>((r) => crm.listen(0, '127.0.0.1', () => r()));
    crmPort = (crm.address() as AddressInfo).port;
    server = await startDemoApp('switchboard-csp-', () => ({ crmOrigins: [`http://crm.test:${crmPort}`] }));
    browser = await launchChromium(['--host-resolver-rules=MAP crm.test 127.0.0.1, MAP rogue.test 127.0.0.1']);
  });
  after(async () => {
    await browser?.close();
    await server?.close();
    await new Promise((r) => crm?.close(r));
  });

  const cspMessages = (page: Page): string[] => {
    const seen: string[] = [];
    page.on('console', (m: ConsoleMessage) => {
      if (/Content Security Policy|Refused to/i.test(m.text())) seen.push(m.text());
    });
    return seen;
  };

  it('works framed by a configured CRM origin: login over REST, events over the WebSocket, no violation', async () => {
    const page = await browser.newPage();
    const violations = cspMessages(page);
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`http://crm.test:${crmPort}/`);
    const csp = (await (await fetch(`${server.baseUrl}/`)).headers.get('content-security-policy')) ?? '';
    assert.match(csp, new RegExp(`frame-ancestors 'self' http://crm\\.test:${crmPort}`));
    const frame = page.frameLocator('#adapter');
    await frame.getByLabel('Agent Username').fill('alice');
    await frame.getByLabel('Agent Password').fill('demo1234');
    await frame.getByRole('button', { name: 'Login' }).click();
    await frame.getByRole('heading', { name: 'Phone Connection' }).waitFor();
    await frame.getByRole('button', { name: 'Skip' }).click();
    await frame.getByRole('button', { name: 'Connect Voice' }).waitFor();
    // The styles applied (the stylesheet was allowed): the dot has its colour.
    const colour = await frame.getByTestId('status-dot').evaluate((el) => (globalThis as unknown as PageGlobals).getComputedStyle(el).backgroundColor);
    assert.equal(colour, 'rgb(217, 48, 37)');
    // The event socket is up: the server counts the adapter's connection.
    await eventually(async () => assert.ok([...server.app.switchboard.hub.connections()].length >= 1, 'the adapter opened its event WebSocket'));
    assert.deepEqual(violations, []);
    assert.deepEqual(errors, []);
    await page.close();
  });

  it('is refused by the browser when framed by an origin not listed', async () => {
    const page = await browser.newPage();
    const violations = cspMessages(page);
    await page.goto(`http://rogue.test:${crmPort}/`);
    await eventually(async () =>
      assert.ok(
        violations.some((v) => /frame-ancestors/.test(v)),
        `console: ${JSON.stringify(violations)}`,
      ),
    );
    const adapterFrame = page.frames().find((f) => f !== page.mainFrame());
    assert.ok(adapterFrame);
    assert.equal(await adapterFrame.locator('#username').count(), 0, 'nothing of the adapter rendered');
    await page.close();
  });
});
