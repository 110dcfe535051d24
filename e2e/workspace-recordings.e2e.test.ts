import assert from 'node:assert/strict';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { CDR_COLUMNS } from '@switchboard/protocol';
import { launchChromium } from './support/chromium';
import { eventually, waitForText } from './support/eventually';
import { screenshotter } from './support/artifacts';
import { expectControlsNamed, expectNoHorizontalScroll } from './support/adapter-page';
import { startRealServer, type RealPorts, type RealServer } from './support/real-server';
import { ensureWorkspaceBuilt } from './support/workspace-server';
import { CALLER_HZ, CALLER_NUMBER, type Baresip, agentPhone, callCareLine, callerPhone, sleep, toneWavs, waitHeard } from './support/real-phones';
import { SLOW, callTitle, connectCallMe, goAvailable, openAgent, type AgentTab } from './support/real-agent';

/**
 * Recordings and reports in the supervisor's workspace (issue 20.5, 20.7), on a real call: a baresip
 * caller through the IVR to alice on a baresip call-me line, recorded, with a bookmark and an
 * announcement; then sam finds it, plays it with its markers drawn, jumps to the bookmark, changes
 * speed, downloads the WAV, and downloads the day's call records as CSV.
 */

// Ports 42000-42499 (this file's own block; see real-server.ts for the layout of a block).
const B = 42000;
const ports: RealPorts = { sip: B + 90, sandbox: B + 91, rtp: { min: B + 300, max: B + 369 }, sandboxRtp: { min: B + 370, max: B + 399 }, phones: [B, B + 100, B + 200] };
const BOOKMARK_RGB = [194, 65, 12]; // MARKER_COLOURS.bookmark, #c2410c

