import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Locator, Page } from 'playwright-core';
import type { AgentView, CallView, Command } from '@switchboard/protocol';
import { launchChromium } from './support/chromium';
import { startServer, type RunningServer } from './support/server';
import { screenshotter } from './support/artifacts';
import { expectControlsNamed, expectNoHorizontalScroll, logIn } from './support/adapter-page';
import { scriptApi } from './support/scripted-api';
import { callView, dialView, withCall, wrapCall } from './support/call-views';
import { eventually, waitForText } from './support/eventually';
import type { PageGlobals } from './support/page-globals';

const ORANGE = 'rgb(232, 113, 10)';
const DARK_GREY = 'rgb(61, 67, 73)';
const LIGHT_GREY = 'rgb(196, 201, 207)';

const colour = (l: Locator) => l.evaluate((el) => (globalThis as unknown as PageGlobals).getComputedStyle(el).color);
const edge = (l: Locator) => l.evaluate((el) => (globalThis as unknown as PageGlobals).getComputedStyle(el).borderLeftColor);
const button = (page: Page, name: string) => page.getByRole('button', { name, exact: true });

/** What a scripted server does with call commands: just enough to walk a call through its life. */
function callScript(c: Command, v: AgentView): AgentView {
  const call = v.interaction ?? null;
  const set = (over: Partial<CallView>): AgentView => withCall(v, { ...call!, ...over });
  switch (c.type) {
    case 'dial':
      return withCall(v, callView('dialling', { direction: 'OUT', customerNumber: c.number, campaignId: c.campaignId, campaignName: c.campaignId ? 'Sales' : null }));
    case 'answer':
      return withCall(v, callView('live'));
    case 'hold':
    case 'resume': {
      const held = c.type === 'hold';
      return set({ held, capabilities: { ...call!.capabilities, canHold: !held, canResume: held } });
    }
    case 'mute':
      return set({ muted: c.muted });
    case 'set-notes':
      return set({ notes: c.text });
    case 'toggle-recording': {
      const on = call!.recording.state !== 'recording';
      return set({
        recording: { ...call!.recording, state: on ? 'recording' : 'paused', icon: on ? 'recording' : 'paused' },
        capabilities: { ...call!.capabilities, canBookmark: on },
      });
    }
    case 'play-announcement':
      return set({
        announcement: call!.announcements.find((a) => a.id === c.announcementId)!,
        capabilities: { ...call!.capabilities, canPlayAnnouncement: false, canStopAnnouncement: true },
      });
    case 'stop-announcement':
      return set({ announcement: null, capabilities: { ...call!.capabilities, canPlayAnnouncement: true, canStopAnnouncement: false } });
    case 'hang-up':
      // An outbound call hung up before it was answered: back to the main page.
      if (call!.presentation === 'dialling') return withCall(v, null);
      return withCall(v, wrapCall(20));
    case 'extend-wrap': {
      const w = call!.wrap!;
      return set({
        wrap: { ...w, deadline: new Date(Date.parse(w.deadline!) + 30_000).toISOString(), canExtend: false },
        capabilities: { ...call!.capabilities, canExtendWrap: false },
      });
    }
    case 'pause': {
      const reason = v.pauseReasons.find((r) => r.id === c.reasonId)!;
      return { ...v, pendingPause: reason };
    }
    case 'wrap': {
      const after = withCall(v, null);
      return v.pendingPause
        ? { ...after, presence: { kind: 'paused', reason: v.pendingPause }, pendingPause: null, dot: 'orange', statusText: `Paused: ${v.pendingPause.name}` }
        : after;
    }
    default:
      return v;
  }
}

