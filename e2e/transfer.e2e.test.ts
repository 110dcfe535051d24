import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page, Route } from 'playwright-core';
import type { AgentView, Command } from '@switchboard/protocol';
import { launchChromium } from './support/chromium';
import { startServer, type RunningServer } from './support/server';
import { screenshotter } from './support/artifacts';
import { docShot } from './support/layout-checks';
import { expectControlsNamed, expectNoHorizontalScroll, logIn } from './support/adapter-page';
import { scriptApi } from './support/scripted-api';
import { dialView, withCall } from './support/call-views';
import { consultCall, destinations, party, transferableCall, transferScript } from './support/transfer-views';
import { eventually, waitForText } from './support/eventually';
import { focused } from './support/keyboard';

const button = (page: Page, name: string) => page.getByRole('button', { name, exact: true });
const ID = 'int_0001';
/** How often the open dialog asks again (DESTINATIONS_POLL_MS in the adapter). */
const DESTINATIONS_POLL_MS = 2000;

/**
 * Issue 18 in the adapter at the side panel's 320×500 against a scripted server: the Transfer
 * dialog (lists polled every 2 s while open, keyboard search), a consult through Ringing and
 * Talking, Merge lines, the parties list, Hang up → Leave; a refused command's toast; the
 * receiving agent's banner; numbers, workflows and the assisted transfer's keypad.
 */
