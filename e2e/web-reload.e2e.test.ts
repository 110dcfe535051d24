import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { makeToneWav, requireTool, tempDir } from '@switchboard/testkit';
import { launchWithMicrophone } from './support/media-chromium';
import { startEngineServer, type EngineServer } from './support/engine-server';
import { logIn } from './support/adapter-page';
import { eventually, waitForText } from './support/eventually';

// Ports: engine SIP 47200 (sandbox 47210), RTP 47220-47289, sandbox RTP 47290-47319; HTTP: any free port.

/**
 * Issue 14 item 4: a reload ends the browser's Web Connect audio. Before, the adapter went on
 * saying "Phone connected (Web Connect)" over a dead line; now the reloaded page shows the
 * voice path as disconnected, the server's web path is dropped, and Connect Voice is offered.
 */
describe('Web Connect after a page reload, in real Chromium over WebRTC', () => {
  let server: EngineServer;
  let browser: Browser;
  before(async () => {
    requireTool('sox');
    const dir = tempDir('web-reload');
    makeToneWav(join(dir, 'agent.wav'), 500, 30);
    server = await startEngineServer({ base: 47200, rtp: { min: 47220, max: 47289 }, sandboxRtp: { min: 47290, max: 47319 } });
    browser = await launchWithMicrophone(join(dir, 'agent.wav'));
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  it('the reloaded page does not claim a phone it lacks: the path is dropped and Connect Voice offered', async () => {
    const view = () => server.app.switchboard.hub.view('alice');
    const ctx = await browser.newContext({ permissions: ['microphone'], viewport: { width: 320, height: 520 } });
    try {
      const page = await ctx.newPage();
      await page.goto(server.baseUrl + '/');
      await logIn(page, 'alice', 'demo1234');
      await page.getByRole('heading', { name: 'Phone Connection' }).waitFor();
      await page.getByRole('radio', { name: /Web Connect/ }).check();
      await page.getByRole('radio', { name: /^Persistent Connection/ }).check();
      await page.getByRole('button', { name: 'Connect', exact: true }).click();
      await eventually(async () => assert.equal(view()?.voice.status, 'connected'), 20_000);
      await waitForText(page.locator('main'), /Phone connected \(Web Connect\)/, 10_000);
      await eventually(async () => assert.equal(await page.locator('#web-phone-audio').getAttribute('data-state'), 'connected'), 15_000);

      await page.reload();
      await page.getByRole('button', { name: 'Connect Voice' }).waitFor({ timeout: 10_000 });
      await eventually(async () => assert.equal(view()?.voice.status, 'none', JSON.stringify(view()?.voice)), 10_000);
      assert.equal(await page.getByText('Phone connected (Web Connect)').count(), 0);
      await page.getByRole('img', { name: 'Phone not connected' }).waitFor();
      await waitForText(page.getByTestId('toasts'), /Web Connect ended when this page was reloaded/);

      // And Connect Voice makes a new line from this page.
      await page.getByRole('button', { name: 'Connect Voice' }).click();
      await page.getByRole('radio', { name: /Web Connect/ }).check();
      await page.getByRole('button', { name: 'Connect', exact: true }).click();
      await eventually(async () => assert.equal(view()?.voice.status, 'connected'), 20_000);
      await eventually(async () => assert.equal(await page.locator('#web-phone-audio').getAttribute('data-state'), 'connected'), 15_000);
      await waitForText(page.locator('main'), /Phone connected \(Web Connect\)/, 10_000);
    } finally {
      await ctx.close();
    }
  });
});
