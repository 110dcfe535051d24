import type { BrowserContext, Page } from 'playwright-core';
import type { InboundCall } from '@switchboard/core';
import { DEMO_CARE_DNIS } from '@switchboard/server';
import { sleep, waitFor } from '../../packages/server/test/calls/helpers';
import { waitForText } from './eventually';
import type { RealServer } from './real-server';

/**
 * The demo caller (/demo-caller/, a simulated customer in Chromium over WebRTC) dials the care
 * line, waits until the IVR collects digits (the engine's own state, as callCareLine does for a
 * SIP phone), keys `digits` then # on its keypad (in-band DTMF the engine detects) and, when the
 * workflow asks next for a menu choice, `menu`. The context needs a microphone (a fake one:
 * media-chromium.ts) and the permission. Returns the interaction's id and the caller's page.
 */
export async function demoCallCareLine(context: BrowserContext, srv: RealServer, digits: string, menu = '1'): Promise<{ id: string; page: Page }> {
  const before = new Set(srv.tel.desk.list().map((c) => c.interaction.id));
  const page = await context.newPage();
  await page.goto(`${srv.baseUrl}/demo-caller/`);
  await waitForText(page.getByRole('status'), /Ready/, 15_000);
  await page.getByLabel('Number to call').selectOption(DEMO_CARE_DNIS);
  await page.getByRole('button', { name: 'Call' }).click();
  let call: InboundCall | undefined;
  await waitFor(
    () => {
      call = [...srv.tel.desk.inboundCalls()].find((x) => !before.has(x.interaction.id) && x.interaction.direction === 'IN');
      return call?.runner?.state === 'collecting';
    },
    30_000,
    `the IVR to collect the demo caller's digits (page ${await page.locator('body').getAttribute('data-state')}, workflow ${call?.runner?.state ?? 'none'})`,
  );
  const runner = call!.runner!;
  const first = runner.objectId;
  const key = async (k: string) => page.getByRole('button', { name: k === '#' ? 'Hash' : k === '*' ? 'Star' : k, exact: true }).click();
  await sleep(400);
  for (const k of `${digits}#`) await key(k);
  await waitFor(() => runner.state !== 'collecting' || runner.objectId !== first, 30_000, `the IVR to take the demo caller's digits ${digits}#`);
  if (runner.state === 'collecting') {
    await sleep(400);
    await key(menu);
  }
  return { id: call!.interaction.id, page };
}
