import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import type { CallRecord } from '@switchboard/core';
import { launchChromium } from './support/chromium';
import { eventually, waitForText } from './support/eventually';
import { screenshotter } from './support/artifacts';
import { realPorts, startRealServer, type RealServer } from './support/real-server';
import { AGENT_HZ, CALLER_HZ, type Baresip, agentPhone, callCareLine, callerPhone, eventCount, heard, toneWavs, waitEventN, waitHeard } from './support/real-phones';
import { SLOW, callTitle, connectCallMe, goAvailable, infoRows, openAgent, presenceOf, type AgentTab } from './support/real-agent';

// Ports: block 3 of e2e/support/real-server.ts (37200-37599).
const ports = realPorts(3);

describe('a real call survives the agent reloading the page; finished calls survive a server restart', () => {
  let srv: RealServer;
  let browser: Browser;
  let phone: Baresip;
  let caller: Baresip;
  let alice: AgentTab;
  const finished: string[] = [];

  before(async () => {
    const wavs = toneWavs('restore');
    srv = await startRealServer({ ports });
    phone = agentPhone('alice', ports.phones[0], wavs.agent);
    caller = callerPhone(ports.phones[1], ports.sip, wavs.caller);
    await Promise.all([phone.start(), caller.start()]);
    browser = await launchChromium();
    alice = await openAgent(browser, srv, 'alice');
    await connectCallMe(alice, phone.uri, true);
    await phone.waitEvent('CALL_ESTABLISHED', SLOW);
    await goAvailable(alice);
  });
  after(async () => {
    await alice?.context.close();
    await browser?.close();
    await Promise.all([phone?.stop(), caller?.stop()]);
    await srv?.dispose();
  });

  it('the page reloads mid-call: the call view comes back (Info, notes, paused recording) and the call goes on, audio and all', async (t) => {
    const shot = screenshotter('real-call-restore');
    const id = await callCareLine(caller, srv, '2468');
    await callTitle(alice, /Ongoing call/);
    const before = await infoRows(alice.page);
    assert.equal(before[0]?.[1], id);
    await alice.page.getByRole('tab', { name: 'Notes' }).click();
    await alice.page.getByRole('textbox', { name: 'Notes' }).fill('Before the reload');
    await waitForText(alice.page.getByTestId('notes-state'), /^Saved$/, SLOW);
    const rec = alice.page.getByTestId('recording');
    await rec.click();
    await eventually(async () => assert.equal(await rec.getAttribute('aria-label'), 'Recording paused'), SLOW);
    await waitHeard(caller, AGENT_HZ, 1);
    const closedBefore = eventCount(caller, 'CALL_CLOSED');

    await alice.page.reload();
    await callTitle(alice, /Ongoing call/);
    assert.deepEqual(await infoRows(alice.page), before, 'the Info tab as it was');
    await eventually(async () => assert.equal(await alice.page.getByTestId('recording').getAttribute('aria-label'), 'Recording paused'), SLOW);
    await alice.page.getByRole('tab', { name: 'Notes' }).click();
    await eventually(async () => assert.equal(await alice.page.getByRole('textbox', { name: 'Notes' }).inputValue(), 'Before the reload'), SLOW);
    await shot(alice.page, 'after-reload');
    assert.equal(alice.view().interaction?.state, 'connected', 'the call went on through the reload');
    assert.equal(eventCount(caller, 'CALL_CLOSED'), closedBefore, 'the caller was not dropped');

    // Audio still flows both ways after the reload: each phone hears more of the other.
    const [agentHeard, callerHeard] = [heard(phone, CALLER_HZ), heard(caller, AGENT_HZ)];
    const agentNow = await waitHeard(phone, CALLER_HZ, agentHeard + 1);
    const callerNow = await waitHeard(caller, AGENT_HZ, callerHeard + 1);
    assert.ok(
      agentNow >= agentHeard + 1 && callerNow >= callerHeard + 1,
      `more audio after the reload: alice ${agentHeard.toFixed(2)} → ${agentNow.toFixed(2)} s, caller ${callerHeard.toFixed(2)} → ${callerNow.toFixed(2)} s`,
    );
    t.diagnostic(`after the reload: alice heard ${agentHeard.toFixed(2)} → ${agentNow.toFixed(2)} s, the caller ${callerHeard.toFixed(2)} → ${callerNow.toFixed(2)} s`);

    // The restored screen still works the call: resume recording, edit the note, hang up, wrap.
    await alice.page.getByTestId('recording').click();
    await eventually(async () => assert.equal(alice.view().interaction?.recording.state, 'recording'), SLOW);
    await alice.page.getByRole('textbox', { name: 'Notes' }).fill('Before the reload; after it too');
    await waitForText(alice.page.getByTestId('notes-state'), /^Saved$/, SLOW);
    await alice.page.getByRole('button', { name: 'Hang up', exact: true }).click();
    await callTitle(alice, /Ended call/);
    await waitEventN(caller, 'CALL_CLOSED', closedBefore + 1);
    await alice.page.getByLabel('Outcome').selectOption({ label: 'Resolved' });
    await alice.page.getByRole('button', { name: 'Wrap call', exact: true }).click();
    await eventually(async () => assert.equal(await alice.page.getByTestId('call').count(), 0), SLOW);
    const r = (await srv.record(id))!;
    assert.deepEqual([r.final, r.outcomeId, r.notes.at(-1)?.text], [true, 'resolved', 'Before the reload; after it too']);
    assert.deepEqual(
      r.recording.markers.map((m) => m.kind),
      ['pause', 'resume'],
    );
    finished.push(id);
  });

  it('the server restarts after the calls finished: their records are intact, and the agent starts afresh', async () => {
    // One more finished call: a caller who gave up in the queue.
    await alice.page.locator('header .avatar').click();
    await alice.page.getByRole('menuitemradio', { name: 'Break' }).click();
    await eventually(async () => assert.equal(presenceOf(alice.view()), 'paused:Break'), SLOW);
    const gaveUp = await callCareLine(caller, srv, '13');
    await eventually(async () => assert.equal(srv.tel.desk.router.stats('care-queue').waiting, 1), SLOW);
    caller.hangup();
    await eventually(async () => assert.equal((await srv.record(gaveUp))?.final, true), SLOW);
    finished.push(gaveUp);

    const records = new Map<string, CallRecord>();
    for (const id of finished) records.set(id, (await srv.record(id))!);
    await alice.context.close();
    srv = await srv.restart();
    for (const [id, was] of records) assert.deepEqual(await srv.app.switchboard.store.calls.get(id), was, `record ${id} after the restart`);
    const [answered, abandoned] = finished.map((id) => records.get(id)!);
    assert.deepEqual([answered!.endCause, answered!.outcomeId, answered!.agentId], ['agent-hangup', 'resolved', 'alice']);
    assert.equal(answered!.ivrData.find((e) => e.label === 'account')?.value, '2468');
    assert.deepEqual([abandoned!.state, abandoned!.endCause, abandoned!.agentId], ['abandoned', 'caller-hangup', null]);

    // A new process: alice logs in again, with no call open and no phone line yet.
    alice = await openAgent(browser, srv, 'alice');
    assert.equal(alice.view().interaction ?? null, null);
    assert.equal(alice.view().voice.status, 'none');
    assert.equal(await alice.page.getByTestId('call').count(), 0);
  });
});
