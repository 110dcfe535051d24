import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { makeToneWav, requireTool, tempDir } from '@switchboard/testkit';
import { DEMO_CARE_DNIS } from '@switchboard/server';
import { launchWithMicrophone } from './support/media-chromium';
import { startEngineServer, type EngineServer } from './support/engine-server';
import { logIn, expectDotMatchesView } from './support/adapter-page';
import { eventually, waitForText } from './support/eventually';
import { readToneProbe, startToneProbe, waitForTone } from './support/tone-probe';
import { screenshotter } from './support/artifacts';

// Ports: engine SIP 31000 (sandbox 31010), RTP 31020-31119, sandbox RTP 31120-31149; HTTP and WebRTC: any free port.

/** The agent's microphone plays 500 Hz, the demo caller's 1850 Hz (clear of DTMF, prompts and the 880 Hz beep). */
const AGENT_HZ = 500;
const CALLER_HZ = 1850;
const AGENT_AUDIO = '#web-phone-audio';
const CALLER_AUDIO = '#far-audio';

describe('Web Connect and the demo caller, in real Chromium over WebRTC', () => {
  let server: EngineServer;
  let agentBrowser: Browser;
  let callerBrowser: Browser;
  before(async () => {
    requireTool('sox');
    const dir = tempDir('e2e-webrtc');
    makeToneWav(join(dir, 'agent.wav'), AGENT_HZ, 60);
    makeToneWav(join(dir, 'caller.wav'), CALLER_HZ, 60);
    server = await startEngineServer({ base: 31000, rtp: { min: 31020, max: 31119 }, sandboxRtp: { min: 31120, max: 31149 } });
    agentBrowser = await launchWithMicrophone(join(dir, 'agent.wav'));
    callerBrowser = await launchWithMicrophone(join(dir, 'caller.wav'));
  });
  after(async () => {
    await agentBrowser?.close();
    await callerBrowser?.close();
    await server?.close();
  });

  const viewOf = (agentId: string) => server.app.switchboard.hub.view(agentId);

  async function agentPage(context: BrowserContext, username: string): Promise<Page> {
    const page = await context.newPage();
    await page.goto(server.baseUrl + '/');
    await logIn(page, username, 'demo1234');
    await page.getByRole('heading', { name: 'Phone Connection' }).waitFor();
    return page;
  }

  it('alice connects by Web Connect; the demo caller dials the care line, keys the IVR, is queued and reaches her; each hears the other; hang-ups close cleanly', async (t) => {
    const shot = screenshotter('webrtc-demo-caller');
    const agentCtx = await agentBrowser.newContext({ permissions: ['microphone'], viewport: { width: 360, height: 640 } });
    const callerCtx = await callerBrowser.newContext({ permissions: ['microphone'], viewport: { width: 420, height: 720 } });
    try {
      // Alice: Web Connect, persistent.
      const agent = await agentPage(agentCtx, 'alice');
      await agent.getByRole('radio', { name: /Web Connect/ }).check();
      await agent.getByRole('radio', { name: /^Persistent Connection/ }).check();
      await agent.getByRole('button', { name: 'Connect', exact: true }).click();
      await eventually(async () => assert.equal(viewOf('alice')?.voice.status, 'connected'), 20_000);
      assert.equal(viewOf('alice')?.voice.method, 'web');
      await waitForText(agent.locator('main'), /Phone connected \(Web Connect\)/, 10_000);
      await eventually(async () => assert.equal(await agent.locator(AGENT_AUDIO).getAttribute('data-state'), 'connected'), 15_000);
      await agent.locator('header .avatar').click();
      await agent.getByRole('menuitemradio', { name: 'Available' }).click();
      await eventually(async () => assert.equal(viewOf('alice')?.presence.kind, 'available'));
      assert.equal((await expectDotMatchesView(agent, server.baseUrl)).dot, 'green');
      await shot(agent, 'agent-web-connected');

      // The demo caller: labelled as a demo, lists the care line.
      const caller = await callerCtx.newPage();
      await caller.goto(server.baseUrl + '/demo-caller/');
      await waitForText(caller.getByRole('note'), /DEMO.*simulated customer/);
      assert.match(await caller.title(), /Demo caller/);
      await waitForText(caller.getByRole('status'), /Ready/);
      assert.equal(await caller.getByLabel('Number to call').inputValue(), DEMO_CARE_DNIS);
      await caller.getByRole('button', { name: 'Call' }).click();
      await eventually(async () => assert.equal(await caller.locator('body').getAttribute('data-state'), 'ivr'), 15_000);
      await waitForText(caller.getByRole('status'), /IVR/);
      await shot(caller, 'caller-ivr');

      // The IVR asks for the account number (placeholder prompts are short tones): key it as in-band DTMF
      // once the workflow collects digits (the engine's own state, as demoCallCareLine waits for; a fixed
      // 2 s could end before the prompts on a loaded machine, and the digits went unheard).
      const desk = server.app.switchboard.telephony!.desk;
      await eventually(
        async () =>
          assert.ok(
            desk.inboundCalls().some((c) => c.runner?.state === 'collecting'),
            'the IVR collects digits',
          ),
        30_000,
      );
      await caller.waitForTimeout(400);
      for (const k of ['4', '3', '2', '1']) await caller.getByRole('button', { name: k, exact: true }).click();
      await caller.getByRole('button', { name: 'Hash' }).click();
      assert.equal(await caller.locator('#keyed').textContent(), '4321#');

      // Queued, then straight in to alice (persistent path): the call screen shows the caller and the IVR data.
      await eventually(async () => assert.equal(viewOf('alice')?.interaction?.state, 'connected'), 30_000);
      const call = viewOf('alice')!.interaction!;
      assert.deepEqual(
        call.ivrData.map((e) => [e.label, e.value]),
        [['account', '4321']],
        'the keyed digits were detected in-band',
      );
      assert.equal(call.direction, 'IN');
      assert.equal(call.info.find((i) => i.key === 'platformPhone')?.value, DEMO_CARE_DNIS);
      await eventually(async () => assert.equal(await caller.locator('body').getAttribute('data-state'), 'with-agent'), 10_000);
      await waitForText(caller.getByRole('status'), /Talking to an agent/);
      await agent.locator('#call-title').waitFor({ timeout: 10_000 });
      await shot(agent, 'agent-on-call');

      // Audio both ways: each page hears the other's microphone tone.
      await startToneProbe(agent, AGENT_AUDIO, [CALLER_HZ, AGENT_HZ]);
      await startToneProbe(caller, CALLER_AUDIO, [AGENT_HZ, CALLER_HZ]);
      const atAgent = await waitForTone(agent, AGENT_AUDIO, CALLER_HZ, 15);
      const atCaller = await waitForTone(caller, CALLER_AUDIO, AGENT_HZ, 15);
      const own = (r: typeof atAgent, f: number) => (r.hits[f] ?? 0) / Math.max(1, r.loud);
      assert.ok(own(await readToneProbe(agent, AGENT_AUDIO), AGENT_HZ) < 0.1, `alice does not hear herself: ${JSON.stringify(atAgent)}`);
      assert.ok(own(await readToneProbe(caller, CALLER_AUDIO), CALLER_HZ) < 0.1, `the caller does not hear itself: ${JSON.stringify(atCaller)}`);
      t.diagnostic(`at alice (50 ms windows): ${JSON.stringify(atAgent)}; at the caller: ${JSON.stringify(atCaller)}`);

      // The caller hangs up: alice is in wrap, her Web Connect line stays up (persistent).
      await caller.getByRole('button', { name: 'Hang up' }).click();
      await waitForText(caller.getByRole('status'), /Call ended/);
      await eventually(async () => assert.equal(viewOf('alice')?.activity, 'wrap'), 10_000);
      assert.equal(viewOf('alice')?.voice.status, 'connected');
      assert.equal(await agent.locator(AGENT_AUDIO).getAttribute('data-state'), 'connected');
      await agent.getByRole('button', { name: 'Wrap call' }).click();
      await eventually(async () => assert.equal(viewOf('alice')?.activity, 'idle'), 10_000);

      // Disconnecting the phone closes the peer connection and leaves "Connect Voice" and red.
      await agent.getByRole('button', { name: 'Account Settings' }).click();
      await agent.getByRole('button', { name: 'Disconnect phone' }).click();
      await eventually(async () => assert.equal(await agent.locator(AGENT_AUDIO).getAttribute('data-state'), 'closed'), 10_000);
      await eventually(async () => assert.equal(viewOf('alice')?.voice.status, 'none'));
      const legs = server.app.switchboard.telephony!.stack.engine.listLegs().filter((l) => l.kind === 'webrtc');
      await eventually(
        async () =>
          assert.deepEqual(
            server.app.switchboard.telephony!.stack.engine.listLegs().filter((l) => l.kind === 'webrtc'),
            [],
          ),
        10_000,
      ).catch(() => {
        throw new Error(`webrtc legs left over: ${JSON.stringify(legs)}`);
      });
    } finally {
      await agentCtx.close();
      await callerCtx.close();
    }
  });

  it('a refused microphone: a clear message, nothing connects, and the agent is left on "Connect Voice" (red) to try again', async () => {
    // No microphone permission in this context: Chromium refuses getUserMedia.
    const ctx = await agentBrowser.newContext({ viewport: { width: 360, height: 640 } });
    try {
      const page = await agentPage(ctx, 'bob');
      await page.getByRole('radio', { name: /Web Connect/ }).check();
      await page.getByRole('button', { name: 'Connect', exact: true }).click();
      await waitForText(page.getByTestId('voice-error'), /Microphone access was refused/, 10_000);
      await waitForText(page.getByRole('alert').filter({ hasText: 'Microphone' }), /Allow the microphone/);
      assert.equal(viewOf('bob')?.voice.status, 'none', 'the server was never asked to connect');
      await page.getByRole('button', { name: 'Skip' }).click();
      await page.getByRole('button', { name: 'Connect Voice' }).waitFor();
      assert.equal((await expectDotMatchesView(page, server.baseUrl)).dot, 'red');
      assert.equal(await page.locator(AGENT_AUDIO).count(), 0, 'no peer connection was made');

      // Allowed now: the same agent tries again and connects.
      await ctx.grantPermissions(['microphone'], { origin: server.baseUrl });
      await page.getByRole('button', { name: 'Connect Voice' }).click();
      await page.getByRole('radio', { name: /Web Connect/ }).check();
      await page.getByRole('button', { name: 'Connect', exact: true }).click();
      await eventually(async () => assert.equal(viewOf('bob')?.voice.status, 'connected'), 20_000);
    } finally {
      await ctx.close();
    }
  });
});
