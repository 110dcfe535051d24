import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { DEMO_CARE_DNIS } from '@switchboard/server';
import { channel, loudness, readWav, toneBlocks } from '@switchboard/testkit';
import { launchChromium } from './support/chromium';
import { eventually, waitForText } from './support/eventually';
import { screenshotter } from './support/artifacts';
import { ANNOUNCEMENT_HZ, realPorts, startRealServer, type RealServer } from './support/real-server';
import { AGENT_HZ, CALLER_HZ, CALLER_NUMBER, type Baresip, agentPhone, callCareLine, callerPhone, toneWavs, waitHeard, sleep, heard } from './support/real-phones';
import { SLOW, callTitle, connectCallMe, goAvailable, infoRows, openAgent, presenceOf, type AgentTab } from './support/real-agent';

// Ports: block 0 of e2e/support/real-server.ts (36000-36399).
const ports = realPorts(0);
const button = (a: AgentTab, name: string) => a.page.getByRole('button', { name, exact: true });

interface MarkerDoc {
  durationMs: number;
  markers: Array<{ name: string; kind: string; offsetMs: number }>;
}

describe('a real inbound call in the adapter: baresip caller → IVR → queue → alice on call-me (baresip)', () => {
  let srv: RealServer;
  let browser: Browser;
  let alicePhone: Baresip;
  let caller: Baresip;
  let alice: AgentTab;

  before(async () => {
    const wavs = toneWavs('inbound');
    // Auto-wrap 8 s (Extend adds 30) so the second call's countdown runs out within the test; a 3 s
    // "Terms and conditions" tone so the announcement is seen playing and then ending by itself.
    srv = await startRealServer({ ports, termsSeconds: 3, workspace: (y) => y.replace('autoWrapSeconds: 30', 'autoWrapSeconds: 8') });
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
    await alice?.context.close();
    await browser?.close();
    await Promise.all([alicePhone?.stop(), caller?.stop()]);
    await srv?.dispose();
  });

  it('Info fields and IVR data; audio both ways; a note, recording off and on, a bookmark and an announcement; Extend once; wrap with an outcome; the WAV, its markers and the call record agree', async (t) => {
    const shot = screenshotter('real-call-inbound');
    const id = await callCareLine(caller, srv, '4321');
    await callTitle(alice, /Ongoing call/);
    const v = alice.view().interaction!;
    assert.equal(v.id, id);

    // Info: every row's value from the real call.
    const tiq = v.info.find((r) => r.key === 'timeInQueue')!.value;
    assert.match(tiq, /^0:0\d$/, 'a few seconds in the queue at most');
    assert.deepEqual(await infoRows(alice.page), [
      ['Interaction ID', id],
      ['Call Type', 'IN'],
      ['Campaign', 'Customer Care'],
      ['Customer Phone Number', CALLER_NUMBER],
      ['Platform phone', DEMO_CARE_DNIS],
      ['IVR Data', 'Show data entered in the IVR'],
      ['Time in queue', tiq],
    ]);
    assert.equal(typeof v.timeInQueueMs, 'number');
    await alice.page.getByRole('button', { name: 'Show data entered in the IVR' }).click();
    const dialog = alice.page.getByRole('dialog', { name: 'IVR data' });
    await waitForText(dialog, /account\s*4321/);
    await shot(alice.page, 'ivr-dialog');
    await dialog.getByRole('button', { name: 'Close' }).click();
    await eventually(async () => assert.equal(await dialog.isVisible(), false));

    // Audio both ways, by tone detection in what each phone received.
    const atAgent = await waitHeard(alicePhone, CALLER_HZ, 1.5);
    const atCaller = await waitHeard(caller, AGENT_HZ, 1.5);
    assert.ok(atAgent >= 1.5, `alice's phone heard the caller's ${CALLER_HZ} Hz (${atAgent.toFixed(2)} s)`);
    assert.ok(atCaller >= 1.5, `the caller heard alice's ${AGENT_HZ} Hz (${atCaller.toFixed(2)} s)`);
    t.diagnostic(`heard: alice ${atAgent.toFixed(2)} s of ${CALLER_HZ} Hz, caller ${atCaller.toFixed(2)} s of ${AGENT_HZ} Hz`);

    // Notes: typed, saved, kept with the call.
    await alice.page.getByRole('tab', { name: 'Notes' }).click();
    await alice.page.getByRole('textbox', { name: 'Notes' }).fill('Customer asked about the March bill');
    await waitForText(alice.page.getByTestId('notes-state'), /^Saved$/, SLOW);
    await eventually(async () => assert.equal((await srv.record(id))?.notes.at(-1)?.text, 'Customer asked about the March bill'), SLOW);

    // Recording off for a stretch, then on again.
    const rec = alice.page.getByTestId('recording');
    assert.equal(await rec.getAttribute('aria-label'), 'Recording');
    await rec.click();
    await eventually(async () => assert.equal(await rec.getAttribute('aria-label'), 'Recording paused'), SLOW);
    assert.equal(await button(alice, 'Add bookmark').count(), 0, 'no bookmark while paused');
    await sleep(2500);
    await rec.click();
    await eventually(async () => assert.equal(await rec.getAttribute('aria-label'), 'Recording'), SLOW);
    await sleep(1000);
    await button(alice, 'Add bookmark').click();
    await eventually(async () => assert.equal(alice.view().interaction?.recording.markers.filter((m) => m.kind === 'manual').length, 1), SLOW);

    // An announcement: "Playing" while the 3 s tone plays, then gone by itself.
    await alice.page.getByLabel('Announcement').selectOption({ label: 'Terms and conditions' });
    await button(alice, 'Play announcement').click();
    await waitForText(alice.page.getByTestId('announcement'), /Playing: Terms and conditions/, SLOW);
    await shot(alice.page, 'announcement-playing');
    await eventually(async () => assert.equal(await alice.page.getByTestId('announcement').count(), 0), SLOW);
    await sleep(1000);

    // Alice hangs up: ended call, Extend once (then gone), an outcome, Wrap call.
    await button(alice, 'Hang up').click();
    await callTitle(alice, /Ended call/);
    await caller.waitEvent('CALL_CLOSED', SLOW);
    const extend = alice.page.getByRole('button', { name: /^Extend/ });
    await extend.click();
    await eventually(async () => assert.equal(await extend.count(), 0, 'Extend only once'), SLOW);
    assert.equal(alice.view().interaction?.wrap?.canExtend, false);
    assert.ok((alice.view().interaction?.wrap?.remainingSeconds ?? 0) > 20, "the countdown gained the campaign's 30 s");
    await alice.page.getByLabel('Outcome').selectOption({ label: 'Follow-up' });
    await button(alice, 'Wrap call').click();
    await eventually(async () => assert.equal(await alice.page.getByTestId('call').count(), 0), SLOW);
    await waitForText(alice.page.getByTestId('status-text'), /Available/);
    assert.equal(presenceOf(alice.view()), 'available');

    // The call record.
    const r = (await srv.record(id))!;
    assert.deepEqual([r.final, r.direction, r.agentId, r.outcomeId, r.wrappedBy, r.endCause], [true, 'IN', 'alice', 'follow-up', 'agent', 'agent-hangup']);
    assert.equal(r.ivrData.find((e) => e.label === 'account')?.value, '4321');
    assert.deepEqual([r.customerNumber, r.platformNumber, r.campaignId], [CALLER_NUMBER, DEMO_CARE_DNIS, 'care-inbound']);
    assert.equal(r.timeInQueueMs, v.timeInQueueMs);
    assert.equal(r.notes.at(-1)?.text, 'Customer asked about the March bill');
    assert.deepEqual(
      r.recording.markers.map((m) => [m.kind, m.label]),
      [
        ['pause', 'Paused'],
        ['resume', 'Resumed'],
        ['manual', 'Manual'],
        ['announcement-start', 'Terms and conditions'],
        ['announcement-end', 'Terms and conditions'],
      ],
    );
    const wavPath = join(srv.recordingsDir, `${id}.wav`);
    assert.equal(r.recording.file, wavPath);

    // The WAV and its markers: the paused stretch is silent on both sides, sound before and after.
    const markersPath = join(srv.recordingsDir, `${id}.markers.json`);
    await eventually(async () => assert.ok(existsSync(markersPath), markersPath), SLOW);
    const doc = JSON.parse(readFileSync(markersPath, 'utf8')) as MarkerDoc;
    const at = (kind: string, name?: string) => {
      const m = doc.markers.find((x) => x.kind === kind && (name === undefined || x.name.includes(name)));
      assert.ok(m, `marker ${kind} ${name ?? ''} in ${JSON.stringify(doc.markers)}`);
      return m.offsetMs / 1000;
    };
    const w = readWav(wavPath);
    assert.deepEqual([w.rate, w.channels], [8000, 2]);
    assert.ok(Math.abs(w.samples.length / 2 / 8000 - doc.durationMs / 1000) < 0.1, 'the WAV is as long as the markers say');
    const [left, right] = [channel(w.samples, 2, 0), channel(w.samples, 2, 1)];
    const pause = at('pause');
    const resume = at('resume');
    assert.ok(resume - pause > 2, `paused for over 2 s (${pause}..${resume})`);
    // Pause and resume act on the frames being written, which trail the marker clock by the event
    // loop's lag (a loaded machine: up to a few hundred ms), so the edges get 0.3 s of slack.
    t.diagnostic(
      `paused ${pause}..${resume} s; silent stretch in the file: ${silentStretch(left, right, pause - 1, resume + 1)
        .map((x) => x.toFixed(2))
        .join('..')} s`,
    );
    for (const [side, s] of [
      ['customer', left],
      ['agent', right],
    ] as const) {
      assert.equal(loudness(s, 8000, pause + 0.3, resume - 0.3), 0, `the ${side} channel is silent while paused`);
      assert.ok(loudness(s, 8000, pause - 1.5, pause - 0.1) > 500, `the ${side} channel has sound before the pause`);
      assert.ok(loudness(s, 8000, resume + 0.1, resume + 1) > 500, `the ${side} channel has sound after the resume`);
    }
    const share = (s: Int16Array, hz: number, from: number, to: number) => {
      const b = toneBlocks(s.subarray(Math.floor(from * 8000), Math.floor(to * 8000)), hz);
      return b.filter(Boolean).length / Math.max(1, b.length);
    };
    // Each side carries its own party's tone and not the other's (shares of 20 ms blocks; a loaded
    // machine loses some frames, so "most" rather than "all").
    const sides = {
      customer: [share(left, CALLER_HZ, pause - 1.5, pause - 0.1), share(left, AGENT_HZ, pause - 1.5, pause - 0.1)],
      agent: [share(right, AGENT_HZ, pause - 1.5, pause - 0.1), share(right, CALLER_HZ, pause - 1.5, pause - 0.1)],
    };
    t.diagnostic(`blocks with [own, other] tone before the pause: ${JSON.stringify(sides)}`);
    assert.ok(sides.customer[0]! > 0.4 && sides.customer[1]! < 0.05, "the customer side carries the caller's tone only");
    assert.ok(sides.agent[0]! > 0.4 && sides.agent[1]! < 0.05, "the agent side carries alice's tone only");

    // Markers where they happened: the bookmark after the resume, the announcement's 3 s between its two markers.
    const manual = at('marker', 'Manual');
    assert.ok(manual > resume + 0.5 && manual < resume + 5, `bookmark at ${manual} s, resume at ${resume} s`);
    const aStart = at('marker', 'announcement-start');
    const aEnd = at('marker', 'announcement-end');
    assert.ok(aStart > manual, 'the announcement started after the bookmark');
    assert.ok(aEnd - aStart > 2.5 && aEnd - aStart < 5, `the announcement's markers span its 3 s (${aStart}..${aEnd})`);
    const inRecord = r.recording.markers.find((m) => m.kind === 'announcement-start')!.offsetMs / 1000;
    assert.ok(Math.abs(inRecord - aStart) < 0.3, `the record's announcement marker (${inRecord} s) matches the file's (${aStart} s)`);
    const heardAnn = heard(caller, ANNOUNCEMENT_HZ);
    t.diagnostic(
      `announcement: caller heard ${heardAnn.toFixed(2)} s, alice ${heard(alicePhone, ANNOUNCEMENT_HZ).toFixed(2)} s; in the WAV left ${share(left, ANNOUNCEMENT_HZ, aStart + 0.3, aEnd - 0.3)} right ${share(right, ANNOUNCEMENT_HZ, aStart + 0.3, aEnd - 0.3)}`,
    );
    assert.ok(heardAnn > 2, `the caller heard the announcement's ${ANNOUNCEMENT_HZ} Hz (${heardAnn.toFixed(2)} s)`);
    const agentAnn = heard(alicePhone, ANNOUNCEMENT_HZ);
    assert.ok(agentAnn > 2, `alice heard her announcement too (${agentAnn.toFixed(2)} s)`);
    assert.ok(share(right, ANNOUNCEMENT_HZ, aStart + 0.3, aEnd - 0.3) > 0.8, 'the recording has the announcement on the agent side');
    assert.ok(share(left, ANNOUNCEMENT_HZ, aStart + 0.3, aEnd - 0.3) < 0.2, "and not on the customer's");
  });

  it('the caller hangs up mid-call: the adapter shows the ended call, the auto-wrap countdown runs out and applies the default outcome; alice is Available again', async () => {
    const id = await callCareLine(caller, srv, '55');
    await callTitle(alice, /Ongoing call/);
    await waitHeard(alicePhone, CALLER_HZ, 1);
    caller.hangup();
    await callTitle(alice, /Ended call/);
    assert.equal(alice.view().interaction?.endCause, 'customer-hangup');
    const seconds = Number(await alice.page.getByTestId('countdown-seconds').textContent());
    assert.ok(seconds > 0 && seconds <= 8, `the countdown starts at the campaign's 8 s (saw ${seconds})`);
    assert.equal(await alice.page.getByLabel('Outcome').inputValue(), 'resolved', 'the default outcome comes preselected');
    await eventually(async () => assert.equal(await alice.page.getByTestId('call').count(), 0), SLOW);
    await waitForText(alice.page.getByTestId('status-text'), /Available/);
    const r = (await srv.record(id))!;
    assert.deepEqual([r.final, r.outcomeId, r.wrappedBy, r.endCause], [true, 'resolved', 'auto', 'customer-hangup']);
    assert.equal(alice.view().voice.status, 'connected', 'the persistent line stays up');
  });
});

/** The longest run of digital silence on both channels within [from, to) s, as [start, end] in s. */
function silentStretch(left: Int16Array, right: Int16Array, from: number, to: number): [number, number] {
  let best: [number, number] = [0, 0];
  let start = -1;
  const a = Math.max(0, Math.floor(from * 8000));
  const b = Math.min(left.length, Math.floor(to * 8000));
  for (let i = a; i <= b; i++) {
    const quiet = i < b && left[i] === 0 && right[i] === 0;
    if (quiet && start < 0) start = i;
    if (!quiet && start >= 0) {
      if (i - start > (best[1] - best[0]) * 8000) best = [start / 8000, i / 8000];
      start = -1;
    }
  }
  return best;
}
