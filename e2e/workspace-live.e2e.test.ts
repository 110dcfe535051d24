import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium } from './support/chromium';
import { eventually, waitForText } from './support/eventually';
import { screenshotter } from './support/artifacts';
import { startRealServer, type RealPorts, type RealServer } from './support/real-server';
import { join } from 'node:path';
import { makeToneWav, tempDir } from '@switchboard/testkit';
import { type Baresip, AGENT_HZ, CALLER_HZ, agentPhone, callCareLine, callerPhone, heard, toneWavs, waitHeard } from './support/real-phones';

/** Sam's browser microphone (Chromium's fake capture from a file) for Web Connect: apart from 500 Hz and 1 kHz. */
const MIC_HZ = 2300;
import { SLOW, callTitle, connectCallMe, goAvailable, openAgent, type AgentTab } from './support/real-agent';

/** A second supervisor of alice's team: she sees sam's monitoring on her own floor. */
const TESS = '  - username: tess\n    displayName: Tess Lead\n    role: supervisor\n    team: care\n    password: demo1234\n';

// Ports: this file's own block, 46500-46899 (laid out as e2e/support/real-server.ts's blocks).
const B = 46500;
const ports: RealPorts = {
  sip: B + 90,
  sandbox: B + 91,
  rtp: { min: B + 300, max: B + 369 },
  sandboxRtp: { min: B + 370, max: B + 399 },
  phones: [B, B + 100, B + 200],
};

/**
 * The supervisor's workspace against a real call: the floor follows alice's state and a real
 * caller queueing over the floor WebSocket, and a Request assistance sent from alice's adapter
 * reaches sam's inbox, is marked viewed, and alice is told; from it sam listens to the call on
 * his own phone, whispers from the agents table, and stops: his controls and tess's (a second
 * supervisor's) "being monitored" mark follow the floor stream, nobody polls the monitor status.
 */
