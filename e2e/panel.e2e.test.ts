import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import type { AgentView, CallView, Command } from '@switchboard/protocol';
import { launchChromium } from './support/chromium';
import { startServer, type RunningServer } from './support/server';
import { expectControlsNamed, expectNoHorizontalScroll, logIn } from './support/adapter-page';
import { baseView, scriptApi, type ScriptOptions } from './support/scripted-api';
import { callView, dialView, withCall, wrapCall } from './support/call-views';
import { eventually, waitForText } from './support/eventually';
import { boxOf, controlsUnderToasts, docShot, scrollToEnd, wordsSplitAcrossLines } from './support/layout-checks';

/**
 * Issue 14 (items 2, 5, 7): the panel at the CRM side panel's 320×520, against scripted
 * views (the real server serves the adapter and its login; the API is scripted in the page).
 */
const PANEL = { width: 320, height: 520 };
const button = (page: Page, name: string) => page.getByRole('button', { name, exact: true });

/** The server's answers for the call commands these tests send. */
function script(c: Command, v: AgentView): AgentView {
  const call = v.interaction ?? null;
  const set = (over: Partial<CallView>): AgentView => withCall(v, { ...call!, ...over });
  switch (c.type) {
    case 'mute':
      return set({ muted: c.muted });
    case 'hold':
      return set({ held: true, capabilities: { ...call!.capabilities, canHold: false, canResume: true } });
    case 'add-bookmark':
      return set({ recording: { ...call!.recording, markers: [...call!.recording.markers, { kind: 'manual', label: 'Manual', offsetMs: 83_400, at: new Date().toISOString() }] } });
    case 'dial':
      return withCall(v, callView('dialling', { direction: 'OUT', customerNumber: c.number }));
    case 'connect-voice':
      return {
        ...v,
        voice: { ...v.voice, status: 'connecting', method: 'call-in', callIn: { dialNumber: '+61290000000', agentNumber: '1001', pin: '4821' } },
        allowed: ['disconnect-voice', 'skip-voice', 'sign-out'],
      };
    case 'disconnect-voice':
      return { ...v, voice: { ...v.voice, status: 'none', method: null, number: null }, dot: 'red', statusText: 'Disconnected', allowed: ['connect-voice', 'pause', 'sign-out'] };
    default:
      return v;
  }
}

