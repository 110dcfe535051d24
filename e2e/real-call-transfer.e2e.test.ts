import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { tempDir } from '@switchboard/testkit';
import { launchWithMicrophone } from './support/media-chromium';
import { eventually, waitForText } from './support/eventually';
import { screenshotter } from './support/artifacts';
import { docShot } from './support/layout-checks';
import { expectNoHorizontalScroll } from './support/adapter-page';
import { readToneProbe, startToneProbe } from './support/tone-probe';
import { dumpLength, heardBetween, heardInOrder, inOrder } from './support/heard-in-order';
import { realPortsAt, startRealServer, type RealServer } from './support/real-server';
import { type Baresip, callCareLine, callerPhone, sleep } from './support/real-phones';
import { SLOW, callTitle, goAvailable, openAgent, presenceOf, type AgentTab } from './support/real-agent';
import { makeToneWav } from '../packages/server/test/calls/helpers';
import { spawnSync } from 'node:child_process';

// Ports: this file's own block 42500-42899 (realPortsAt's layout): engine SIP 42590, sandbox 42591,
// RTP 42800-42869, sandbox RTP 42870-42899, the caller's baresip 42500. HTTP and WebRTC: any free port.
const ports = realPortsAt(42500);

/**
 * What each party "says": the agents' fake microphones and the caller's phone; at least 100 Hz
 * from one another and above the music on hold's notes (262-1047 Hz), as in transfer.peer.test.ts.
 */
const TONE = { alice: 1400, bob: 1650, caller: 1200 } as const;
/**
 * The caller's tone is 20 dB under the agents' files: a Web Connect microphone reaches the
 * engine about 20 dB down (Chromium's noise suppression and gain control take a steady tone for
 * noise), so at this level each agent hears the caller and the other agent about equally.
 */
const CALLER_VOL = 0.05;
const AUDIO = '#web-phone-audio';
/** A window of the page's probe counts a tone at a fifth of its energy: two tones mixed are both heard. */
const SHARE = 0.2;
const button = (page: Page, name: string) => page.getByRole('button', { name, exact: true });

/** What an agent's page heard over one step: 50 ms windows, hits per tone, mean share of the energy. */
interface Heard {
  windows: number;
  loud: number;
  hits: Record<string, number>;
  share: Record<string, number>;
}

/**
 * Issue 18's consult → merge → leave through the adapter at the side panel's 320×500, end to end:
 * the real server and engine, a baresip caller through the care IVR, alice and bob each in their
 * own Chromium on Web Connect (a fake microphone playing their tone). At each step the screens are
 * checked, and who hears whom: each agent's page by a tone probe on its Web Connect audio, the
 * caller by what its phone heard, in order.
 */
