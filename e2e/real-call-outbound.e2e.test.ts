import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { launchChromium } from './support/chromium';
import { eventually, waitForText } from './support/eventually';
import { screenshotter } from './support/artifacts';
import { realPorts, startRealServer, type RealServer } from './support/real-server';
import { type Baresip, agentPhone, toneWavs, waitHeard } from './support/real-phones';
import { SLOW, callTitle, connectCallMe, goAvailable, infoRows, openAgent, presenceOf, type AgentTab } from './support/real-agent';

// Ports: block 2 of e2e/support/real-server.ts (36800-37199). Numbers: the sandbox's demo plan
// (telephony's SANDBOX_DEMO_NUMBERS, packages/telephony/README.md); a number that never answers rings 6 s here.
const ports = realPorts(2);
/** The sandbox's answering number plays 1 kHz. */
const SANDBOX_HZ = 1000;

describe('manual outbound calls from the adapter through the sandbox carrier, alice on a real phone', () => {
  let srv: RealServer;
  let browser: Browser;
  let phone: Baresip;
  let alice: AgentTab;

  before(async () => {
    const wavs = toneWavs('outbound');
    srv = await startRealServer({ ports, engine: { trunkRingSeconds: 6 } });
    phone = agentPhone('alice', ports.phones[0], wavs.agent);
    await phone.start();
    browser = await launchChromium();
    alice = await openAgent(browser, srv, 'alice');
    await connectCallMe(alice, phone.uri, true);
    await phone.waitEvent('CALL_ESTABLISHED', SLOW);
  });
  after(async () => {
    await alice?.context.close();
    await browser?.close();
    await phone?.stop();
    await srv?.dispose();
  });

  const toastWith = (text: string) => alice.page.getByRole('alert').filter({ hasText: text });

  /** Types the number, picks the campaign (label) and presses Call now. */
  async function dial(number: string, campaign: string): Promise<void> {
    const pad = alice.page.getByTestId('dial-pad');
    await pad.waitFor({ timeout: SLOW });
    await alice.page.getByLabel('Number to call').fill(number);
    await alice.page.getByRole('combobox', { name: 'Campaign', exact: true }).selectOption({ label: campaign });
    await alice.page.getByRole('button', { name: 'Call now', exact: true }).click();
  }

  async function dismissToasts(): Promise<void> {
    const close = alice.page.getByRole('button', { name: 'Dismiss notification' });
    while ((await close.count()) > 0) await close.first().click();
  }

  it('busy, never answers, invalid, badly formatted: the right toast each time; presence, activity and the phone line unchanged (paused, then available)', async () => {
    const shot = screenshotter('real-call-outbound');
    const failing: Array<[string, string]> = [
      ['0491 570 200', 'Called party is busy'],
      ['0491 570 300', 'Called party did not answer the call'],
      ['0491 570 400', 'You dialled an invalid number or incorrect number format'],
    ];
    for (const presence of ['paused:Not Ready', 'available']) {
      if (presence === 'available') await goAvailable(alice);
      assert.equal(presenceOf(alice.view()), presence);
      for (const [number, message] of failing) {
        await dismissToasts();
        await dial(number, 'Skip campaign');
        await waitForText(toastWith(message), new RegExp(message), SLOW);
        await eventually(async () => assert.equal(alice.view().activity, 'idle'), SLOW);
        assert.equal(presenceOf(alice.view()), presence, `presence unchanged after ${number}`);
        assert.equal(alice.view().voice.status, 'connected', 'the agent line survives a failed call');
        assert.equal(alice.view().interaction ?? null, null);
        await alice.page.getByTestId('dial-pad').waitFor({ timeout: SLOW });
        // Each message is its own: no other failure toast is showing.
        for (const [, other] of failing) if (other !== message) assert.equal(await toastWith(other).count(), 0, `${number}: no "${other}"`);
      }
      if (presence === 'paused:Not Ready') await shot(alice.page, 'failure-toast');
    }

    // A number that is not a phone number is refused before anything rings.
    await dismissToasts();
    const calls = srv.tel.desk.size;
    await dial('12', 'Skip campaign');
    await waitForText(toastWith('The number is too short'), /too short/, SLOW);
    assert.equal(srv.tel.desk.size, calls, 'no call was placed');
    assert.equal(presenceOf(alice.view()), 'available');
    assert.equal(alice.view().activity, 'idle');
  });

  it('a number that answers after 3 s: Dialling, then the live call with OUT in Info and the far end heard on her phone; hang up, wrap, the record', async () => {
    await dismissToasts();
    await dial('0491 570 503', 'Sales');
    await callTitle(alice, /Dialling/);
    assert.equal(alice.view().interaction?.state, 'dialling');
    assert.equal(await alice.page.getByRole('button', { name: 'Hold', exact: true }).count(), 0, 'Hang up only while dialling');
    await waitForText(alice.page.getByTestId('call'), /\+61491570503\s*Outbound · Sales/);
    await eventually(async () => assert.equal(alice.view().interaction?.state, 'connected'), SLOW);
    await callTitle(alice, /Ongoing call/);
    const v = alice.view().interaction!;
    const rows = new Map(await infoRows(alice.page));
    assert.equal(rows.get('Interaction ID'), v.id);
    assert.equal(rows.get('Call Type'), 'OUT');
    assert.equal(rows.get('Campaign'), 'Sales');
    assert.equal(rows.get('Customer Phone Number'), '+61491570503', "normalised to E.164 with the agent's region");
    assert.equal(rows.has('Time in queue'), false, 'no queue for an outbound call');
    const fromFar = await waitHeard(phone, SANDBOX_HZ, 1.5);
    assert.ok(fromFar >= 1.5, `alice's phone heard the answering number's ${SANDBOX_HZ} Hz (${fromFar.toFixed(2)} s)`);
    assert.equal(presenceOf(alice.view()), 'available', 'presence is not changed by dialling');
    assert.equal(alice.view().activity, 'on-call');

    await alice.page.getByRole('button', { name: 'Hang up', exact: true }).click();
    await callTitle(alice, /Ended call/);
    const wrap = alice.view().interaction!.wrap!;
    if (wrap.outcomes.length) await alice.page.getByLabel('Outcome').selectOption({ index: wrap.outcomes.length - 1 });
    await alice.page.getByRole('button', { name: 'Wrap call', exact: true }).click();
    await eventually(async () => assert.equal(await alice.page.getByTestId('call').count(), 0), SLOW);
    assert.equal(presenceOf(alice.view()), 'available');
    const r = (await srv.record(v.id))!;
    assert.deepEqual([r.final, r.direction, r.customerNumber, r.campaignId, r.agentId, r.endCause], [true, 'OUT', '+61491570503', 'sales-outbound', 'alice', 'agent-hangup']);
  });
});