describe('workspace recordings and reports on a real recorded call', () => {
  let srv: RealServer;
  let browser: Browser;
  let alicePhone: Baresip;
  let caller: Baresip;
  let alice: AgentTab;
  let sam: { context: BrowserContext; page: Page };
  let id: string;

  before(async () => {
    await ensureWorkspaceBuilt();
    const wavs = toneWavs('workspace-recordings');
    srv = await startRealServer({ ports, termsSeconds: 2, workspace: (y) => y.replace('autoWrapSeconds: 30', 'autoWrapSeconds: 8') });
    alicePhone = agentPhone('alice', ports.phones[0], wavs.agent);
    caller = callerPhone(ports.phones[1], ports.sip, wavs.caller);
    await Promise.all([alicePhone.start(), caller.start()]);
    browser = await launchChromium();
    alice = await openAgent(browser, srv, 'alice');
    await connectCallMe(alice, alicePhone.uri, true);
    await alicePhone.waitEvent('CALL_ESTABLISHED', SLOW);
    await goAvailable(alice);
  });
  after(async () => {
    await sam?.context.close();
    await alice?.context.close();
    await browser?.close();
    await Promise.all([alicePhone?.stop(), caller?.stop()]);
    await srv?.dispose();
  });

  it('a real call is recorded with a bookmark and an announcement, then wrapped', async () => {
    id = await callCareLine(caller, srv, '4321');
    await callTitle(alice, /Ongoing call/);
    await waitHeard(alicePhone, CALLER_HZ, 1.5);
    await sleep(1000);
    await alice.page.getByRole('button', { name: 'Add bookmark', exact: true }).click();
    await eventually(async () => assert.equal(alice.view().interaction?.recording.markers.filter((m) => m.kind === 'manual').length, 1), SLOW);
    await sleep(500);
    await alice.page.getByLabel('Announcement').selectOption({ label: 'Terms and conditions' });
    await alice.page.getByRole('button', { name: 'Play announcement', exact: true }).click();
    await waitForText(alice.page.getByTestId('announcement'), /Playing: Terms and conditions/, SLOW);
    await eventually(async () => assert.equal(await alice.page.getByTestId('announcement').count(), 0), SLOW);
    await sleep(1000);
    await alice.page.getByRole('button', { name: 'Hang up', exact: true }).click();
    await callTitle(alice, /Ended call/);
    await alice.page.getByLabel('Outcome').selectOption({ label: 'Follow-up' });
    await alice.page.getByRole('button', { name: 'Wrap call', exact: true }).click();
    await eventually(async () => assert.equal(await alice.page.getByTestId('call').count(), 0), SLOW);
    const r = (await srv.record(id))!;
    assert.equal(r.recording.file, join(srv.recordingsDir, `${id}.wav`));
    await eventually(async () => assert.ok(statSync(join(srv.recordingsDir, `${id}.markers.json`)).size > 0), SLOW);
  });

  it('sam finds the recording, plays it with its markers drawn, jumps to the bookmark, changes speed and downloads it', async (t) => {
    const shot = screenshotter('workspace-recordings');
    const context = await browser.newContext({ viewport: { width: 1024, height: 768 }, acceptDownloads: true });
    const page = await context.newPage();
    sam = { context, page };
    await page.goto(srv.baseUrl + '/workspace/#/recordings');
    await page.getByLabel('Username').fill('sam');
    await page.getByLabel('Password').fill('demo1234');
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByRole('heading', { name: 'Recordings', level: 1 }).waitFor({ timeout: SLOW });
    assert.equal(await page.getByRole('link', { name: 'Recordings' }).getAttribute('aria-current'), 'page');
    const row = page.getByTestId(`recording-row-${id}`);
    await row.waitFor({ timeout: SLOW });
    assert.match((await row.textContent()) ?? '', new RegExp(`Alice Nguyen.*Customer Care.*\\${CALLER_NUMBER}.*Follow-up`));

    // The filters reach the server: a number that matches, then a minimum length the call does not have.
    await page.getByLabel('Number').fill(CALLER_NUMBER);
    await page.getByRole('button', { name: 'Search' }).click();
    await waitForText(page.locator('#recordings-caption'), /Recordings found: 1/, SLOW);
    await page.getByLabel('Min seconds').fill('3600');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.getByText('No recordings match.').waitFor({ timeout: SLOW });
    await page.getByLabel('Min seconds').fill('');
    await page.getByRole('button', { name: 'Search' }).click();
    await row.waitFor({ timeout: SLOW });
    await shot(page, 'found');

    // Open it: the player draws the waveform and one labelled point per marker.
    await row.getByRole('button', { name: /^Play the recording of/ }).click();
    const player = page.getByTestId('recording-player');
    await player.waitFor({ timeout: SLOW });
    const pins = player.getByTestId('marker-pin');
    await eventually(async () => assert.ok((await pins.count()) >= 3, `pins: ${await pins.count()}`), SLOW);
    const kinds = await pins.evaluateAll((els) => els.map((e) => (e as unknown as { dataset: Record<string, string> }).dataset.kind));
    assert.deepEqual(
      kinds.filter((k) => k !== 'pause' && k !== 'resume'),
      ['bookmark', 'announcement-start', 'announcement-end'],
    );
    const bookmarkPin = pins.first();
    assert.match((await bookmarkPin.getAttribute('aria-label')) ?? '', /^Jump to Bookmark: Bookmark, at \d+ seconds?$/);
    assert.match((await pins.nth(1).getAttribute('aria-label')) ?? '', /^Jump to Announcement starts: Terms and conditions, at/);
    const canvas = player.getByTestId('waveform');
    // The waveform is drawn by the player's effect after the pins render: waited for (the pixel check needs it too).
    await eventually(async () => assert.equal(Number(await canvas.getAttribute('data-markers-drawn')), kinds.length, 'every marker drawn on the waveform'));
    const bookmarkMs = Number(await bookmarkPin.getAttribute('data-offset-ms'));
    // The bookmark's line is in the canvas's pixels, in its colour, where its offset falls.
    const pixel = await canvas.evaluate((el, ms) => {
      const c = el as unknown as {
        width: number;
        height: number;
        clientWidth: number;
        getContext(k: '2d'): { getImageData(x: number, y: number, w: number, h: number): { data: Uint8ClampedArray } };
      };
      const dur = Number((el as unknown as { dataset: Record<string, string> }).dataset.durationMs ?? 0);
      const dpr = c.width / c.clientWidth;
      const x = Math.round((ms / dur) * (c.clientWidth - 1) * dpr);
      return Array.from(
        c
          .getContext('2d')
          .getImageData(x, Math.round(c.height * 0.8), 1, 1)
          .data.slice(0, 3),
      );
    }, bookmarkMs);
    assert.deepEqual(pixel, BOOKMARK_RGB, `the bookmark line at ${bookmarkMs} ms`);
    // Every control has a name a screen reader says; nothing scrolls sideways at 1024 px or on a tablet.
    await expectControlsNamed(page);
    await expectNoHorizontalScroll(page);
    await page.setViewportSize({ width: 768, height: 1024 });
    await expectNoHorizontalScroll(page);
    await shot(page, 'player-tablet');
    await page.setViewportSize({ width: 1024, height: 768 });
    await shot(page, 'player');

    // Play: the audio runs (range requests from the ticket URL).
    const audio = player.getByTestId('recording-audio');
    await player.getByTestId('play-toggle').click();
    await eventually(async () => assert.ok((await audio.evaluate((a) => (a as unknown as { currentTime: number }).currentTime)) > 0.3, 'the audio is playing'), SLOW);
    await waitForText(player.getByTestId('play-toggle'), /Pause/);
    // Jump to the bookmark, by keyboard: focus its point and press Enter.
    await bookmarkPin.focus();
    await page.keyboard.press('Enter');
    await eventually(async () => {
      const at = await audio.evaluate((a) => (a as unknown as { currentTime: number }).currentTime * 1000);
      assert.ok(at >= bookmarkMs - 100 && at < bookmarkMs + 1500, `at ${at} ms after jumping to ${bookmarkMs} ms`);
    }, SLOW);
    await page.getByLabel('Speed').selectOption('1.5');
    // The rate is applied by the player's effect on its next render, not synchronously with the change event.
    await eventually(async () => assert.equal(await audio.evaluate((a) => (a as unknown as { playbackRate: number }).playbackRate), 1.5));
    await player.getByTestId('play-toggle').click();
    await shot(page, 'played');

    // Download: the same bytes as the file on disk.
    const [download] = await Promise.all([page.waitForEvent('download'), player.getByRole('button', { name: 'Download WAV' }).click()]);
    const saved = await download.path();
    assert.ok(saved, 'the download was saved');
    assert.equal(download.suggestedFilename(), `recording-${id}.wav`);
    assert.ok(readFileSync(saved).equals(readFileSync(join(srv.recordingsDir, `${id}.wav`))), 'the downloaded WAV is the recording');

    // The access log has sam's play and download.
    const rows = await srv.app.switchboard.store.recordings.listAccess({ interactionId: id, limit: 20 });
    const acts = rows.map((r) => [r.action, r.userId]);
    t.diagnostic(`access log: ${JSON.stringify(acts)}`);
    assert.ok(acts.some(([a, u]) => a === 'play' && u === 'sam'));
    assert.ok(acts.some(([a, u]) => a === 'download' && u === 'sam'));
    assert.equal(rows.filter((r) => r.action === 'play').length, 1, 'one play however many range requests it took');
  });

  it('sam downloads the call records as CSV and sees the interval figures with a chart', async () => {
    const shot = screenshotter('workspace-reports');
    const { page } = sam;
    await page.getByRole('link', { name: 'Reports' }).click();
    await page.getByRole('heading', { name: 'Reports', level: 1 }).waitFor();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download call records (CSV)' }).click()]);
    const csv = readFileSync((await download.path())!, 'utf8');
    const lines = csv.trim().split('\r\n');
    assert.equal(lines[0], CDR_COLUMNS.join(','));
    const line = lines.find((l) => l.startsWith(`${id},`));
    assert.ok(line, `the call ${id} is in the CSV:\n${csv}`);
    const cols = line.split(',');
    const col = (k: (typeof CDR_COLUMNS)[number]) => cols[CDR_COLUMNS.indexOf(k)];
    assert.deepEqual(
      [col('direction'), col('agent_id'), col('customer_number'), col('outcome_id'), col('queue_id'), col('recorded'), col('wrapped_by')],
      ['IN', 'alice', CALLER_NUMBER, 'follow-up', 'care-queue', 'yes', 'agent'],
    );
    assert.ok(Number(col('talk_s')) >= 3, `talk time ${col('talk_s')} s`);
    await waitForText(page.getByTestId('reports-status'), /CSV downloaded: \d+ calls/);

    await page.getByRole('button', { name: 'Show intervals' }).click();
    const table = page.getByTestId('intervals-table');
    await table
      .getByRole('row', { name: /Care queue/ })
      .first()
      .waitFor({ timeout: SLOW });
    const cells = await table
      .getByRole('row', { name: /Care queue/ })
      .first()
      .locator('td')
      .allTextContents();
    assert.deepEqual(cells.slice(0, 3), ['Care queue', '1', '1'], 'one call offered and answered');
    await page.getByTestId('interval-chart').locator('canvas').waitFor();
    await expectControlsNamed(page);
    await expectNoHorizontalScroll(page);
    await shot(page, 'intervals');
  });
});
