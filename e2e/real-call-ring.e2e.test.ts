import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { launchChromium } from './support/chromium';
import { eventually, waitForText } from './support/eventually';
import { screenshotter } from './support/artifacts';
import { realPorts, startRealServer, type RealServer } from './support/real-server';
import { AGENT_HZ, CALLER_HZ, type Baresip, agentPhone, answerPhone, callCareLine, callerPhone, eventCount, toneWavs, waitEventN, waitHeard } from './support/real-phones';
import { SLOW, callTitle, connectCallMe, goAvailable, openAgent, presenceOf, type AgentTab } from './support/real-agent';

// Ports: block 1 of e2e/support/real-server.ts (36400-36799). The engine rings a non-persistent phone for 4 s.
const ports = realPorts(1);

describe('non-persistent call-me with real phones: ringing, missed → Auto Pause, another agent, hang-ups while queued and ringing', () => {
  let srv: RealServer;
  let browser: Browser;
  let alicePhone: Baresip;
  let bobPhone: Baresip;
  let caller: Baresip;
  let alice: AgentTab;
  let bob: AgentTab;

  before(async () => {
    const wavs = toneWavs('ring');
    srv = await startRealServer({ ports });
    // Alice answers by hand (or not at all); Bob's phone answers the engine's call at once.
    alicePhone = agentPhone('alice', ports.phones[0], wavs.agent, false);
    bobPhone = agentPhone('bob', ports.phones[1], wavs.agent);
    caller = callerPhone(ports.phones[2], ports.sip, wavs.caller);
    await Promise.all([alicePhone.start(), bobPhone.start(), caller.start()]);
    browser = await launchChromium();
    [alice, bob] = await Promise.all([openAgent(browser, srv, 'alice'), openAgent(browser, srv, 'bob')]);
    await connectCallMe(alice, alicePhone.uri, false);
    await connectCallMe(bob, bobPhone.uri, true);
    await bobPhone.waitEvent('CALL_ESTABLISHED', SLOW);
    assert.equal(eventCount(alicePhone, 'CALL_INCOMING'), 0, 'non-persistent: nothing rings until a call comes');
  });
  after(async () => {
    await alice?.context.close();
    await bob?.context.close();
    await browser?.close();
    await Promise.all([alicePhone?.stop(), bobPhone?.stop(), caller?.stop()]);
    await srv?.dispose();
  });

  it("alice's phone rings and nobody answers: Auto Pause on her screen, and the caller then reaches bob (his own page) with audio", async () => {
    const shot = screenshotter('real-call-ring');
    await goAvailable(alice);
    assert.equal(presenceOf(bob.view()), 'paused:Not Ready', 'bob is not taking calls yet');
    const id = await callCareLine(caller, srv, '77');
    await callTitle(alice, /Incoming call/);
    await waitEventN(alicePhone, 'CALL_INCOMING', 1, SLOW);
    await shot(alice.page, 'ringing');
    // Nobody answers within the ring time: Auto Pause, the call gone from her screen, the caller queued again.
    await waitForText(alice.page.getByTestId('status-text'), /Auto Pause/, SLOW);
    assert.equal(presenceOf(alice.view()), 'paused:Auto Pause');
    await eventually(async () => assert.equal(await alice.page.getByTestId('call').count(), 0), SLOW);
    await waitEventN(alicePhone, 'CALL_CLOSED', 1, SLOW);
    await shot(alice.page, 'auto-pause');
    await eventually(async () => assert.equal(srv.tel.desk.get(id)?.interaction.state, 'queued'), SLOW);

    await goAvailable(bob);
    await callTitle(bob, /Ongoing call/);
    assert.equal(bob.view().interaction?.id, id, 'the same call, taken from the queue');
    assert.equal(alice.view().interaction ?? null, null);
    const atBob = await waitHeard(bobPhone, CALLER_HZ, 1.5);
    assert.ok(atBob >= 1.5, `bob heard the caller (${atBob.toFixed(2)} s of ${CALLER_HZ} Hz)`);
    const atCaller = await waitHeard(caller, AGENT_HZ, 1.5);
    assert.ok(atCaller >= 1.5, `the caller heard bob (${atCaller.toFixed(2)} s of ${AGENT_HZ} Hz)`);
    await shot(bob.page, 'bob-on-call');

    caller.hangup();
    await callTitle(bob, /Ended call/);
    await bob.page.getByRole('button', { name: 'Wrap call' }).click();
    await eventually(async () => assert.equal(await bob.page.getByTestId('call').count(), 0), SLOW);
    const r = (await srv.record(id))!;
    assert.deepEqual([r.final, r.agentId, r.endCause, r.outcomeId], [true, 'bob', 'customer-hangup', 'resolved']);
    assert.equal(presenceOf(alice.view()), 'paused:Auto Pause', 'alice stays paused until she chooses');
  });

  it('alice answers on her ringing phone: the call goes live on her screen with audio; she hangs up and wraps', async () => {
    await pauseBob();
    await goAvailable(alice);
    const rang = eventCount(alicePhone, 'CALL_INCOMING');
    const id = await callCareLine(caller, srv, '12');
    await callTitle(alice, /Incoming call/);
    await waitEventN(alicePhone, 'CALL_INCOMING', rang + 1, SLOW);
    answerPhone(alicePhone);
    await callTitle(alice, /Ongoing call/);
    assert.equal(alice.view().interaction?.id, id);
    const atAlice = await waitHeard(alicePhone, CALLER_HZ, 1.5);
    assert.ok(atAlice >= 1.5, `alice heard the caller (${atAlice.toFixed(2)} s)`);
    const callerClosed = eventCount(caller, 'CALL_CLOSED');
    await alice.page.getByRole('button', { name: 'Hang up', exact: true }).click();
    await callTitle(alice, /Ended call/);
    await waitEventN(caller, 'CALL_CLOSED', callerClosed + 1, SLOW);
    await alice.page.getByLabel('Outcome').selectOption({ label: 'Escalated' });
    await alice.page.getByRole('button', { name: 'Wrap call', exact: true }).click();
    await eventually(async () => assert.equal(await alice.page.getByTestId('call').count(), 0), SLOW);
    assert.equal(presenceOf(alice.view()), 'available');
    const r = (await srv.record(id))!;
    assert.deepEqual([r.final, r.agentId, r.endCause, r.outcomeId, r.wrappedBy], [true, 'alice', 'agent-hangup', 'escalated', 'agent']);
    assert.equal(alice.view().voice.status, 'connected', 'non-persistent: still connected, rung per call');
  });

  it("the caller hangs up while alice's phone rings: the ringing stops, her screen clears, no Auto Pause", async () => {
    assert.equal(presenceOf(alice.view()), 'available');
    const rang = eventCount(alicePhone, 'CALL_INCOMING');
    const closed = eventCount(alicePhone, 'CALL_CLOSED');
    const id = await callCareLine(caller, srv, '34');
    await callTitle(alice, /Incoming call/);
    await waitEventN(alicePhone, 'CALL_INCOMING', rang + 1, SLOW);
    caller.hangup();
    await waitEventN(alicePhone, 'CALL_CLOSED', closed + 1, SLOW);
    await eventually(async () => assert.equal(await alice.page.getByTestId('call').count(), 0), SLOW);
    assert.equal(presenceOf(alice.view()), 'available', 'a caller hanging up is not a missed call');
    await waitForText(alice.page.getByTestId('status-text'), /Available/);
    const r = (await srv.record(id))!;
    assert.deepEqual([r.final, r.state, r.endCause], [true, 'abandoned', 'caller-hangup']);
    assert.equal(srv.tel.desk.router.stats('care-queue').waiting, 0);
  });

  it('the caller hangs up while queued (nobody available): the queue empties and nobody is offered the call later', async () => {
    await alice.page.locator('header .avatar').click();
    await alice.page.getByRole('menuitemradio', { name: 'Break' }).click();
    await eventually(async () => assert.equal(presenceOf(alice.view()), 'paused:Break'), SLOW);
    const id = await callCareLine(caller, srv, '56');
    await eventually(async () => assert.equal(srv.tel.desk.router.stats('care-queue').waiting, 1), SLOW);
    caller.hangup();
    await eventually(async () => assert.equal(srv.tel.desk.router.stats('care-queue').waiting, 0), SLOW);
    const r = (await srv.record(id))!;
    assert.deepEqual([r.final, r.state, r.endCause, r.agentId], [true, 'abandoned', 'caller-hangup', null]);
    const rang = eventCount(alicePhone, 'CALL_INCOMING');
    await goAvailable(alice);
    await new Promise((res) => setTimeout(res, 1500));
    assert.equal(alice.view().interaction ?? null, null);
    assert.equal(await alice.page.getByTestId('call').count(), 0);
    assert.equal(eventCount(alicePhone, 'CALL_INCOMING'), rang, 'her phone does not ring for an abandoned call');
  });

  async function pauseBob(): Promise<void> {
    await bob.page.locator('header .avatar').click();
    await bob.page.getByRole('menuitemradio', { name: 'Break' }).click();
    await eventually(async () => assert.equal(presenceOf(bob.view()), 'paused:Break'), SLOW);
  }
});
