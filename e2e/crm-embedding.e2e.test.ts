import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, BrowserContext, Frame, Page } from 'playwright-core';
import { PARTITIONED_STORAGE_ARGS, launchChromium } from './support/chromium';
import { startDemoApp } from './support/server';
import { eventually, waitForText } from './support/eventually';
import { logInAndPause } from './support/adapter-page';

const root = new URL('../', import.meta.url).pathname;
const DEMO_WORKSPACE = join(root, 'config/demo-workspace.yaml');

/** The page-side globals these callbacks use (the root tsconfig has no DOM lib). */
interface FrameGlobals {
  sessionStorage: { getItem(k: string): string | null };
  localStorage: { getItem(k: string): string | null };
  location: { reload(): void };
}

/**
 * The adapter inside a CRM on another site, as Chromium ships: the CRM page on crm.localhost
 * frames the adapter on adapter.localhost (two sites: `localhost` is no registrable domain, so
 * each host is its own site), third-party cookies blocked and storage partitioned by top-level
 * site. Who may frame the adapter comes from the workspace file's crm.allowedOrigins, applied by
 * a reload with no restart. All hosts map to 127.0.0.1 in Chromium; HTTP on free ports.
 */
describe('the adapter framed cross-site by a CRM: allowed origins from the workspace file, partitioned storage (Chromium)', { timeout: 180_000 }, () => {
  let browser: Browser;
  let crm: Server;
  let crmPort = 0;
  let server: Awaited<ReturnType<typeof startDemoApp>>;
  let adapterBase = '';
  let wsDir = '';
  let file = '';
  let demo = '';

  before(async () => {
    wsDir = mkdtempSync(join(tmpdir(), 'sb-crm-embed-'));
    file = join(wsDir, 'workspace.yaml');
    demo = readFileSync(DEMO_WORKSPACE, 'utf8');
    writeFileSync(file, demo);
    // Announcement and prompt files are resolved next to the workspace file.
    cpSync(join(DEMO_WORKSPACE, '../announcements'), join(wsDir, 'announcements'), { recursive: true });
    cpSync(join(DEMO_WORKSPACE, '../prompts'), join(wsDir, 'prompts'), { recursive: true });
    crm = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(`<!doctype html><title>CRM</title><h1>Case 00042</h1><iframe id="adapter" title="Switchboard" src="${adapterBase}/" width="320" height="560"></iframe>`);
    });
    await new Promise<void>((r) => crm.listen(0, '127.0.0.1', () => r()));
    crmPort = (crm.address() as AddressInfo).port;
    // No CRM_ORIGINS: every CRM origin comes from the workspace file.
    server = await startDemoApp('switchboard-crm-embed-', () => ({ workspaceFile: file, crmOrigins: [] }));
    adapterBase = server.baseUrl.replace('127.0.0.1', 'adapter.localhost');
    browser = await launchChromium([
      '--host-resolver-rules=MAP crm.localhost 127.0.0.1, MAP rogue.localhost 127.0.0.1, MAP adapter.localhost 127.0.0.1',
      ...PARTITIONED_STORAGE_ARGS,
    ]);
  });
  after(async () => {
    await browser?.close();
    await server?.close();
    await new Promise((r) => crm?.close(r));
    if (wsDir) rmSync(wsDir, { recursive: true, force: true });
  });

  const crmOrigin = (host: string) => `http://${host}:${crmPort}`;
  const reload = async (text: string) => {
    writeFileSync(file, text);
    const login = await fetch(`${server.baseUrl}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: 'admin1234' }),
    });
    const { token } = (await login.json()) as { token: string };
    const res = await fetch(`${server.baseUrl}/api/v1/admin/workspace/reload`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
    assert.equal(res.status, 200, await res.text());
  };
  const adapterFrame = (page: Page): Frame => {
    const f = page.frames().find((x) => x.url().startsWith(adapterBase));
    assert.ok(
      f,
      `the adapter's frame (${page
        .frames()
        .map((x) => x.url())
        .join(', ')})`,
    );
    return f;
  };

  /** Opens a CRM page; whether the browser framed the adapter (a frame-ancestors refusal is logged on the console). */
  async function openCrm(context: BrowserContext, host: string): Promise<{ page: Page; refused: () => boolean }> {
    const page = await context.newPage();
    const violations: string[] = [];
    page.on('console', (m) => {
      if (/frame-ancestors/.test(m.text())) violations.push(m.text());
    });
    await page.goto(`${crmOrigin(host)}/case/42`);
    return { page, refused: () => violations.length > 0 };
  }

  async function expectRefused(context: BrowserContext, host: string): Promise<void> {
    const { page, refused } = await openCrm(context, host);
    await eventually(async () => assert.ok(refused(), `${host}: a frame-ancestors violation`));
    const frame = page.frames().find((f) => f !== page.mainFrame());
    assert.equal(await frame!.locator('#username').count(), 0, `${host}: nothing of the adapter rendered`);
    await page.close();
  }

  it('a CRM origin added to crm.allowedOrigins may frame the adapter after a reload, without a restart; an origin not listed may not', async () => {
    const context = await browser.newContext();
    try {
      await expectRefused(context, 'crm.localhost');
      await reload(`${demo}\ncrm:\n  allowedOrigins:\n    - ${crmOrigin('crm.localhost')}\n`);
      const csp = (await fetch(`${server.baseUrl}/`)).headers.get('content-security-policy') ?? '';
      assert.match(csp, new RegExp(`frame-ancestors 'self' http://crm\\.localhost:${crmPort}(;|$)`));
      const { page, refused } = await openCrm(context, 'crm.localhost');
      await page.frameLocator('#adapter').getByLabel('Agent Username').waitFor();
      assert.equal(refused(), false);
      await page.close();
      await expectRefused(context, 'rogue.localhost');
    } finally {
      await context.close();
    }
  });

  it('login, token, API calls and the event socket work in the cross-site frame with partitioned storage; a reload of the frame or of the CRM page keeps the session', async () => {
    await reload(`${demo}\ncrm:\n  allowedOrigins:\n    - ${crmOrigin('crm.localhost')}\n`);
    const context = await browser.newContext({ viewport: { width: 800, height: 600 } });
    try {
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      // The browser says the frame is another site than the page framing it.
      const fetchSite = new Promise<string | undefined>((resolve) =>
        page.on('request', (r) => {
          if (r.url().startsWith(adapterBase) && r.resourceType() === 'document') void r.allHeaders().then((h) => resolve(h['sec-fetch-site']));
        }),
      );
      await page.goto(`${crmOrigin('crm.localhost')}/case/42`);
      assert.equal(await fetchSite, 'cross-site');
      const frame = page.frameLocator('#adapter');
      // An API call with the token: pause for training; the server agrees.
      await logInAndPause(frame, 'alice', 'demo1234', 'Training');
      assert.equal(server.app.switchboard.hub.view('alice')?.presence.kind, 'paused');
      // The event socket is open from the frame.
      await eventually(async () => assert.equal([...server.app.switchboard.hub.connections()].length, 1, 'one event socket'));
      // Third-party cookies are blocked and none is used; the frame's storage works, in its own partition.
      assert.deepEqual(await context.cookies(), []);
      const inFrame = await adapterFrame(page).evaluate(() => ({
        session: (globalThis as unknown as FrameGlobals).sessionStorage.getItem('switchboard.session'),
        device: (globalThis as unknown as FrameGlobals).localStorage.getItem('switchboard.device'),
      }));
      assert.ok(inFrame.session, 'the session is in the frame’s (partitioned) sessionStorage');
      assert.ok(inFrame.device, 'the device id is in the frame’s (partitioned) localStorage');
      const firstParty = await context.newPage();
      await firstParty.goto(`${adapterBase}/`);
      await firstParty.getByLabel('Agent Username').waitFor();
      const ownDevice = await firstParty.evaluate(() => (globalThis as unknown as FrameGlobals).localStorage.getItem('switchboard.device'));
      assert.notEqual(ownDevice, inFrame.device, 'the adapter as a first party has its own storage: the frame’s is partitioned under the CRM’s site');
      await firstParty.close();

      // A server push reaches the frame: a dropped socket comes back on its own with the stored token.
      for (const c of [...server.app.switchboard.hub.connections()]) c.close(1012, 'test: simulated drop');
      await waitForText(frame.getByTestId('health-banner'), /Connection restored/, 15_000);
      await eventually(async () => assert.equal([...server.app.switchboard.hub.connections()].length, 1, 'the socket is back'));

      // A reload inside the frame (the adapter alone) keeps the session: same tab, still the owner.
      await adapterFrame(page).evaluate(() => (globalThis as unknown as FrameGlobals).location.reload());
      await waitForText(frame.getByTestId('status-text'), /Paused: Training/, 15_000);
      assert.equal(await frame.getByRole('button', { name: 'Login' }).count(), 0);
      assert.equal(await frame.getByTestId('elsewhere-message').count(), 0, 'not "open elsewhere": the same tab id');
      // And a reload of the whole CRM page.
      await page.reload();
      await waitForText(frame.getByTestId('status-text'), /Paused: Training/, 15_000);
      assert.equal(await frame.getByRole('button', { name: 'Login' }).count(), 0);
      assert.equal(await frame.getByTestId('elsewhere-message').count(), 0);
      await eventually(async () => assert.equal([...server.app.switchboard.hub.connections()].length, 1, 'one event socket after the reloads'));
      // Still live: another change goes through.
      await frame.locator('header .avatar').click();
      await frame.getByRole('menuitemradio', { name: 'Available' }).click();
      await eventually(async () => assert.equal(server.app.switchboard.hub.view('alice')?.presence.kind, 'available'));
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });
});