describe('consult → merge → leave in the adapter, on a real call (Web Connect agents, baresip caller, 320×500)', () => {
  let srv: RealServer;
  let aliceBrowser: Browser;
  let bobBrowser: Browser;
  let caller: Baresip;
  let alice: AgentTab;
  let bob: AgentTab;

  before(async () => {
    const dir = tempDir('real-transfer');
    makeToneWav(join(dir, 'alice.wav'), TONE.alice, 180);
    makeToneWav(join(dir, 'bob.wav'), TONE.bob, 180);
    quietToneWav(join(dir, 'caller.wav'), TONE.caller, 180, CALLER_VOL);
    srv = await startRealServer({ ports });
    caller = callerPhone(ports.phones[0], ports.sip, join(dir, 'caller.wav'));
    // One Chromium per microphone sound (the fake device is per process).
    [aliceBrowser, bobBrowser] = await Promise.all([launchWithMicrophone(join(dir, 'alice.wav')), launchWithMicrophone(join(dir, 'bob.wav')), caller.start()]);
    const panel = { viewport: { width: 320, height: 500 }, permissions: ['microphone'] };
    [alice, bob] = await Promise.all([openAgent(aliceBrowser, srv, 'alice', panel), openAgent(bobBrowser, srv, 'bob', panel)]);
    await Promise.all([connectWeb(alice), connectWeb(bob)]);
  });
  after(async () => {
    await alice?.context.close();
    await bob?.context.close();
    await Promise.all([aliceBrowser?.close(), bobBrowser?.close(), caller?.stop()]);
    await srv?.dispose();
  });

  it('alice takes the call, consults bob (picked by keyboard), merges, leaves: each screen and each ear at every step; each agent wraps their part', async (t) => {
    const started = Date.now();
    const shot = screenshotter('real-call-transfer');
    const snap = async (page: Page, name: string) => {
      await expectNoHorizontalScroll(page);
      await docShot(page, `real-consult-${name}`);
      await shot(page, name);
    };
    const heard: Record<string, unknown> = {};

    // The call: the caller keys 4321# then 1 and reaches alice, the only agent available.
    await goAvailable(alice);
    const id = await callCareLine(caller, srv, '4321');
    await callTitle(alice, /Ongoing call/);
    assert.equal(alice.view().interaction?.id, id);
    await goAvailable(bob);
    heard.call = await ears('the call', { alice: ['caller'], bob: [], caller: ['alice'] });
    await snap(alice.page, 'on-call');

    // Overflow menu → Transfer call; "bob" typed in the search, Enter picks him; Consult.
    await button(alice.page, 'More options').click();
    await button(alice.page, 'Transfer call').click();
    const dialog = alice.page.getByRole('dialog', { name: 'Transfer call' });
    await dialog.waitFor({ timeout: SLOW });
    const list = dialog.getByRole('listbox');
    await waitForText(list.getByRole('option', { name: /Bob Smith/ }), /Bob Smith\s*Available · \d+:\d\d/, SLOW);
    await alice.page.locator('#dest-search').focus();
    await alice.page.keyboard.type('bob');
    await eventually(async () => assert.deepEqual(await list.locator('.dest-name').allTextContents(), ['Bob Smith']), SLOW);
    await alice.page.keyboard.press('Enter');
    await waitForText(dialog.getByTestId('dest-picked'), /To: Bob Smith/);
    await dialog.getByRole('radio', { name: /^Consult/ }).check();
    await snap(alice.page, 'transfer-dialog');
    await button(alice.page, 'Consult').click();
    await eventually(async () => assert.equal(await dialog.count(), 0), SLOW);

    // The consult: bob's open line takes it at once (Talking); the caller is held with music.
    const consult = alice.page.getByTestId('consult');
    await waitForText(consult.locator('h3'), /Consult: Bob Smith/, SLOW);
    await waitForText(alice.page.getByTestId('consult-phase'), /^Talking$/, SLOW);
    await button(alice.page, 'Merge lines').waitFor({ timeout: SLOW });
    assert.equal(alice.view().interaction?.transfer?.phase, 'talking');
    assert.equal(alice.view().interaction?.held, true, 'the caller is held');
    await callTitle(bob, /Ongoing call/);
    await waitForText(bob.page.getByTestId('transferred-from'), /Transferred by Alice Nguyen \(consult\)/, SLOW);
    heard.consult = await ears('the consult', { alice: ['bob'], bob: ['alice'], caller: ['music'] });
    await snap(alice.page, 'consult-talking');
    await snap(bob.page, 'bob-consulted');

    // Merge lines: a conference of three on alice's screen, everyone hears everyone.
    await button(alice.page, 'Merge lines').click();
    const parties = alice.page.getByTestId('party');
    await eventually(async () => assert.equal(await parties.count(), 3), SLOW);
    assert.equal(await consult.count(), 0, 'the consult panel is gone');
    // Three rows may show before every party's state has caught up (each leg's change is its own view).
    await eventually(
      async () =>
        assert.deepEqual(await partyRows(alice.page), [
          [alice.view().interaction!.parties.find((p) => p.role === 'customer')!.label, 'Caller · Connected'],
          ['Alice Nguyen (you)', 'Agent · Connected'],
          ['Bob Smith', 'Agent · Connected'],
        ]),
      SLOW,
    );
    assert.equal(alice.view().interaction?.conference, true);
    await eventually(async () => assert.equal(await bob.page.getByTestId('party').count(), 3), SLOW);
    await waitForText(bob.page.getByTestId('parties'), /Conference\s*\(3 on the call\)/, SLOW);
    heard.merged = await ears('the conference', { alice: ['caller', 'bob'], bob: ['caller', 'alice'], caller: ['alice', 'bob'] });
    await snap(alice.page, 'conference');

    // Hang up → Leave: alice wraps, bob and the caller go on talking.
    await button(alice.page, 'Hang up').click();
    const leave = alice.page.getByRole('dialog', { name: 'Hang up' });
    await leave.waitFor({ timeout: SLOW });
    await snap(alice.page, 'leave-dialog');
    await button(alice.page, 'Leave').click();
    await callTitle(alice, /Ended call/);
    assert.equal(alice.view().activity, 'wrap');
    assert.equal(alice.view().interaction?.endCause, 'left-conference');
    await button(alice.page, 'Wrap call').waitFor({ timeout: SLOW });
    assert.equal(bob.view().interaction?.state, 'connected', 'bob and the caller go on');
    await callTitle(bob, /Ongoing call/);
    // Bob's call is back to two: an ordinary call again (no parties list, Transfer offered, no Leave).
    await eventually(async () => assert.deepEqual(await partyRows(bob.page), []), SLOW);
    assert.deepEqual(
      bob.view().interaction?.parties.map((p) => p.label),
      [alice.view().interaction!.customerNumber, 'Bob Smith'],
    );
    assert.equal(bob.view().interaction?.conference, false);
    assert.equal(bob.view().interaction?.capabilities.canTransfer, true);
    assert.equal(bob.view().interaction?.capabilities.canLeave, false);
    heard.left = await ears('after alice left', { alice: [], bob: ['caller'], caller: ['bob'] });
    assert.equal(alice.view().voice.status, 'connected', "alice's Web Connect line stays up");
    // From the top (Hang up, at the bottom, left the page scrolled under the sticky header).
    await alice.page.evaluate(`(() => {
      const c = document.querySelector('.app > .content');
      if (c) c.scrollTop = 0;
      document.scrollingElement.scrollTop = 0;
    })()`);
    await snap(alice.page, 'left-wrap');
    await snap(bob.page, 'bob-after-leave');

    // The caller hangs up; each agent wraps their own part.
    const bobIid = bob.view().interaction!.id;
    caller.hangup();
    await callTitle(bob, /Ended call/);
    await alice.page.getByLabel('Outcome').selectOption({ label: 'Follow-up' });
    await button(alice.page, 'Wrap call').click();
    await button(bob.page, 'Wrap call').click();
    await eventually(async () => assert.equal(await alice.page.getByTestId('call').count(), 0), SLOW);
    await eventually(async () => assert.equal(await bob.page.getByTestId('call').count(), 0), SLOW);
    assert.equal(presenceOf(alice.view()), 'available');
    await sleep(300);

    // The caller's ear, in order: alice; (held: neither agent, music); both merged; bob once alice left.
    const tones = { alice: TONE.alice, bob: TONE.bob };
    const order = heardInOrder(caller, tones);
    const withMusic = heardInOrder(caller, tones, 20, true);
    t.diagnostic(`caller heard in order: ${JSON.stringify(withMusic)}; agents' probes: ${JSON.stringify(heard)}`);
    // In order over the whole call (per step above; a loaded machine can drop one voice for a moment).
    assert.ok(
      inOrder(order, ['alice', 'alice+bob', 'bob']) && order[0] === 'alice' && order.at(-1) === 'bob',
      `the caller: alice; held; both merged; bob once alice left (${order.join(', ')})`,
    );
    assert.ok(inOrder(withMusic, ['alice', 'other', 'alice+bob']), `the held caller heard music between (${withMusic.join(', ')})`);

    // Each part in its own record: alice's keeps the steps; bob's says who handed it on.
    const ra = (await srv.record(id))!;
    assert.deepEqual([ra.agentId, ra.outcomeId, ra.endCause], ['alice', 'follow-up', 'left-conference']);
    assert.deepEqual(
      (ra.steps ?? []).map((x) => x.step),
      ['started', 'answered', 'merged', 'left'],
    );
    const rb = (await srv.record(bobIid))!;
    assert.deepEqual([rb.agentId, rb.outcomeId, rb.transferredFrom?.agentId], ['bob', 'resolved', 'alice']);
    t.diagnostic(`runtime of the steps: ${((Date.now() - started) / 1000).toFixed(1)} s`);
  });

  /**
   * Who each agent hears now, by their page's probe: after a settling second, until each tone
   * expected has been heard in 20 windows of 50 ms (then 1.5 s more), and no window may carry a
   * tone not expected beyond a few (a frame or two of the step before). The caller's phone over the
   * same stretch of its dump: each voice expected in most 20 ms blocks, the others in hardly any
   * ('music': most blocks sound like none of them). Returns what was counted (the pages: hits per
   * tone and its mean share of the energy in the loud windows; the caller: shares of blocks).
   */
  async function ears(step: string, expect: { alice: string[]; bob: string[]; caller: string[] }): Promise<Record<string, unknown>> {
    await sleep(1000);
    const tabs = { alice, bob };
    const start = { alice: await readToneProbe(alice.page, AUDIO), bob: await readToneProbe(bob.page, AUDIO) };
    let callerFrom = dumpLength(caller);
    for (let i = 0; callerFrom === 0 && i < 40; i++) callerFrom = (await sleep(50), dumpLength(caller));
    const since = async (who: 'alice' | 'bob'): Promise<Heard> => {
      const now = await readToneProbe(tabs[who].page, AUDIO);
      const s = start[who];
      const loud = now.loud - s.loud;
      const hits = Object.fromEntries(Object.entries(TONE).map(([name, f]) => [name, (now.hits[f] ?? 0) - (s.hits[f] ?? 0)]));
      const share = Object.fromEntries(Object.entries(TONE).map(([name, f]) => [name, Number((((now.shares[f] ?? 0) - (s.shares[f] ?? 0)) / Math.max(1, loud)).toFixed(2))]));
      return { windows: now.windows - s.windows, loud, hits, share };
    };
    const enough = async () => {
      for (const who of ['alice', 'bob'] as const) {
        const r = await since(who);
        if (expect[who].some((name) => (r.hits[name] ?? 0) < 20)) return false;
      }
      return true;
    };
    const deadline = Date.now() + SLOW;
    while (!(await enough()) && Date.now() < deadline) await sleep(250);
    await sleep(1500);
    const out = { alice: await since('alice'), bob: await since('bob'), caller: heardBetween(caller, { alice: TONE.alice, bob: TONE.bob }, callerFrom, dumpLength(caller)) };
    const wrong: string[] = [];
    // The caller's phone: each voice expected in most blocks (a loaded machine drops some), the others in hardly any.
    for (const name of ['alice', 'bob']) {
      const sh = out.caller.share[name] ?? 0;
      if (expect.caller.includes(name) ? sh < 0.6 : sh > 0.05) wrong.push(`caller ${expect.caller.includes(name) ? 'does not hear' : 'hears'} ${name}`);
    }
    if (expect.caller.includes('music') && (out.caller.share.other ?? 0) < 0.6) wrong.push('caller does not hear music');
    for (const who of ['alice', 'bob'] as const) {
      const r = out[who];
      for (const name of Object.keys(TONE)) {
        const n = r.hits[name] ?? 0;
        if (expect[who].includes(name) ? n < 20 : n > Math.max(3, r.windows * 0.05)) wrong.push(`${who} ${expect[who].includes(name) ? 'does not hear' : 'hears'} ${name}`);
      }
    }
    assert.deepEqual(wrong, [], `${step}: ${JSON.stringify(out)}`);
    return out;
  }
});