describe('adapter call screens (scripted views)', () => {
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

  /** `clock`: the page's timers run on Playwright's clock (flowing as usual until a test pauses it). */
  async function open(initial: AgentView, opts: { clock?: boolean } = {}) {
    const context = await browser.newContext({ viewport: { width: 300, height: 500 } });
    const page = await context.newPage();
    if (opts.clock) await page.clock.install();
    const api = await scriptApi(page, initial, callScript);
    await page.goto(server.baseUrl + '/');
    await logIn(page, 'alice', 'demo1234');
    await page.getByTestId('status-text').waitFor();
    return { context, page, api };
  }

  it('manual outbound: typed and keyed digits, a campaign or Skip campaign, Call now; failures are alert toasts', async () => {
    const shot = screenshotter('calls-dial-300x500');
    const { context, page, api } = await open(dialView());
    try {
      const number = page.getByLabel('Number to call');
      await number.click();
      await page.keyboard.type('0412');
      for (const k of ['3', '4', '5', '6', '7', '8']) await button(page, k).click();
      assert.equal(await number.inputValue(), '0412345678');
      // The agent's outbound campaign comes preselected; every campaign and "Skip campaign" are offered.
      const campaign = page.getByRole('combobox', { name: 'Campaign', exact: true });
      assert.equal(await campaign.inputValue(), 'sales-outbound');
      assert.deepEqual(await campaign.locator('option').allTextContents(), ['Customer Care', 'Sales', 'Skip campaign']);
      await expectNoHorizontalScroll(page);
      await expectControlsNamed(page);
      await shot(page, 'dial-pad');
      await button(page, 'Call now').click();
      await eventually(async () => assert.deepEqual(api.commands.at(-1), { type: 'dial', number: '0412345678', campaignId: 'sales-outbound' }));
      // Dialling: the outbound call in progress, with Hang up only.
      await waitForText(page.locator('#call-title'), /Dialling/);
      await waitForText(page.getByTestId('call'), /0412345678\s*Outbound · Sales/);
      assert.equal(await button(page, 'Hold').count(), 0);
      await shot(page, 'dialling');
      await button(page, 'Hang up').click();
      await eventually(async () => assert.deepEqual(api.commands.at(-1), { type: 'hang-up', interactionId: 'int_0001' }));
      await page.getByTestId('dial-pad').waitFor();

      await campaign.selectOption({ label: 'Skip campaign' });
      await number.fill('*21#');
      await page.keyboard.press('Enter');
      await eventually(async () => assert.deepEqual(api.commands.at(-1), { type: 'dial', number: '*21#', campaignId: null }));
      await button(page, 'Hang up').click();
      await page.getByTestId('dial-pad').waitFor();

      // Section 7's failures: each its own message, as alert toasts.
      const failures = ['Called party did not answer the call', 'Invalid number or incorrect number format', 'Called party is busy'];
      for (const [i, message] of failures.entries()) {
        api.push('notice', api.view, { level: 'error', code: ['NO_ANSWER', 'INVALID_NUMBER', 'BUSY'][i]!, message });
        await waitForText(page.getByRole('alert').filter({ hasText: message }), new RegExp(message));
      }
      await shot(page, 'dial-failures');

      // The server says no dialling now: Call now is disabled.
      api.push('activity.changed', dialView(false));
      await eventually(async () => assert.equal(await button(page, 'Call now').isDisabled(), true));
      assert.equal(api.commands.filter((c) => c.type === 'dial').length, 2);
    } finally {
      await context.close();
    }
  });

  it('ringing → Answer; Info rows and the IVR dialog; notes saved as typed and kept across a reload', async () => {
    const shot = screenshotter('calls-live-300x500');
    const { context, page, api } = await open(dialView(), { clock: true });
    try {
      api.push('activity.changed', withCall(api.view, callView('ringing')));
      await waitForText(page.locator('#call-title'), /Incoming call/);
      assert.equal(await page.getByTestId('dial-pad').count(), 0, 'no dial pad while a call is open');
      await button(page, 'Decline').waitFor();
      // Heard without moving focus: a polite status region outside the call screen.
      await waitForText(page.getByTestId('call-announcer'), /^Incoming call: \+61298765432$/);
      assert.equal(await page.getByTestId('call-announcer').getAttribute('role'), 'status');
      await shot(page, 'ringing');
      await button(page, 'Answer').click();
      await eventually(async () => assert.deepEqual(api.commands.at(-1), { type: 'answer', interactionId: 'int_0001' }));
      await waitForText(page.locator('#call-title'), /Ongoing call/);
      assert.equal(await button(page, 'Answer').count(), 0);

      // Info: every row in order with its value.
      const rows = await page
        .getByTestId('call-info')
        .locator('.fact')
        .evaluateAll((els) =>
          els.map((el) => [
            (el as unknown as { children: { textContent: string }[] }).children[0]!.textContent,
            (el as unknown as { children: { textContent: string }[] }).children[1]!.textContent,
          ]),
        );
      assert.deepEqual(rows, [
        ['Interaction ID', 'int_0001'],
        ['Call Type', 'IN'],
        ['Campaign', 'Customer Care'],
        ['Customer Phone Number', '+61298765432'],
        ['Platform phone', '+61290000000'],
        ['IVR Data', 'Show data entered in the IVR'],
        ['Time in queue', '0:42'],
      ]);
      await expectNoHorizontalScroll(page);
      await expectControlsNamed(page);
      await shot(page, 'live-info');
      await waitForText(page.getByTestId('call-announcer'), /^Ongoing call/);
      // The IVR dialog by keyboard: Enter opens it with focus inside, Escape closes it and focus returns.
      const showData = page.getByRole('button', { name: 'Show data entered in the IVR' });
      await showData.focus();
      await page.keyboard.press('Enter');
      const dialog = page.getByRole('dialog', { name: 'IVR data' });
      await dialog.waitFor();
      await waitForText(dialog, /Account number\s*556677/);
      await waitForText(dialog, /Reason\s*2/);
      assert.equal(
        await dialog.evaluate((d) => d.contains((globalThis as unknown as { document: { activeElement: unknown } }).document.activeElement as never)),
        true,
        'focus is in the dialog',
      );
      await shot(page, 'ivr-dialog');
      await page.keyboard.press('Escape');
      await eventually(async () => assert.equal(await dialog.count(), 0));
      await eventually(async () =>
        assert.equal(
          await showData.evaluate((b) => b === (globalThis as unknown as { document: { activeElement: unknown } }).document.activeElement),
          true,
          'focus back on Show data',
        ),
      );

      // Notes: nothing sent per keystroke, one set-notes after a pause in typing, then "Saved".
      await page.getByRole('tab', { name: 'Notes' }).click();
      const notes = page.getByRole('textbox', { name: 'Notes' });
      await notes.click();
      // Typed on the page's clock, 100 ms of page time between keys however long the machine takes
      // between them: a stall on a loaded machine cannot pass for a pause in typing.
      await page.clock.pauseAt((await page.evaluate(() => Date.now())) + 1);
      for (const key of 'Wants a refund') {
        await page.keyboard.type(key);
        await page.clock.runFor(100);
      }
      assert.equal(await notes.inputValue(), 'Wants a refund');
      // Long enough (in real time) for a request sent on a keystroke to reach the route.
      await page.waitForTimeout(500);
      assert.equal(api.commands.filter((c) => c.type === 'set-notes').length, 0, 'debounced: not sent while typing');
      await page.clock.resume();
      await waitForText(page.getByTestId('notes-state'), /^Saved$/);
      const saved = api.commands.filter((c) => c.type === 'set-notes');
      assert.deepEqual(saved, [{ type: 'set-notes', interactionId: 'int_0001', text: 'Wants a refund' }]);
      await shot(page, 'notes-saved');
      await page.reload();
      await page.getByRole('tab', { name: 'Notes' }).click();
      await eventually(async () => assert.equal(await page.getByRole('textbox', { name: 'Notes' }).inputValue(), 'Wants a refund'));
      await page.getByRole('tab', { name: 'CRM' }).click();
      await waitForText(page.getByRole('tabpanel'), /Not embedded in a CRM\./);
      // Arrow keys move between tabs.
      await page.keyboard.press('ArrowRight');
      await eventually(async () => assert.equal(await page.getByRole('tab', { name: 'Info' }).getAttribute('aria-selected'), 'true'));
    } finally {
      await context.close();
    }
  });

  it('recording icon colours and toggle, bookmarks only while recording, keypad, announcements, hang-up', async () => {
    const shot = screenshotter('calls-controls-300x500');
    const { context, page, api } = await open(withCall(dialView(), callView('live')));
    try {
      const rec = page.getByTestId('recording');
      await rec.waitFor();
      assert.equal(await colour(rec), ORANGE);
      assert.equal(await rec.getAttribute('aria-pressed'), 'true');
      assert.equal(await rec.getAttribute('aria-label'), 'Recording');
      await button(page, 'Add bookmark').click();
      await eventually(async () => assert.deepEqual(api.commands.at(-1), { type: 'add-bookmark', interactionId: 'int_0001' }));
      await shot(page, 'recording-orange');

      await rec.click();
      await eventually(async () => assert.equal(await colour(rec), DARK_GREY));
      assert.deepEqual(api.commands.at(-1), { type: 'toggle-recording', interactionId: 'int_0001' });
      assert.equal(await rec.getAttribute('aria-pressed'), 'false');
      assert.equal(await rec.getAttribute('aria-label'), 'Recording paused');
      assert.equal(await button(page, 'Add bookmark').count(), 0, 'no bookmarks while not recording');
      await shot(page, 'recording-paused-dark-grey');

      // The campaign does not let the agent control recording: light grey, not clickable.
      const call = api.view.interaction!;
      api.push(
        'activity.changed',
        withCall(api.view, { ...call, recording: { ...call.recording, icon: 'disabled' }, capabilities: { ...call.capabilities, canToggleRecording: false } }),
      );
      await eventually(async () => assert.equal(await colour(rec), LIGHT_GREY));
      assert.equal(await rec.isDisabled(), true);
      assert.equal(await rec.getAttribute('aria-label'), 'Recording control disabled');
      await shot(page, 'recording-disabled-light-grey');

      // Hold and Resume swap by capabilities; Mute is a toggle button.
      await button(page, 'Hold').click();
      await button(page, 'Resume').waitFor();
      assert.equal(await button(page, 'Hold').count(), 0);
      await waitForText(page.locator('#call-title'), /On hold/);
      await button(page, 'Resume').click();
      await button(page, 'Hold').waitFor();
      await button(page, 'Mute').click();
      await button(page, 'Unmute').waitFor();
      assert.equal(await button(page, 'Unmute').getAttribute('aria-pressed'), 'true');
      await button(page, 'Unmute').click();
      await button(page, 'Mute').waitFor();
      assert.deepEqual(
        api.commands.filter((c) => c.type === 'hold' || c.type === 'resume' || c.type === 'mute'),
        [
          { type: 'hold', interactionId: 'int_0001' },
          { type: 'resume', interactionId: 'int_0001' },
          { type: 'mute', interactionId: 'int_0001', muted: true },
          { type: 'mute', interactionId: 'int_0001', muted: false },
        ],
      );

      // Keypad: a tone per key.
      await button(page, 'Keypad').click();
      await page.getByRole('group', { name: 'Send tones' }).getByRole('button', { name: '#', exact: true }).click();
      await eventually(async () => assert.deepEqual(api.commands.at(-1), { type: 'send-dtmf', interactionId: 'int_0001', digits: '#' }));
      // With focus in the pad, typing a digit presses it; other keys do nothing.
      await page.keyboard.press('x');
      await page.keyboard.press('7');
      await eventually(async () => assert.deepEqual(api.commands.at(-1), { type: 'send-dtmf', interactionId: 'int_0001', digits: '7' }));
      await button(page, 'Keypad').click();

      // Announcements: pick one, Play, the "Playing" notice with Stop.
      await page.getByLabel('Announcement').selectOption({ label: 'Recording notice' });
      await button(page, 'Play announcement').click();
      await waitForText(page.getByTestId('announcement'), /Playing: Recording notice/);
      assert.deepEqual(api.commands.at(-1), { type: 'play-announcement', interactionId: 'int_0001', announcementId: 'recording-notice' });
      await expectControlsNamed(page);
      await shot(page, 'announcement-playing');
      await button(page, 'Stop announcement').click();
      await eventually(async () => assert.equal(await page.getByTestId('announcement').count(), 0));
      assert.deepEqual(api.commands.at(-1), { type: 'stop-announcement', interactionId: 'int_0001' });

      const liveEdge = await edge(page.getByTestId('call'));
      await button(page, 'Hang up').click();
      await waitForText(page.locator('#call-title'), /Ended call/);
      assert.deepEqual(
        api.commands.find((c) => c.type === 'hang-up'),
        { type: 'hang-up', interactionId: 'int_0001' },
      );
      // Ended and live calls look different (manual: "Left: Ended call, Right: Ongoing call").
      assert.notEqual(await edge(page.getByTestId('call')), liveEdge);
      assert.equal(await page.getByTestId('call').getAttribute('data-presentation'), 'ended');
      await shot(page, 'ended');
    } finally {
      await context.close();
    }
  });

  it('wrap: countdown ticks, Extend once, Back to pick a pause, return and wrap with an outcome', async () => {
    const shot = screenshotter('calls-wrap-300x500');
    // The deadline is 25 s from here: the page, its login and first render take some of that.
    const made = Date.now();
    const { context, page, api } = await open(withCall(dialView(), wrapCall(25)));
    try {
      const seconds = page.getByTestId('countdown-seconds');
      const read = async () => Number(await seconds.textContent());
      const first = await read();
      const spent = Math.ceil((Date.now() - made) / 1000);
      assert.ok(first <= 25 && first >= 25 - spent - 1, `countdown starts at 25 s less the ${spent} s the page took, saw ${first}`);
      let later = first;
      await eventually(async () => {
        later = await read();
        assert.ok(later <= first - 2, `countdown decreases: ${first} then ${later}`);
      });
      assert.equal(await page.getByTestId('countdown-warning').textContent(), '', 'no announcement before 10 s');
      await shot(page, 'wrap-countdown');

      // Outcome required and none chosen yet: Wrap call waits.
      assert.equal(await button(page, 'Wrap call').isDisabled(), true);
      await button(page, 'Extend +30 seconds').click();
      await eventually(async () => assert.ok((await read()) > later + 20, 'extended by 30 s'));
      assert.deepEqual(api.commands.at(-1), { type: 'extend-wrap', interactionId: 'int_0001' });
      assert.equal(await page.getByRole('button', { name: /^Extend/ }).count(), 0, 'Extend only once');

      // Back: the main page, a pause goes pending, the call bar returns to wrap.
      await page.getByRole('button', { name: 'Back to the main page' }).click();
      const bar = page.getByTestId('call-bar');
      await waitForText(bar, /Return to wrap the call/);
      await page.locator('header .avatar').click();
      await page.getByRole('menuitemradio', { name: 'Lunch' }).click();
      await waitForText(page.getByTestId('pending-pause'), /Next: Lunch/);
      await expectControlsNamed(page);
      await shot(page, 'back-next-lunch');
      await bar.click();
      await waitForText(page.locator('#call-title'), /Ended call/);
      await page.getByLabel('Outcome').selectOption({ label: 'Follow-up' });
      await button(page, 'Wrap call').click();
      await eventually(async () => assert.deepEqual(api.commands.at(-1), { type: 'wrap', interactionId: 'int_0001', outcomeId: 'follow-up' }));
      await waitForText(page.getByTestId('status-text'), /Paused: Lunch/);
      assert.equal(await page.getByTestId('call').count(), 0);
      await shot(page, 'wrapped-paused');
    } finally {
      await context.close();
    }
  });

  it('auto-wrap warning is announced once at 10 s; the default outcome comes preselected', async () => {
    const { context, page } = await open(
      withCall(
        dialView(),
        wrapCall(12, {
          outcomes: [
            { id: 'resolved', name: 'Resolved', default: true },
            { id: 'follow-up', name: 'Follow-up', default: false },
          ],
        }),
      ),
    );
    try {
      const warning = page.getByTestId('countdown-warning');
      assert.equal(await warning.getAttribute('aria-live'), 'polite');
      assert.equal(await page.getByLabel('Outcome').inputValue(), 'resolved');
      assert.equal(await button(page, 'Wrap call').isDisabled(), false);
      await waitForText(warning, /10 seconds left/, 5000);
      const said = await warning.textContent();
      await page.waitForTimeout(1500);
      assert.equal(await warning.textContent(), said, 'the live text does not change every second');
    } finally {
      await context.close();
    }
  });
});
