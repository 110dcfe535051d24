import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import type { FastifyInstance } from 'fastify';
import { launchChromium } from './support/chromium';
import { startWorkspaceServer } from './support/workspace-server';
import { screenshotter } from './support/artifacts';
import { expectControlsNamed, expectNoHorizontalScroll } from './support/adapter-page';
import { eventually, waitForText } from './support/eventually';

/** The supervisor's workspace in Chromium: the live floor follows agents the API drives. No fixed ports. */
describe('supervisor workspace: live floor in Chromium', () => {
  let server: { app: FastifyInstance; baseUrl: string; close(): Promise<void> };
  let browser: Browser;
  before(async () => {
    browser = await launchChromium();
    server = await startWorkspaceServer();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  async function api(path: string, body: unknown, token?: string): Promise<Record<string, unknown>> {
    const res = await fetch(server.baseUrl + path, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(body),
    });
    const json = (await res.json()) as Record<string, unknown>;
    assert.equal(res.status, 200, `${path}: ${JSON.stringify(json)}`);
    return json;
  }
  let n = 0;
  const agentCommand = (token: string, command: Record<string, unknown>) => api('/api/v1/agent/commands', { requestId: `req-ws-e2e-${++n}`, command }, token);

  async function logIn(page: Page, username: string, password: string): Promise<void> {
    await page.getByLabel('Username').fill(username);
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Log in' }).click();
  }

  it('an agent is told the page is for supervisors, and no session starts for them', async () => {
    const context = await browser.newContext({ viewport: { width: 1024, height: 768 } });
    try {
      const page = await context.newPage();
      await page.goto(server.baseUrl + '/workspace/');
      await logIn(page, 'bob', 'demo1234');
      await waitForText(page.getByTestId('login-error'), /for supervisors and admins/);
      assert.equal(server.app.switchboard.hub.size, 0, 'bob did not get an agent session');
      await screenshotter('workspace-floor')(page, 'agent-refused');
    } finally {
      await context.close();
    }
  });

  it('an admin sees every team and can filter the floor by team', async () => {
    const context = await browser.newContext({ viewport: { width: 1024, height: 768 } });
    try {
      const page = await context.newPage();
      const dave = (await api('/api/v1/auth/login', { username: 'dave', password: 'demo1234' })).token as string;
      const bob = (await api('/api/v1/auth/login', { username: 'bob', password: 'demo1234' })).token as string;
      await page.goto(server.baseUrl + '/workspace/');
      await logIn(page, 'admin', 'admin1234');
      await page.getByTestId('agent-row-dave').waitFor();
      await page.getByTestId('agent-row-bob').waitFor();
      await page.getByLabel('Team').selectOption({ label: 'Sales' });
      await page.getByTestId('agent-row-bob').waitFor({ state: 'detached' });
      assert.equal(await page.getByTestId('agent-row-dave').count(), 1, 'dave is in sales');
      await waitForText(page.getByRole('table', { name: /Agents logged in/ }).locator('caption'), /Agents logged in: 1 \(filtered by team\)/);
      await screenshotter('workspace-floor-admin')(page, 'filtered-sales');
      await agentCommand(dave, { type: 'sign-out' });
      await agentCommand(bob, { type: 'sign-out' });
    } finally {
      await context.close();
    }
  });

  it('a supervisor sees alice appear, her state change and her time in state count, live', async () => {
    const shot = screenshotter('workspace-floor');
    const context = await browser.newContext({ viewport: { width: 1024, height: 768 } });
    try {
      const page = await context.newPage();
      await page.goto(server.baseUrl + '/workspace');
      await logIn(page, 'sam', 'demo1234');
      const agents = page.getByRole('table', { name: /Agents logged in/ });
      await waitForText(agents.locator('caption'), /Agents logged in: 0/);
      await page.getByText('No agents logged in.').waitFor();
      await page
        .getByRole('table', { name: /Queues/ })
        .getByRole('row', { name: /Care queue/ })
        .waitFor();
      await expectControlsNamed(page);
      await expectNoHorizontalScroll(page);
      await shot(page, 'empty-floor');

      // alice (team care) logs in through the API; carol (sales) too, but she is not sam's.
      const alice = (await api('/api/v1/auth/login', { username: 'alice', password: 'demo1234' })).token as string;
      await api('/api/v1/auth/login', { username: 'carol', password: 'demo1234' });
      await agentCommand(alice, { type: 'skip-voice' });
      const row = page.getByTestId('agent-row-alice');
      await row.waitFor({ timeout: 5000 });
      // The row is named by its header cell (the agent's name) for screen readers.
      await page.getByRole('row', { name: /Alice/ }).waitFor();
      const firstState = await row.getByTestId('agent-state').textContent();
      assert.match((await row.textContent()) ?? '', /Customer Care/);
      assert.match((await row.textContent()) ?? '', /Not connected/);

      // Time in state counts between polls.
      const t0 = await row.getByTestId('agent-time-in-state').textContent();
      await eventually(async () => assert.notEqual(await row.getByTestId('agent-time-in-state').textContent(), t0), 4000);

      // alice pauses for a break: the floor shows it within a poll or two.
      await agentCommand(alice, { type: 'pause', reasonId: 'break' });
      await waitForText(row.getByTestId('agent-state'), /Break/, 5000);
      assert.notEqual(await row.getByTestId('agent-state').textContent(), firstState);
      await waitForText(row.getByTestId('agent-time-in-state'), /^0:0\d$/, 5000);
      await shot(page, 'alice-on-break');

      assert.equal(await page.getByTestId('agent-row-carol').count(), 0, 'carol is in sales: not on sam’s floor');
      await waitForText(agents.locator('caption'), /Agents logged in: 1/);

      // A tablet: the page itself does not scroll sideways; the table's own region does if needed.
      await page.setViewportSize({ width: 768, height: 1024 });
      await expectNoHorizontalScroll(page);
      await shot(page, 'tablet');

      // Keyboard: Tab reaches Log out and the tables' scroll regions.
      const reached = new Set<string>();
      for (let i = 0; i < 10; i++) {
        await page.keyboard.press('Tab');
        reached.add(
          await page.evaluate(() => {
            const el = (globalThis as unknown as { document: { activeElement: { tagName: string; textContent: string | null; getAttribute(n: string): string | null } | null } })
              .document.activeElement;
            return el ? `${el.tagName}:${el.getAttribute('aria-labelledby') ?? el.textContent ?? ''}` : '';
          }),
        );
      }
      assert.ok(reached.has('BUTTON:Log out'), `Tab reached: ${[...reached].join(', ')}`);
      assert.ok(reached.has('DIV:agents-caption'), `Tab reached: ${[...reached].join(', ')}`);

      // alice signs out: she leaves the floor.
      await agentCommand(alice, { type: 'sign-out' });
      await row.waitFor({ state: 'detached', timeout: 5000 });

      // Log out: back to the login page, saying so.
      await page.getByRole('button', { name: 'Log out' }).click();
      await waitForText(page.getByRole('status'), /logged out/);
      await page.getByLabel('Username').waitFor();
    } finally {
      await context.close();
    }
  });
});