/** Web Connect, persistent, from the Phone Connection screen; then the probe on what the page plays. */
async function connectWeb(a: AgentTab): Promise<void> {
  await a.page.getByRole('radio', { name: /Web Connect/ }).check();
  await a.page.getByRole('radio', { name: /^Persistent Connection/ }).check();
  await button(a.page, 'Connect').click();
  await eventually(async () => assert.equal(a.view().voice.status, 'connected', JSON.stringify(a.view().voice)), SLOW);
  assert.equal(a.view().voice.method, 'web');
  await eventually(async () => assert.equal(await a.page.locator(AUDIO).getAttribute('data-state'), 'connected'), SLOW);
  await waitForText(a.page.locator('main'), /Phone connected \(Web Connect\)/, SLOW);
  await startToneProbe(a.page, AUDIO, Object.values(TONE), SHARE);
}

/** A tone WAV like makeToneWav's (8 kHz, 30 s of silence after) at `vol` of full scale. */
function quietToneWav(path: string, freq: number, seconds: number, vol: number): void {
  const r = spawnSync('sox', ['-n', '-r', '8000', '-c', '1', '-b', '16', path, 'synth', String(seconds), 'sine', String(freq), 'vol', String(vol), 'pad', '0', '30']);
  if (r.status !== 0) throw new Error(`sox failed: ${r.stderr}`);
}

/** The parties list as [name, "Role · State"] rows, in screen order. */
async function partyRows(page: Page): Promise<Array<[string, string]>> {
  const rows: Array<[string, string]> = [];
  for (const p of await page.getByTestId('party').all()) {
    rows.push([(await p.locator('.party-name').textContent()) ?? '', ((await p.locator('.party-who .muted').textContent()) ?? '').replace(/\s+/g, ' ').trim()]);
  }
  return rows;
}