describe('the panel at 320×520 (issue 14: mute, header activity, toasts, dialogs, keypad)', () => {
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

  async function open(initial: AgentView, opts: ScriptOptions = {}) {
    const context = await browser.newContext({ viewport: PANEL });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    const api = await scriptApi(page, initial, script, opts);
    await page.goto(server.baseUrl + '/');
    await logIn(page, 'alice', 'demo1234');
    await page.getByTestId('status-text').waitFor();
    return { context, page, api, errors };
  }

  it("Mute and Unmute show the server's answer at once, though the answer keeps the seq and no event follows", async () => {
    // The real server answers a call-only change at the session's current seq.
    const { context, page, api, errors } = await open(withCall(baseView(), callView('live')), { quiet: (c) => c.type === 'mute' });
    try {
      await button(page, 'Mute').click();
      await button(page, 'Unmute').waitFor({ timeout: 2000 });
      assert.equal(await button(page, 'Unmute').getAttribute('aria-pressed'), 'true');
      await button(page, 'Unmute').click();
      await button(page, 'Mute').waitFor({ timeout: 2000 });
      assert.equal(await button(page, 'Mute').getAttribute('aria-pressed'), 'false');
      assert.equal(api.view.interaction?.muted, false);
      // A later change pushed at the same seq (as the server publishes a call change) still shows.
      api.snapshot(withCall(api.view, { ...api.view.interaction!, muted: true }));
      await button(page, 'Unmute').waitFor({ timeout: 2000 });
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });

  it('the header says what the agent is doing beside the chosen state, and stays on screen while the call scrolls', async () => {
    const { context, page, api } = await open(withCall(baseView(), callView('ringing')));
    const activity = page.getByTestId('header-activity');
    try {
      await waitForText(activity, /^Ringing$/);
      await waitForText(page.getByTestId('status-text'), /^Available$/);

      api.push('activity.changed', withCall(api.view, callView('live')));
      await waitForText(activity, /^On call$/);
      await eventually(async () => assert.match(await page.title(), /^On call · Available · Switchboard$/));
      // The header is sticky: scrolled to the end of the call screen, it is still at the top.
      await scrollToEnd(page);
      await button(page, 'Hang up').waitFor();
      const bar = await boxOf(page, 'header.bar');
      assert.ok(bar.top >= 0 && bar.top < 40, `the header stays at the top (top ${bar.top})`);
      await expectNoHorizontalScroll(page);
      await docShot(page, 'on-call-sticky-header');

      await button(page, 'Hold').click();
      await waitForText(activity, /^On hold$/);

      api.push('activity.changed', withCall(api.view, wrapCall(75)));
      await waitForText(activity, /^Wrap 1:1[45]$/);
      await eventually(async () => assert.match((await activity.textContent()) ?? '', /^Wrap 1:1[0-3]$/), 4000);

      api.push('activity.changed', withCall(api.view, callView('dialling', { direction: 'OUT' })));
      await waitForText(activity, /^Dialling$/);

      api.push('activity.changed', withCall(api.view, null));
      await eventually(async () => assert.equal(await activity.count(), 0, 'idle: the chosen state alone'));
      // The title follows in an effect after the render: wait for it rather than race it.
      await eventually(async () => assert.match(await page.title(), /^Available · Switchboard$/));
    } finally {
      await context.close();
    }
  });

  it('toasts cover no control: the manual dial form, the campaign list, the call-in Cancel and Skip', async () => {
    const { context, page, api } = await open(dialView());
    try {
      await page.getByTestId('dial-pad').waitFor();
      const failures = ['Called party did not answer the call', 'Invalid number or incorrect number format'];
      for (const message of failures) {
        api.push('notice', api.view, { level: 'error', code: 'NO_ANSWER', message });
        await waitForText(page.getByRole('alert').filter({ hasText: message }), new RegExp(message));
      }
      assert.deepEqual(await controlsUnderToasts(page), [], 'at the top of the page');
      await button(page, 'Call now').scrollIntoViewIfNeeded();
      assert.deepEqual(await controlsUnderToasts(page), [], 'Call now in view');
      await scrollToEnd(page);
      await page.getByRole('heading', { name: 'Campaigns' }).waitFor();
      assert.deepEqual(await controlsUnderToasts(page), [], 'scrolled to the campaign list');
      // Every control can still be reached and clicked with the toasts up.
      await button(page, 'Call now').scrollIntoViewIfNeeded();
      await page.getByLabel('Number to call').fill('0412345678');
      await docShot(page, 'toast-over-manual-dial');
      await button(page, 'Call now').click({ trial: true, timeout: 2000 });

      // Call in to connect: the instructions' Cancel and Skip with a toast up.
      const calledIn: AgentView = {
        ...baseView(),
        voice: { ...baseView().voice, status: 'none', method: null, number: null, prompt: true },
        dot: 'red',
        statusText: 'Disconnected',
        allowed: ['connect-voice', 'skip-voice', 'sign-out'],
      };
      api.push('voice.changed', calledIn);
      await page.getByRole('heading', { name: 'Phone Connection' }).waitFor();
      await page.getByLabel('Call in to connect').check();
      await button(page, 'Connect').click();
      await waitForText(page.getByTestId('call-in-agent'), /^1001$/);
      api.push('notice', api.view, { level: 'info', code: 'VOICE_DIALLING', message: 'Dial +61290000000, then key 1001# and the PIN 4821#.' });
      await page.getByText('Dial +61290000000, then key').waitFor();
      await scrollToEnd(page);
      await button(page, 'Skip').waitFor();
      assert.deepEqual(await controlsUnderToasts(page), [], 'call-in Cancel and Skip');
      await button(page, 'Skip').click({ trial: true, timeout: 2000 });
    } finally {
      await context.close();
    }
  });

  // What the demo's IVR keeps (short: the dialog once shrank to fit it and split "account"),
  // and longer entries a real workflow might keep.
  const IVR_SETS: ReadonlyArray<[string, Array<[string, string]>]> = [
    [
      'demo',
      [
        ['account', '4321'],
        ['menu', '2'],
      ],
    ],
    [
      'long',
      [
        ['Reason for calling', 'Billing enquiry about international roaming charges on the latest statement'],
        ['Preferred communication channel', 'Telephone, afternoons; correspondence by email'],
      ],
    ],
  ];
  for (const [name, entries] of IVR_SETS) {
    it(`the IVR data dialog keeps words whole (${name} data)`, async () => {
      const call = callView('live', { ivrData: entries.map(([label, value]) => ({ label, value, at: new Date(0).toISOString() })) });
      const { context, page } = await open(withCall(baseView(), call));
      try {
        await page.getByRole('button', { name: 'Show data entered in the IVR' }).click();
        const dialog = page.getByRole('dialog', { name: 'IVR data' });
        await dialog.waitFor();
        await waitForText(dialog, new RegExp(entries[0]![1]));
        assert.deepEqual(await wordsSplitAcrossLines(page, 'dialog[open] dl'), [], 'no word broken over two lines');
        const box = await boxOf(page, 'dialog[open]');
        assert.ok(box.left >= 0 && box.right <= PANEL.width, `the dialog fits the panel (${JSON.stringify(box)})`);
        await expectControlsNamed(page);
        if (name === 'demo') await docShot(page, 'ivr-data-dialog');
      } finally {
        await context.close();
      }
    });
  }

  it('Add bookmark says where in the recording the bookmark landed', async () => {
    const { context, page } = await open(withCall(baseView(), callView('live')), { quiet: (c) => c.type === 'add-bookmark' });
    try {
      await button(page, 'Add bookmark').click();
      await waitForText(page.getByTestId('toasts'), /Bookmark added at 1:23 in the recording\./);
      assert.deepEqual(await controlsUnderToasts(page), []);
    } finally {
      await context.close();
    }
  });

  it('auto-wrap running out says which outcome was applied', async () => {
    const { context, page, api } = await open(
      withCall(
        baseView(),
        wrapCall(2, {
          outcomes: [
            { id: 'resolved', name: 'Resolved', default: true },
            { id: 'follow-up', name: 'Follow-up', default: false },
          ],
        }),
      ),
    );
    try {
      await page.getByTestId('countdown').waitFor();
      await eventually(async () => assert.equal(await page.getByTestId('countdown-seconds').textContent(), '0'), 5000);
      // The server applied the campaign's default outcome and released the agent.
      api.push('activity.changed', withCall(api.view, null));
      await waitForText(page.getByTestId('toasts'), /Wrap time ran out: the call was wrapped with the outcome "Resolved"\./);
    } finally {
      await context.close();
    }
  });

  it('/favicon.ico is served: no page load ends in a 404', async () => {
    const res = await fetch(server.baseUrl + '/favicon.ico');
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /^image\//);
    assert.ok((await res.arrayBuffer()).byteLength > 0);
    const context = await browser.newContext({ viewport: PANEL });
    try {
      const page = await context.newPage();
      const missing: string[] = [];
      page.on('response', (r) => r.status() === 404 && missing.push(r.url()));
      for (const path of ['/']) {
        await page.goto(server.baseUrl + path);
        await page.waitForLoadState('networkidle');
      }
      assert.deepEqual(missing, []);
    } finally {
      await context.close();
    }
  });

  it('Web Connect lost in a reload mid-call: the page does not say "Phone connected"; the path is dropped once the call is done', async () => {
    const web: AgentView = { ...baseView(), voice: { ...baseView().voice, method: 'web', number: null }, allowed: ['pause', 'sign-out'] };
    const { context, page, api } = await open(withCall(web, callView('live')));
    try {
      await waitForText(page.getByTestId('web-lost'), /Web Connect ended when the page was reloaded\.\s*The caller cannot hear you/);
      await page.getByRole('img', { name: 'Phone not connected' }).waitFor();
      await waitForText(page.getByTestId('toasts'), /Finish the call, then press Connect Voice/);
      assert.equal(api.commands.filter((c) => c.type === 'disconnect-voice').length, 0, 'not allowed during the call');
      // The call is wrapped: the server allows dropping the path now, and the page does.
      api.push('activity.changed', { ...withCall(api.view, null), allowed: ['disconnect-voice', 'pause', 'sign-out'] });
      await eventually(async () => assert.deepEqual(api.commands.at(-1), { type: 'disconnect-voice' }));
      await button(page, 'Connect Voice').waitFor();
      assert.equal(await page.getByTestId('web-lost').count(), 0);
    } finally {
      await context.close();
    }
  });

  it('the dial pad is one tab stop; the arrow keys move inside it', async () => {
    const { context, page } = await open(dialView());
    try {
      const number = page.getByLabel('Number to call');
      await number.focus();
      const focused = () => page.evaluate(`document.activeElement.id || document.activeElement.textContent`);
      await page.keyboard.press('Tab');
      assert.equal(await focused(), '1', 'Tab enters the pad at its first key');
      await page.keyboard.press('Tab');
      assert.equal(await focused(), 'dial-campaign', 'one more Tab leaves the pad');
      await page.keyboard.press('Shift+Tab');
      assert.equal(await focused(), '1');
      await page.keyboard.press('ArrowRight');
      await page.keyboard.press('ArrowDown');
      assert.equal(await focused(), '5');
      await page.keyboard.press('Enter');
      await page.keyboard.press('End');
      assert.equal(await focused(), '#');
      await page.keyboard.press('ArrowUp');
      await page.keyboard.press('Space');
      assert.equal(await number.inputValue(), '59');
      // Tab out and back: the pad remembers the last key.
      await page.keyboard.press('Tab');
      await page.keyboard.press('Shift+Tab');
      assert.equal(await focused(), '9');
    } finally {
      await context.close();
    }
  });
});