describe('supervisor workspace live: floor over the WebSocket with a real queued call; Request assistance both ways', () => {
  let srv: RealServer;
  let browser: Browser;
  let alicePhone: Baresip;
  let caller: Baresip;
  let samPhone: Baresip;
  let alice: AgentTab;
  let samContext: BrowserContext;
  let sam: Page;
  let tessContext: BrowserContext | undefined;
  let tess: Page;
  /** Requests to a call's monitor URL, from sam's and tess's pages (method, who). */
  const monitorRequests: string[] = [];

  before(async () => {
    const wavs = toneWavs('workspace-live');
    srv = await startRealServer({ ports, workspaceUi: true, workspace: (yaml) => yaml.replace('  - username: admin\n', `${TESS}  - username: admin\n`) });
    alicePhone = agentPhone('alice', ports.phones[0], wavs.agent);
    caller = callerPhone(ports.phones[1], ports.sip, wavs.caller);
    // Sam's phone for Listen / Whisper / Barge (it sends the agents' tone too: only what it hears is checked).
    samPhone = agentPhone('sam', ports.phones[2], wavs.agent);
    await Promise.all([alicePhone.start(), caller.start(), samPhone.start()]);
    const mic = join(tempDir('workspace-live-mic'), 'mic.wav');
    makeToneWav(mic, MIC_HZ, 60);
    browser = await launchChromium([
      '--use-fake-device-for-media-stream',
      '--use-fake-ui-for-media-stream',
      `--use-file-for-fake-audio-capture=${mic}`,
      '--allow-loopback-in-peer-connection',
      '--autoplay-policy=no-user-gesture-required',
    ]);
    samContext = await browser.newContext({ viewport: { width: 1024, height: 768 } });
    sam = await samContext.newPage();
    await sam.goto(srv.baseUrl + '/workspace/');
    await sam.getByLabel('Username').fill('sam');
    await sam.getByLabel('Password').fill('demo1234');
    await sam.getByRole('button', { name: 'Log in' }).click();
    await sam.getByRole('table', { name: /Queues/ }).waitFor({ timeout: SLOW });
    sam.on('request', (r) => {
      if (r.url().includes('/monitor')) monitorRequests.push(`sam ${r.method()}`);
    });
  });
  after(async () => {
    await alice?.context.close();
    await samContext?.close();
    await tessContext?.close();
    await browser?.close();
    await Promise.all([alicePhone?.stop(), caller?.stop(), samPhone?.stop()]);
    await srv?.dispose();
  });

  it('the floor shows alice change state and a caller queue, live, without polling', async () => {
    const shot = screenshotter('workspace-live');
    const care = sam.getByTestId('queue-row-care-queue');
    await waitForText(care.getByTestId('queue-waiting'), /^0$/, SLOW);
    // Nothing is fetched again: the page follows the floor socket only.
    const polled: string[] = [];
    sam.on('request', (r) => {
      if (r.url().includes('/api/v1/floor')) polled.push(r.url());
    });

    alice = await openAgent(browser, srv, 'alice');
    const row = sam.getByTestId('agent-row-alice');
    await row.waitFor({ timeout: SLOW });
    await connectCallMe(alice, alicePhone.uri, true);
    await alicePhone.waitEvent('CALL_ESTABLISHED', SLOW);
    await waitForText(row, /Call me/, SLOW);
    await waitForText(row.getByTestId('agent-state'), /Not Ready/, SLOW);

    // A caller queues while alice is not ready: calls waiting 1, the longest wait counting up.
    const id = await callCareLine(caller, srv, '55');
    await eventually(async () => assert.equal(srv.tel.desk.get(id)?.interaction.state, 'queued'), SLOW);
    await waitForText(care.getByTestId('queue-waiting'), /^1$/, SLOW);
    const wait0 = await care.locator('td').nth(2).textContent();
    await eventually(async () => assert.notEqual(await care.locator('td').nth(2).textContent(), wait0), 4000);
    await shot(sam, 'caller-queued');

    // alice goes available: the call leaves the queue for her, and the floor shows her on it.
    await goAvailable(alice);
    await callTitle(alice, /Ongoing call/);
    await waitForText(care.getByTestId('queue-waiting'), /^0$/, SLOW);
    await waitForText(row, new RegExp(`Inbound · \\+61412000111`), SLOW);
    // Her presence stays Available through the call; the state column says she is on it.
    await waitForText(row.getByTestId('agent-state'), /Available · On call/, SLOW);
    const sl = await care.getByTestId('queue-service-level').textContent();
    assert.match(sl ?? '', /%|—/, 'the service level column is filled from the router');
    await shot(sam, 'alice-on-call');
    assert.deepEqual(polled, [], 'the floor is not polled');
  });

  it('alice asks sam for help from the call; sam is notified, marks it viewed, alice is told', async () => {
    const shot = screenshotter('workspace-live-assist');
    const page = alice.page;
    await page.getByRole('button', { name: 'More options' }).click();
    await page.getByRole('button', { name: 'Request assistance' }).click();
    const form = page.getByTestId('assist-form');
    await form.waitFor();
    assert.equal(await form.getByLabel('User').inputValue(), 'sam', 'sam (same team, logged in) is offered');
    assert.equal(await form.getByLabel('Priority').inputValue(), 'high', 'High by default');
    // Counted as typed: over 1,500 the send button is disabled and the count says so.
    await form.getByLabel('Message').fill('🙂'.repeat(1501));
    await waitForText(form.getByTestId('assist-count'), /1 characters too many/);
    assert.equal(await form.getByRole('button', { name: 'Send' }).isDisabled(), true);
    const message = 'Caller disputes a charge over my limit: can you listen in?';
    await form.getByLabel('Message').fill(message);
    await waitForText(form.getByTestId('assist-count'), new RegExp(`^${[...message].length} / 1500`));
    await shot(page, 'assist-form');
    await form.getByRole('button', { name: 'Send' }).click();
    await waitForText(page.getByTestId('assist-status'), /sent to Sam Supervisor: not viewed yet/, SLOW);

    // Sam: the badge counts it, the inbox shows it, and a live region says it.
    await waitForText(sam.getByTestId('inbox-badge'), /1/, SLOW);
    await waitForText(sam.getByTestId('announcement'), /New high priority assistance request from Alice/, SLOW);
    const item = sam.getByTestId('inbox').getByRole('listitem').first();
    await waitForText(item.getByTestId('assist-message'), new RegExp(message.slice(0, 20)));
    assert.equal(await item.getByRole('button', { name: /Listen to this call/ }).isDisabled(), false, 'the call is live: Listen is offered');
    // The title follows the unread count in an effect after the render: waited for.
    await eventually(async () => assert.equal(await sam.title(), '(1) Floor · Switchboard'));
    await shot(sam, 'inbox-unread');
    await item.getByRole('button', { name: 'Mark as viewed' }).click();
    await item.getByTestId('assist-viewed').waitFor({ timeout: SLOW });
    await waitForText(sam.getByTestId('inbox-badge'), /0/, SLOW);

    // Alice is told it was viewed.
    await waitForText(page.getByTestId('assist-status'), /viewed by Sam Supervisor/, SLOW);
    await waitForText(page.locator('.toast, [role=status], [role=alert]').filter({ hasText: 'has viewed your assistance request' }).first(), /viewed/, SLOW);
    await shot(page, 'assist-viewed');
    const stored = await srv.app.switchboard.store.assist.listForAgent('alice', 0);
    assert.equal(stored.length, 1);
    assert.ok(stored[0]!.viewedAt, 'the receipt is stored');
    assert.equal(stored[0]!.interactionId, alice.view().interaction?.id, 'the request names the call');
  });

  it('from the request sam listens on his own phone, whispers from the agents table, and stops; the call goes on', async () => {
    const shot = screenshotter('workspace-live-monitor');
    const iid = alice.view().interaction!.id;
    // Tess, a second supervisor of alice's team, has the floor open too (logged in after the request: it went to sam).
    tessContext = await browser.newContext({ viewport: { width: 1024, height: 768 } });
    tess = await tessContext.newPage();
    tess.on('request', (r) => {
      if (r.url().includes('/monitor')) monitorRequests.push(`tess ${r.method()}`);
    });
    await tess.goto(srv.baseUrl + '/workspace/');
    await tess.getByLabel('Username').fill('tess');
    await tess.getByLabel('Password').fill('demo1234');
    await tess.getByRole('button', { name: 'Log in' }).click();
    const tessRow = tess.getByTestId('agent-row-alice');
    await waitForText(tessRow, /Inbound · \+61412000111/, SLOW);
    assert.equal(await tessRow.getByTestId('monitor-mark').count(), 0, 'nobody monitors alice yet');
    const tessMark = tessRow.getByTestId('monitor-mark');
    const samMark = sam.getByTestId('agent-row-alice').getByTestId('monitor-mark');

    await sam.getByLabel(/Your phone for Listen/).fill(samPhone.uri);
    const item = sam.getByTestId('inbox').getByRole('listitem').first();
    await item.getByRole('button', { name: /Listen to this call/ }).click();
    await samPhone.waitEvent('CALL_ESTABLISHED', SLOW);
    // The start answered "calling your phone"; the phone answering reaches sam's page on the floor stream.
    await waitForText(sam.getByTestId('monitor-status'), /listening/, SLOW);
    assert.deepEqual(monitorRequests, ['sam POST'], 'the answer was pushed, not polled');
    await waitForText(samMark, /^◉ Listened to by you$/, SLOW);
    await waitForText(tessMark, /^◉ Listened to by Sam Supervisor$/, SLOW);
    assert.equal(await tessMark.getAttribute('aria-label'), 'Listened to by Sam Supervisor');
    assert.equal(await tessMark.getAttribute('role'), 'note');
    const tessButtons = tess.getByTestId(`monitor-${iid}`);
    assert.equal(await tessButtons.getByRole('button', { name: 'Barge' }).isDisabled(), true, 'one supervisor at a time: tess is not offered a second');
    assert.equal(await tessButtons.getByRole('button', { name: 'Barge' }).getAttribute('title'), 'Sam Supervisor is on this call');
    await shot(tess, 'tess-sees-listening');
    const buttons = sam.getByTestId(`monitor-${iid}`);
    assert.equal(await buttons.getByRole('button', { name: 'Listen' }).getAttribute('aria-pressed'), 'true');
    assert.ok((await waitHeard(samPhone, CALLER_HZ, 1)) >= 1, 'sam hears the caller');
    assert.ok((await waitHeard(samPhone, AGENT_HZ, 1)) >= 1, 'and alice');
    await shot(sam, 'listening');
    await buttons.getByRole('button', { name: 'Whisper' }).click();
    await waitForText(sam.getByTestId('monitor-status'), /whispering/, SLOW);
    assert.equal(await buttons.getByRole('button', { name: 'Whisper' }).getAttribute('aria-pressed'), 'true');
    assert.equal(srv.tel.desk.monitors.view(iid)?.state, 'whispering');
    await waitForText(tessMark, /Whispered to by Sam Supervisor/, SLOW);
    await waitForText(samMark, /Whispered to by you/, SLOW);
    // Alice is not told (the manual is silent; peers do not on listen or whisper).
    assert.doesNotMatch(await alice.page.locator('body').innerText(), /Listened|Whispered|monitor/i, 'nothing on alice’s adapter');
    await buttons.getByRole('button', { name: 'Stop' }).click();
    await waitForText(sam.getByTestId('monitor-status'), /Monitoring ended\. You stopped\./, SLOW);
    await samPhone.waitEvent('CALL_CLOSED', SLOW);
    await eventually(async () => assert.equal(await tessMark.count(), 0, 'the mark goes from tess’s floor'), SLOW);
    assert.equal(await samMark.count(), 0);
    assert.equal(await tessButtons.getByRole('button', { name: 'Barge' }).isDisabled(), false, 'tess may monitor now');
    assert.deepEqual(monitorRequests, ['sam POST', 'sam PUT', 'sam DELETE'], 'start, switch, stop: no poll from either page');
    await shot(sam, 'stopped');
    assert.equal(alice.view().interaction?.state, 'connected', 'the call goes on');
    const steps = srv.tel.desk
      .get(iid)!
      .interaction.view()
      .steps.filter((x) => x.kind === 'monitor')
      .map((x) => `${x.step}:${String(x.detail.mode)}:${x.by}`);
    assert.deepEqual(steps, ['monitor-calling:listen:sam', 'monitor-started:listen:sam', 'monitor-switched:whisper:sam', 'monitor-ended:whisper:sam']);
  });

  it('over Web Connect: sam whispers from the browser; alice hears his microphone, the caller never does', async () => {
    const shot = screenshotter('workspace-live-monitor-web');
    const iid = alice.view().interaction!.id;
    await sam.getByLabel(/Web Connect/).check();
    const buttons = sam.getByTestId(`monitor-${iid}`);
    await buttons.getByRole('button', { name: 'Whisper' }).click();
    await waitForText(sam.getByTestId('monitor-status'), /whispering/, SLOW);
    assert.equal(srv.tel.desk.monitors.view(iid)?.voice, 'web');
    await waitForText(tess.getByTestId('agent-row-alice').getByTestId('monitor-mark'), /Whispered to by Sam Supervisor/, SLOW);
    const got = await waitHeard(alicePhone, MIC_HZ, 1.5);
    assert.ok(got >= 1.5, `alice heard sam's microphone for ${got} s`);
    await shot(sam, 'web-whispering');
    await buttons.getByRole('button', { name: 'Stop' }).click();
    await waitForText(sam.getByTestId('monitor-status'), /Monitoring ended\. You stopped\./, SLOW);
    assert.equal(alice.view().interaction?.state, 'connected', 'the call goes on');
    let callerHeard = 0;
    try {
      callerHeard = heard(caller, MIC_HZ);
    } catch {
      callerHeard = heard(caller, MIC_HZ); // a dump mid-write: read again
    }
    assert.ok(callerHeard < 0.2, `the caller never heard the whisper (${callerHeard} s)`);
    assert.equal(await sam.locator('#monitor-audio').evaluate((a) => (a as unknown as { srcObject: unknown }).srcObject), null, 'the browser hung up');
  });
});