describe('adapter transfers and conferences (scripted views, 320×500)', () => {
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

  /** A scripted server with the destinations route (counted) and commands that fail on demand. */
  async function open(initial: AgentView, fail: (c: Command) => { code: string; message: string } | null = () => null) {
    const context = await browser.newContext({ viewport: { width: 320, height: 500 } });
    const page = await context.newPage();
    const api = await scriptApi(page, initial, transferScript);
    const asked: string[] = [];
    const lists = destinations();
    await page.route('**/api/v1/calls/*/transfer-destinations', (route: Route) => {
      asked.push(new URL(route.request().url()).pathname);
      return route.fulfill({ json: lists });
    });
    // Registered after scriptApi, so it is asked first: a refusal here, else the script answers.
    await page.route('**/api/v1/agent/commands', (route: Route) => {
      const body = route.request().postDataJSON() as { command: Command };
      const refusal = fail(body.command);
      if (!refusal) return route.fallback();
      api.commands.push(body.command);
      return route.fulfill({ status: 409, json: { error: refusal } });
    });
    await page.goto(server.baseUrl + '/');
    await logIn(page, 'alice', 'demo1234');
    await page.getByTestId('status-text').waitFor();
    return { context, page, api, asked };
  }

  async function openTransfer(page: Page) {
    await button(page, 'More options').click();
    await button(page, 'Transfer call').click();
    const dialog = page.getByRole('dialog', { name: 'Transfer call' });
    await dialog.waitFor();
    return dialog;
  }

  it('Transfer → search and pick an agent → Consult; Ringing then Talking; Merge lines; three parties; Hang up → Leave', async () => {
    const shot = screenshotter('transfer-320x500');
    const { context, page, api, asked } = await open(withCall(dialView(), transferableCall()), (c) =>
      c.type === 'remove-party' ? { code: 'ACTION_NOT_ALLOWED', message: 'Bob Smith is the last party besides the caller' } : null,
    );
    try {
      // Escape closes the dialog and the lists stop being asked for.
      let dialog = await openTransfer(page);
      // The first request goes out in an effect after the dialog renders (an Escape before it would
      // unmount the dialog with nothing asked): wait for it, then close.
      await eventually(async () => assert.equal(asked.length, 1, 'the lists were asked for when it opened'));
      await page.keyboard.press('Escape');
      await eventually(async () => assert.equal(await dialog.count(), 0));
      const afterEscape = asked.length;
      await eventually(async () => assert.equal((await focused(page)).id, 'call-title', 'focus goes back to the call (the menu item is gone)'));

      dialog = await openTransfer(page);
      // The dialog shows before its first fetch goes out: wait for that one request.
      await eventually(async () => assert.equal(asked.length, afterEscape + 1, 'no request while closed; one on opening'));
      const opened = asked.length;
      assert.deepEqual(asked.at(-1), `/api/v1/calls/${ID}/transfer-destinations`);
      // Focus starts in the search box; the agents show state and a ticking time in state.
      await eventually(async () => assert.equal((await focused(page)).id, 'dest-search'));
      const list = page.getByRole('listbox');
      await waitForText(list, /Bob Smith\s*Available · 1:[12]\d/);
      await waitForText(list.getByRole('option', { name: /Carol Jones/ }), /Paused: Training · 10:[1-3]\d/);
      const bobTime = async () =>
        (await list
          .getByRole('option', { name: /Bob Smith/ })
          .locator('.dest-time')
          .textContent()) ?? '';
      const t1 = await bobTime();
      await eventually(async () => assert.notEqual(await bobTime(), t1, 'time in state ticks'), 3000);
      // Refreshed live: every 2 s while open (waited for, not slept: a loaded machine runs the page's timers late).
      await eventually(async () => assert.ok(asked.length - opened >= 2, `asked again every 2 s while open: ${asked.length - opened} more`), 4 * DESTINATIONS_POLL_MS);

      // Search by keyboard: "b" finds Bob and Dave Brown; arrows move, Enter picks.
      await page.keyboard.type('b');
      await eventually(async () => assert.deepEqual(await list.locator('.dest-name').allTextContents(), ['Bob Smith', 'Dave Brown']));
      await page.keyboard.press('ArrowDown');
      await eventually(async () => assert.equal(await page.locator('#dest-search').getAttribute('aria-activedescendant'), 'dest-list-agent-1'));
      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('Enter');
      await eventually(async () => assert.equal(await list.getByRole('option', { name: /Bob Smith/ }).getAttribute('aria-selected'), 'true'));
      await waitForText(page.getByTestId('dest-picked'), /To: Bob Smith/);
      assert.equal(api.commands.length, 0, 'Enter in the search box picks, it does not send');
      // An agent: Transfer or Consult, no Assisted transfer.
      const kinds = dialog.getByRole('radio');
      assert.deepEqual(await kinds.evaluateAll((els) => els.map((e) => (e as unknown as { value: string }).value)), ['blind', 'consult']);
      await dialog.getByRole('radio', { name: /^Consult/ }).check();
      await expectControlsNamed(page);
      await expectNoHorizontalScroll(page);
      await docShot(page, 'transfer-dialog');
      await shot(page, 'transfer-dialog');
      await button(page, 'Consult').click();
      await eventually(async () => assert.deepEqual(api.commands.at(-1), { type: 'transfer', interactionId: ID, kind: 'consult', to: { type: 'agent', agentId: 'agt_bob' } }));
      await eventually(async () => assert.equal(await dialog.count(), 0));

      // The consult: Ringing (only Cancel), then Talking with Transfer, Merge lines, Cancel.
      const consult = page.getByTestId('consult');
      await waitForText(consult.locator('h3'), /Consult: Bob Smith/);
      await waitForText(page.getByTestId('consult-phase'), /^Ringing$/);
      // Counted once the consult shows: a refresh the dialog sent while the Consult command was on
      // its way (before it closed) may reach the route a moment after the dialog is gone.
      const closedAt = asked.length;
      assert.equal(await button(page, 'Merge lines').count(), 0);
      await button(page, 'Cancel the consult').waitFor();
      await shot(page, 'consult-ringing');
      api.push('activity.changed', withCall(api.view, consultCall({ type: 'agent', id: 'agt_bob', label: 'Bob Smith' }, 'talking')));
      await waitForText(page.getByTestId('consult-phase'), /^Talking$/);
      await button(page, 'Transfer the caller to Bob Smith').waitFor();
      await button(page, 'Merge lines').waitFor();
      await expectControlsNamed(page);
      await expectNoHorizontalScroll(page);
      await docShot(page, 'consult');
      await shot(page, 'consult-talking');
      assert.equal(asked.length, closedAt, 'no list requests once the dialog closed');

      // Merge lines: a conference of three, listed with role and state.
      await button(page, 'Merge lines').click();
      await eventually(async () => assert.deepEqual(api.commands.at(-1), { type: 'merge', interactionId: ID }));
      const parties = page.getByTestId('party');
      await eventually(async () => assert.equal(await parties.count(), 3));
      assert.equal(await page.getByTestId('consult').count(), 0);
      const rows = async () =>
        Promise.all(
          (await parties.all()).map(async (p) => [
            await p.locator('.party-name').textContent(),
            (await p.locator('.party-who .muted').textContent())?.replace(/\s+/g, ' '),
            await p.getByRole('button').count(),
          ]),
        );
      assert.deepEqual(await rows(), [
        ['+61298765432', 'Caller · Connected', 2],
        ['Alice Nguyen (you)', 'Agent · Connected', 0],
        ['Bob Smith', 'Agent · Connected', 2],
      ]);
      await button(page, 'Hold Bob Smith').click();
      await eventually(async () => assert.deepEqual(api.commands.at(-1), { type: 'hold-party', interactionId: ID, partyId: 'p_agt_bob', held: true }));
      await button(page, 'Resume Bob Smith').waitFor();
      await button(page, 'Conference in someone else').waitFor();
      await expectControlsNamed(page);
      await expectNoHorizontalScroll(page);
      await docShot(page, 'conference');
      await shot(page, 'conference');

      // "Conference in someone else": the same destination picker, no kind, sent as add-party.
      await button(page, 'Conference in someone else').click();
      const add = page.getByRole('dialog', { name: 'Conference in someone else' });
      await add.waitFor();
      assert.equal(await add.getByRole('radio').count(), 0, 'no kind when adding a party');
      assert.deepEqual(await add.getByLabel('Who joins', { exact: true }).locator('option').allTextContents(), ['Another agent', 'A phone number'], 'a workflow cannot join');
      await eventually(async () => assert.equal((await focused(page)).id, 'dest-search'));
      await page.keyboard.type('dave');
      await page.keyboard.press('Enter');
      await waitForText(add.getByTestId('dest-picked'), /To: Dave Brown/);
      await button(page, 'Add to call').click();
      await eventually(async () => assert.deepEqual(api.commands.at(-1), { type: 'add-party', interactionId: ID, to: { type: 'agent', agentId: 'agt_dave' } }));
      await eventually(async () => assert.equal(await add.count(), 0));
      await eventually(async () => assert.equal((await focused(page)).name, 'Conference in someone else', 'focus back on the button that opened it'));

      // A refused command: a toast with the server's message.
      await button(page, 'Remove Bob Smith').click();
      await waitForText(page.getByRole('alert').filter({ hasText: 'last party' }), /Bob Smith is the last party besides the caller/);
      assert.deepEqual(api.commands.at(-1), { type: 'remove-party', interactionId: ID, partyId: 'p_agt_bob' });
      await eventually(async () => assert.equal(await parties.count(), 3, 'nothing changed'));
      await shot(page, 'remove-refused-toast');

      await page.getByTestId('toasts').getByRole('button', { name: 'Dismiss notification' }).click();
      // Hang up asks Leave / Terminate: focus on Leave, trapped inside, Escape cancels.
      const hangUp = button(page, 'Hang up');
      await hangUp.click();
      const leave = page.getByRole('dialog', { name: 'Hang up' });
      await leave.waitFor();
      await eventually(async () => assert.equal((await focused(page)).name, 'Leave'));
      const ring: string[] = [];
      for (let i = 0; i < 4; i++) {
        await page.keyboard.press('Tab');
        ring.push((await focused(page)).name);
      }
      assert.deepEqual(ring, ['Terminate', 'Cancel', 'Leave', 'Terminate'], 'Tab stays in the dialog');
      await page.keyboard.press('Shift+Tab');
      await page.keyboard.press('Shift+Tab');
      assert.equal((await focused(page)).name, 'Cancel', 'Shift+Tab wraps backwards');
      await page.keyboard.press('Escape');
      await eventually(async () => assert.equal(await leave.count(), 0));
      await eventually(async () => assert.equal((await focused(page)).name, 'Hang up', 'focus returns to Hang up'));
      assert.ok(!api.commands.some((c) => c.type === 'leave-conference' || c.type === 'terminate-conference' || c.type === 'hang-up'));
      await page.keyboard.press('Enter');
      await leave.waitFor();
      await expectControlsNamed(page);
      await docShot(page, 'leave-dialog');
      await shot(page, 'leave-dialog');
      await page.keyboard.press('Enter');
      await eventually(async () => assert.deepEqual(api.commands.at(-1), { type: 'leave-conference', interactionId: ID }));
      await waitForText(page.locator('#call-title'), /Ended call/);
      await shot(page, 'left-wrap');
    } finally {
      await context.close();
    }
  });

  it('a phone number (campaign list or typed, checked like manual dial), a workflow with Assisted transfer and its keypad, a failed consult', async () => {
    const shot = screenshotter('transfer-number-workflow-320x500');
    const { context, page, api } = await open(withCall(dialView(), transferableCall()), (c) =>
      c.type === 'transfer' && c.to.type === 'number' && c.to.number === '0299' ? { code: 'INVALID_PHONE_NUMBER', message: '0299 is too short for AU' } : null,
    );
    try {
      let dialog = await openTransfer(page);
      await dialog.getByLabel('Transfer to', { exact: true }).selectOption({ label: 'A phone number' });
      const list = dialog.getByRole('listbox');
      await eventually(async () => assert.deepEqual(await list.locator('.dest-name').allTextContents(), ['Billing desk', 'After hours']));
      await waitForText(list, /Billing desk\s*\+61290000099/);
      // Typed: letters are dropped; too short is said once the field is left, and nothing can be sent.
      const other = dialog.getByLabel('Other number');
      await other.fill('02a');
      assert.equal(await other.inputValue(), '02');
      await other.press('Tab');
      await waitForText(dialog.locator('#dest-number-error'), /That number is too short/);
      assert.equal(await other.getAttribute('aria-invalid'), 'true');
      assert.equal(await button(page, 'Transfer').isDisabled(), true);
      await shot(page, 'number-too-short');
      // One the page lets through but the server refuses: the server's message, the dialog stays.
      await other.fill('0299');
      await button(page, 'Transfer').click();
      await waitForText(page.getByTestId('transfer-failure'), /0299 is too short for AU/);
      await waitForText(page.getByTestId('toasts'), /0299 is too short for AU/);
      await shot(page, 'number-refused');
      // A campaign number by keyboard: search its digits, Enter.
      await other.fill('');
      await dialog.locator('#dest-search').fill('0100');
      await dialog.locator('#dest-search').press('Enter');
      await waitForText(page.getByTestId('dest-picked'), /To: After hours/);
      await dialog.getByRole('radio', { name: /^Consult/ }).check();
      await button(page, 'Consult').click();
      await eventually(async () => assert.deepEqual(api.commands.at(-1), { type: 'transfer', interactionId: ID, kind: 'consult', to: { type: 'number', number: '+61290000100' } }));
      await waitForText(page.getByTestId('consult').locator('h3'), /Consult: After hours/);

      // Back to the caller, then a workflow: Assisted transfer is offered, with its keypad.
      await button(page, 'Cancel the consult').click();
      await eventually(async () => assert.deepEqual(api.commands.at(-1), { type: 'cancel-consult', interactionId: ID }));
      await page.getByTestId('consult').waitFor({ state: 'detached' });
      dialog = await openTransfer(page);
      await dialog.getByLabel('Transfer to', { exact: true }).selectOption({ label: 'A workflow' });
      await dialog.locator('#dest-search').fill('pay');
      await dialog.locator('#dest-search').press('Enter');
      await waitForText(page.getByTestId('dest-picked'), /To: Payments/);
      assert.deepEqual(await dialog.getByRole('radio').evaluateAll((els) => els.map((e) => (e as unknown as { value: string }).value)), ['blind', 'assisted']);
      await dialog.getByRole('radio', { name: /^Assisted transfer/ }).check();
      await button(page, 'Assisted transfer').click();
      await eventually(async () =>
        assert.deepEqual(api.commands.at(-1), { type: 'transfer', interactionId: ID, kind: 'assisted', to: { type: 'workflow', workflowId: 'payments' } }),
      );
      const keypad = page.getByRole('group', { name: 'Keypad to the workflow' });
      await keypad.waitFor();
      assert.equal(await button(page, 'Keypad').count(), 0, 'one keypad: the workflow’s');
      await keypad.getByRole('button', { name: '4', exact: true }).click();
      await page.keyboard.press('#');
      await eventually(async () =>
        assert.deepEqual(
          api.commands.filter((c) => c.type === 'send-dtmf'),
          [
            { type: 'send-dtmf', interactionId: ID, digits: '4' },
            { type: 'send-dtmf', interactionId: ID, digits: '#' },
          ],
        ),
      );
      await expectControlsNamed(page);
      await expectNoHorizontalScroll(page);
      await shot(page, 'assisted-keypad');

      // A consult waiting in the target's team queue ticks; a failed one says why.
      const to = { type: 'agent' as const, id: 'agt_carol', label: 'Carol Jones' };
      const waiting = consultCall(to, 'waiting');
      api.push('activity.changed', withCall(api.view, { ...waiting, transfer: { ...waiting.transfer!, since: new Date(Date.now() - 12_000).toISOString() } }));
      await waitForText(page.getByTestId('consult-phase'), /^Waiting in queue$/);
      await waitForText(page.getByTestId('consult-wait'), /0:1[2-4]/);
      await waitForText(page.getByTestId('consult-wait'), /0:1[4-6]/, 4000);
      await shot(page, 'consult-waiting');
      api.push('activity.changed', withCall(api.view, consultCall(to, 'failed', 'consult', 'No answer')));
      await waitForText(page.getByTestId('consult-phase'), /^Failed: No answer$/);
      assert.equal(await button(page, 'Merge lines').count(), 0);
      await shot(page, 'consult-failed');
    } finally {
      await context.close();
    }
  });

  it('the receiving agent sees who transferred the call, how, and their notes read-only; the IVR data as before', async () => {
    const shot = screenshotter('transferred-320x500');
    const call = transferableCall({
      transferredFrom: { kind: 'consult', agentId: 'agt_bob', agentName: 'Bob Smith', notes: 'Wants a refund on order 556677.\nAlready verified.', at: new Date().toISOString() },
      parties: [party('p_customer', 'customer', '+61298765432'), party('p_alice', 'agent', 'Alice Nguyen', { me: true })],
    });
    const { context, page } = await open(withCall(dialView(), call));
    try {
      const banner = page.getByTestId('transferred-from');
      await waitForText(banner, /Transferred by Bob Smith \(consult\)/);
      const notes = page.getByTestId('transferred-notes');
      assert.equal(await notes.isVisible(), false, 'the notes open on demand');
      await page.getByText('Notes from Bob Smith').click();
      await waitForText(notes, /Wants a refund on order 556677\.\s*Already verified\./);
      assert.equal(await notes.evaluate((el) => (el as unknown as { isContentEditable: boolean }).isContentEditable), false);
      assert.equal(await banner.locator('textarea, input').count(), 0, 'read-only');
      assert.equal(await page.getByTestId('parties').count(), 0, 'two parties: no list');
      await page.getByRole('button', { name: 'Show data entered in the IVR' }).waitFor();
      await expectControlsNamed(page);
      await expectNoHorizontalScroll(page);
      await shot(page, 'transferred-banner');
    } finally {
      await context.close();
    }
  });
});
