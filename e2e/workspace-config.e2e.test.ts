import assert from 'node:assert/strict';
import { cpSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { FastifyInstance } from 'fastify';
import { launchChromium } from './support/chromium';
import { startDemoApp } from './support/server';
import { ensureWorkspaceBuilt } from './support/workspace-server';
import { screenshotter } from './support/artifacts';
import { expectControlsNamed, expectNoHorizontalScroll } from './support/adapter-page';
import { eventually, waitForText } from './support/eventually';
import { focused, tabUntil } from './support/keyboard';

const root = new URL('../', import.meta.url).pathname;

/**
 * Configuration in the supervisor's workspace (issue 20.6), in Chromium on a copy of the demo
 * workspace file: an admin edits a pause reason (its name and "takes transfers while paused") by
 * keyboard and an agent sees it; invalid edits show the server's problems next to the fields and
 * leave the file's bytes as they were; export and import; a supervisor's narrower page. No fixed ports.
 */
describe('supervisor workspace: configuration in Chromium', () => {
  let server: { app: FastifyInstance; baseUrl: string; close(): Promise<void> };
  let browser: Browser;
  let file: string;
  const shot = screenshotter('workspace-config');

  before(async () => {
    await ensureWorkspaceBuilt();
    browser = await launchChromium();
    server = await startDemoApp('switchboard-e2e-cfg-', (dataDir) => {
      // The test edits the file: a copy (with its announcements and prompts) in the server's temp dir.
      for (const p of ['demo-workspace.yaml', 'announcements', 'prompts']) cpSync(join(root, 'config', p), join(dataDir, 'ws', p), { recursive: true });
      file = join(dataDir, 'ws', 'demo-workspace.yaml');
      return { workspaceFile: file, workspaceUiDir: join(root, 'packages/workspace-ui/dist') };
    });
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  async function api<T>(method: string, path: string, token?: string, body?: unknown): Promise<T> {
    const res = await fetch(server.baseUrl + path, {
      method,
      headers: { ...(body ? { 'content-type': 'application/json' } : {}), ...(token ? { authorization: `Bearer ${token}` } : {}) },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    const json = (await res.json()) as T;
    assert.equal(res.status, 200, `${path}: ${JSON.stringify(json)}`);
    return json;
  }

  async function openConfig(username: string, password: string): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser.newContext({ viewport: { width: 1024, height: 768 }, acceptDownloads: true });
    const page = await context.newPage();
    await page.goto(`${server.baseUrl}/workspace/`);
    await page.getByLabel('Username').fill(username);
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByRole('navigation', { name: 'Workspace' }).getByRole('link', { name: 'Configuration' }).click();
    await page.getByRole('heading', { name: 'Configuration', level: 1 }).waitFor();
    await page.getByRole('heading', { name: 'Pause reasons', level: 2 }).waitFor();
    return { context, page };
  }

  it('an admin edits a pause reason by keyboard, and an agent sees the change', async () => {
    const { context, page } = await openConfig('admin', 'admin1234');
    try {
      const items = page.getByTestId('config-items');
      await items.getByRole('row', { name: /lunch/ }).waitFor();
      await page.getByRole('button', { name: 'Edit pause reason lunch' }).focus();
      await page.keyboard.press('Enter');
      const form = page.getByRole('form', { name: 'Edit pause reason lunch' });
      await form.waitFor();
      await expectControlsNamed(page);
      await expectNoHorizontalScroll(page);
      // The fields by their labels; then Tab on to Save and press Enter.
      const name = form.getByLabel('Name', { exact: true });
      await name.focus();
      await name.fill('Long lunch');
      await tabUntil(page, 'the takes-transfers checkbox', (f) => f.tag === 'input' && f.type === 'checkbox');
      await page.keyboard.press('Space');
      assert.equal(await form.getByLabel('Takes transfers while paused').isChecked(), true);
      await shot(page, 'pause-reason-form');
      const save = await tabUntil(page, 'Save', (f) => f.name === 'Save pause reason');
      assert.notEqual(save.outline, 'none 0px', 'Save shows where focus is');
      await page.keyboard.press('Enter');
      await waitForText(page.getByTestId('config-status'), /Saved pause reason lunch/);
      await items.getByRole('row', { name: /lunch Long lunch/ }).waitFor();
      // The change is audited with who and when.
      await page.getByText(/^Recent changes/).click();
      await waitForText(page.getByTestId('config-changes').locator('tbody tr').first(), /admin \(admin\)updated pauseReasons lunch/);
      await shot(page, 'pause-reason-saved');

      // The file, and an agent's view, follow.
      assert.match(readFileSync(file, 'utf8'), /- id: lunch\n\s+name: Long lunch\n\s+takesTransfers: true/);
      const bob = (await api<{ token: string }>('POST', '/api/v1/auth/login', undefined, { username: 'bob', password: 'demo1234' })).token;
      const view = await api<{ pauseReasons: Array<{ id: string; name: string }> }>('GET', '/api/v1/agent/state', bob);
      assert.equal(view.pauseReasons.find((r) => r.id === 'lunch')?.name, 'Long lunch', 'the agent is offered the renamed reason');
      const stored = await server.app.switchboard.store.agents.getPauseReason('lunch');
      assert.equal(stored?.takesTransfers, true, 'agents paused for lunch now take transfers');
      await api('POST', '/api/v1/auth/logout', bob);
    } finally {
      await context.close();
    }
  });

  it('invalid edits show the server’s problem next to the field and change nothing', async () => {
    const { context, page } = await openConfig('admin', 'admin1234');
    try {
      const before = readFileSync(file, 'utf8');
      await page.getByRole('button', { name: 'Edit pause reason break' }).click();
      const form = page.getByRole('form', { name: 'Edit pause reason break' });
      await form.getByLabel('Name', { exact: true }).fill('');
      await form.getByRole('button', { name: 'Save pause reason' }).click();
      await waitForText(form.getByTestId('error-name'), /must not be empty/);
      await waitForText(page.getByTestId('config-error'), /nothing was changed/);
      const name = form.getByLabel('Name', { exact: true });
      assert.equal(await name.getAttribute('aria-invalid'), 'true');
      assert.match((await name.getAttribute('aria-describedby')) ?? '', /cfg-pauseReasons-name-error/);
      // Focus moves in the form's effect after the problems render.
      await eventually(async () => assert.equal((await focused(page)).id, 'cfg-pauseReasons-name'));
      await shot(page, 'pause-reason-refused');
      assert.equal(readFileSync(file, 'utf8'), before, 'the file is unchanged');

      // A campaign: a default wrap code that is not one of its wrap codes (the loader's cross-check).
      await page.getByRole('navigation', { name: 'Configuration sections' }).getByRole('button', { name: 'Campaigns' }).click();
      await page.getByRole('button', { name: 'Edit campaign care-inbound' }).click();
      const campaign = page.getByRole('form', { name: 'Edit campaign care-inbound' });
      await campaign.getByLabel('Default wrap code').fill('nope');
      await campaign.getByLabel('transfer number 1 Number').fill('not a number');
      await campaign.getByRole('button', { name: 'Save campaign' }).click();
      await waitForText(campaign.getByTestId('error-defaultWrapCode'), /nope/);
      await waitForText(campaign.getByTestId('error-transferNumbers'), /number/);
      await shot(page, 'campaign-refused');
      assert.equal(readFileSync(file, 'utf8'), before, 'the file is unchanged');

      // Fixed, it saves: wrap codes and transfer numbers are edited as rows.
      await campaign.getByLabel('Default wrap code').fill('follow-up');
      await campaign.getByLabel('transfer number 1 Number').fill('0491 570 109');
      await campaign.getByRole('button', { name: 'Add wrap code' }).click();
      await campaign.getByLabel('wrap code 4 Id').fill('sale');
      await campaign.getByLabel('wrap code 4 Name').fill('Sale made');
      await campaign.getByRole('button', { name: 'Save campaign' }).click();
      await waitForText(page.getByTestId('config-status'), /Saved campaign care-inbound/);
      const saved = readFileSync(file, 'utf8');
      assert.match(saved, /defaultWrapCode: follow-up/);
      assert.match(saved, /id: sale\n\s+name: Sale made/);
    } finally {
      await context.close();
    }
  });

  it('a workflow is edited as forms, object by object, and checked like the file', async () => {
    const { context, page } = await openConfig('admin', 'admin1234');
    try {
      await page.getByRole('navigation', { name: 'Configuration sections' }).getByRole('button', { name: 'Workflows' }).click();
      await page.getByRole('button', { name: 'Edit workflow to-sales' }).click();
      const form = page.getByRole('form', { name: 'Edit workflow to-sales' });
      const first = form.getByTestId('wf-object-0');
      assert.equal(await first.getByLabel('Queue', { exact: true }).inputValue(), 'sales-queue');
      // Two objects with one id, the start pointing at neither: refused, each problem beside its field.
      await first.getByLabel('Id', { exact: true }).fill('to-queue');
      await form.getByRole('button', { name: 'Add object' }).click();
      const second = form.getByTestId('wf-object-1');
      await second.getByLabel('Type', { exact: true }).selectOption('hangup');
      await second.getByLabel('Id', { exact: true }).fill('to-queue');
      const before = readFileSync(file, 'utf8');
      await form.getByRole('button', { name: 'Save workflow' }).click();
      await waitForText(form.getByTestId('error-start'), /queue/);
      await waitForText(form.getByTestId('error-objects-1'), /duplicate/);
      await expectControlsNamed(page);
      await shot(page, 'workflow-refused');
      assert.equal(readFileSync(file, 'utf8'), before, 'the file is unchanged');
      // Fixed: the second object greets the caller, then queues them; the workflow starts there.
      await second.getByLabel('Type', { exact: true }).selectOption('play');
      await second.getByLabel('Id', { exact: true }).fill('welcome');
      await second.getByLabel('WAV file').fill('prompts/welcome.wav');
      await second.getByLabel('Then go to').fill('to-queue');
      await form.getByLabel('Start object').fill('welcome');
      await form.getByRole('button', { name: 'Save workflow' }).click();
      await waitForText(page.getByTestId('config-status'), /Saved workflow to-sales/);
      assert.match(
        readFileSync(file, 'utf8'),
        /start: welcome\n\s+objects:\n\s+- id: to-queue\n\s+type: queue\n\s+queue: sales-queue\n\s+- id: welcome\n\s+type: play\n\s+file: prompts\/welcome.wav\n\s+next: to-queue/,
      );
    } finally {
      await context.close();
    }
  });

  it("a queue's overflow is a form; a message file that does not exist is refused beside it", async () => {
    const { context, page } = await openConfig('admin', 'admin1234');
    try {
      await page.getByRole('navigation', { name: 'Configuration sections' }).getByRole('button', { name: 'Queues' }).click();
      await page.getByRole('button', { name: 'Edit queue sales-queue' }).click();
      const form = page.getByRole('form', { name: 'Edit queue sales-queue' });
      await form.getByLabel('Maximum wait (s)').fill('60');
      await form.getByLabel('When the wait runs out').selectOption({ label: 'A message, then hang up' });
      await form.getByLabel('Message WAV').fill('prompts/no-such-file.wav');
      const before = readFileSync(file, 'utf8');
      await form.getByRole('button', { name: 'Save queue' }).click();
      await waitForText(form.getByTestId('error-overflow'), /file not found/);
      assert.equal(readFileSync(file, 'utf8'), before, 'the file is unchanged');
      await form.getByLabel('When the wait runs out').selectOption({ label: 'Another queue' });
      await form.getByLabel('Queue', { exact: true }).selectOption('care-queue');
      await form.getByRole('button', { name: 'Save queue' }).click();
      await waitForText(page.getByTestId('config-status'), /Saved queue sales-queue/);
      assert.match(
        readFileSync(file, 'utf8'),
        /- id: sales-queue\n\s+name: Sales queue\n\s+campaign: sales-outbound\n\s+maxWaitSeconds: 60\n\s+overflow:\n\s+type: queue\n\s+queue: care-queue/,
      );
      await shot(page, 'queue-overflow-saved');
    } finally {
      await context.close();
    }
  });

  it('an admin edits a DNIS and the dial plan: a refusal beside the field and in a toast, then saved by keyboard', async () => {
    const { context, page } = await openConfig('admin', 'admin1234');
    const sections = page.getByRole('navigation', { name: 'Configuration sections' });
    try {
      // DNIS: keyed by the number; a new one on the call-in number is refused beside the Number field.
      await sections.getByRole('button', { name: 'DNIS' }).click();
      const items = page.getByTestId('config-items');
      await items.getByRole('row', { name: /\+61290000001 demo-care/ }).waitFor();
      await page.getByRole('button', { name: 'Add DNIS' }).click();
      const form = page.getByRole('form', { name: 'New DNIS' });
      await form.getByLabel('Number', { exact: true }).fill('+61290000000');
      await form.getByLabel('Workflow', { exact: true }).selectOption('to-sales');
      const before = readFileSync(file, 'utf8');
      await form.getByRole('button', { name: 'Save DNIS' }).click();
      await waitForText(form.getByTestId('error-number'), /callInNumber/);
      await waitForText(page.getByTestId('config-toast'), /^Not saved: Number: .*callInNumber/);
      const number = form.getByLabel('Number', { exact: true });
      assert.equal(await number.getAttribute('aria-invalid'), 'true');
      await eventually(async () => assert.equal((await focused(page)).id, 'cfg-dnis-number'), 2000);
      await shot(page, 'dnis-refused');
      assert.equal(readFileSync(file, 'utf8'), before, 'the file is unchanged');
      await page.getByRole('button', { name: 'Dismiss notification' }).click();
      assert.equal(await page.getByTestId('config-toast').count(), 0);
      // Fixed, by keyboard: the number typed, Tab to Save, Enter.
      await number.fill('+61290000002');
      await tabUntil(page, 'Save', (f) => f.name === 'Save DNIS');
      await page.keyboard.press('Enter');
      await waitForText(page.getByTestId('config-status'), /Saved DNIS \+61290000002/);
      await items.getByRole('row', { name: /\+61290000002 to-sales/ }).waitFor();
      assert.match(readFileSync(file, 'utf8'), /- number: "\+61290000002"\n\s+workflow: to-sales/);

      // The dial plan: one form; a country that is not a code is refused beside its field.
      await sections.getByRole('button', { name: 'Dial plan' }).click();
      const plan = page.getByRole('form', { name: 'Edit dial plan' });
      const countries = plan.getByLabel('Countries allowed');
      assert.equal(await countries.inputValue(), 'AU');
      assert.equal(await plan.getByLabel('Premium rate').isChecked(), true);
      await countries.fill('AU Australia');
      const unplanned = readFileSync(file, 'utf8');
      await plan.getByRole('button', { name: 'Save dial plan' }).click();
      await waitForText(plan.getByTestId('error-allowCountries'), /country 2: must be a two-letter country code/);
      await waitForText(page.getByTestId('config-toast'), /^Not saved: Countries allowed: must be a two-letter country code/);
      await expectControlsNamed(page);
      await expectNoHorizontalScroll(page);
      await shot(page, 'dial-plan-refused');
      assert.equal(readFileSync(file, 'utf8'), unplanned, 'the file is unchanged');
      // Fixed, by keyboard: New Zealand too, shared-cost numbers blocked, then Save.
      await countries.focus();
      await countries.fill('AU NZ');
      // The number types in the order listed: premium rate, then shared cost.
      await tabUntil(page, 'the first number type', (f) => f.tag === 'input' && f.type === 'checkbox');
      await page.keyboard.press('Tab');
      await page.keyboard.press('Space');
      assert.equal(await plan.getByLabel('Shared cost').isChecked(), true);
      await tabUntil(page, 'Save', (f) => f.name === 'Save dial plan');
      await page.keyboard.press('Enter');
      await waitForText(page.getByTestId('config-status'), /Saved the dial plan/);
      const saved = readFileSync(file, 'utf8');
      assert.match(saved, /dialPlan:\n\s+allowCountries: \[AU, NZ\]\n\s+blockTypes: \[PREMIUM_RATE, SHARED_COST\]\n\s+blockNumbers: \[\]/);
      assert.match(saved, /# --- Dial plan ---/, 'the comments stay');
      await shot(page, 'dial-plan-saved');
    } finally {
      await context.close();
    }
  });

  it('an admin adds a trunk with a password, which the page never shows again', async () => {
    const { context, page } = await openConfig('admin', 'admin1234');
    try {
      await page.getByRole('navigation', { name: 'Configuration sections' }).getByRole('button', { name: 'Trunks' }).click();
      await page.getByRole('button', { name: 'Add trunk' }).click();
      const form = page.getByRole('form', { name: 'New trunk' });
      await form.getByLabel('Name', { exact: true }).fill('carrier');
      await form.getByLabel('Address').fill('192.0.2.10:5080');
      await form.getByLabel('Credentials (calls out), Username').fill('61290000000');
      await form.getByLabel('Credentials (calls out), New password').fill('Trunk-Secret-9');
      await form.getByRole('button', { name: 'Add rule' }).first().click();
      await form.getByLabel('rule 1 Pattern').fill('\\+61(\\d{9})');
      await form.getByLabel('rule 1 Replacement').fill('0$1');
      await form.getByLabel('Maximum calls at once').fill('4');
      await expectControlsNamed(page);
      await shot(page, 'trunk-form');
      await form.getByRole('button', { name: 'Save trunk' }).click();
      await waitForText(page.getByTestId('config-status'), /Saved trunk carrier/);
      await page
        .getByTestId('config-items')
        .getByRole('row', { name: /carrier 192\.0\.2\.10:5080/ })
        .waitFor();
      const all = readFileSync(file, 'utf8');
      const text = all.slice(all.indexOf('\ntrunks:\n') + 1);
      assert.match(text, /^trunks:\n\s+- name: carrier\n\s+address: 192.0.2.10:5080\n[\s\S]*?credentials:\n\s+username: "61290000000"\n\s+password: Trunk-Secret-9/);
      assert.match(text, /match: \\\+61\(\\d\{9\}\)\n\s+replace: 0\$1/);
      // Opened again: the username, never the password; saved as it is, the password stays.
      await page.getByRole('button', { name: 'Edit trunk carrier' }).click();
      const edit = page.getByRole('form', { name: 'Edit trunk carrier' });
      assert.equal(await edit.getByLabel('Credentials (calls out), Username').inputValue(), '61290000000');
      assert.equal(await edit.getByLabel('Credentials (calls out), New password').inputValue(), '');
      assert.ok(!(await page.content()).includes('Trunk-Secret-9'), 'the password is nowhere in the page');
      await edit.getByLabel('Maximum calls at once').fill('8');
      await edit.getByRole('button', { name: 'Save trunk' }).click();
      // The status said "Saved trunk carrier" already: wait for the file instead.
      await eventually(async () => {
        assert.equal(await page.getByTestId('config-error').count(), 0, 'no refusal');
        const after = readFileSync(file, 'utf8');
        assert.match(after.slice(after.indexOf('\ntrunks:\n') + 1), /^trunks:\n[\s\S]*password: Trunk-Secret-9[\s\S]*maxCalls: 8/);
      });
    } finally {
      await context.close();
    }
  });

  it('an admin exports the file without secrets and imports it back', async () => {
    const { context, page } = await openConfig('admin', 'admin1234');
    try {
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export YAML' }).click()]);
      const text = readFileSync((await download.path())!, 'utf8');
      assert.match(text, /pauseReasons:/);
      assert.ok(!text.includes('demo1234'), 'no password in the export');
      await page
        .getByLabel('Import YAML')
        .setInputFiles({ name: 'workspace.yaml', mimeType: 'application/yaml', buffer: Buffer.from(text.replace('name: Sales\n', 'name: Sales Team\n')) });
      await waitForText(page.getByTestId('config-status'), /Imported workspace.yaml/);
      await page.getByRole('button', { name: 'Teams' }).click();
      await page
        .getByTestId('config-items')
        .getByRole('row', { name: /sales Sales Team/ })
        .waitFor();
      // Users kept their passwords through an import that carried none.
      await api('POST', '/api/v1/auth/login', undefined, { username: 'carol', password: 'demo1234' });
    } finally {
      await context.close();
    }
  });

  it('a supervisor edits their own campaigns but only views pause reasons; no export or import', async () => {
    const { context, page } = await openConfig('sam', 'demo1234');
    try {
      await page.getByRole('button', { name: 'View pause reason lunch' }).waitFor();
      assert.equal(await page.getByRole('button', { name: /^Add / }).count(), 0);
      // Trunks are admins' alone: not even listed; the dial plan is read, not changed.
      const sections = page.getByRole('navigation', { name: 'Configuration sections' });
      assert.equal(await sections.getByRole('button', { name: 'Trunks' }).count(), 0);
      await sections.getByRole('button', { name: 'Dial plan' }).click();
      assert.equal(await page.getByRole('form', { name: 'Edit dial plan' }).getByRole('button', { name: 'Save dial plan' }).isDisabled(), true);
      assert.equal(await page.getByRole('button', { name: /^Remove the dial plan/ }).count(), 0);
      await sections.getByRole('button', { name: 'Pause reasons' }).click();
      assert.equal(await page.getByRole('button', { name: 'Export YAML' }).count(), 0);
      await page.getByRole('navigation', { name: 'Configuration sections' }).getByRole('button', { name: 'Campaigns' }).click();
      await page.getByRole('button', { name: 'Edit campaign care-inbound' }).waitFor();
      await page.getByRole('button', { name: 'View campaign renewals-predictive' }).waitFor();
      // An agent of sam's team: editable, but no password or PIN fields for a supervisor.
      await page.getByRole('navigation', { name: 'Configuration sections' }).getByRole('button', { name: 'Agents' }).click();
      await page.getByRole('button', { name: 'Edit agent bob' }).click();
      const bob = page.getByRole('form', { name: 'Edit agent bob' });
      await bob.getByLabel('Display name').waitFor();
      assert.equal(await bob.getByLabel('New password').count(), 0);
      assert.equal(await bob.getByLabel('New PIN').count(), 0);
      await page.getByRole('button', { name: 'View agent carol' }).waitFor();
      await page.getByRole('navigation', { name: 'Configuration sections' }).getByRole('button', { name: 'Campaigns' }).click();
      await shot(page, 'supervisor-campaigns');
      // A tablet: the section list goes above, nothing scrolls sideways, the form still fits.
      await page.setViewportSize({ width: 768, height: 1024 });
      await page.getByRole('button', { name: 'Edit campaign care-inbound' }).click();
      await page.getByRole('form', { name: 'Edit campaign care-inbound' }).waitFor();
      await expectNoHorizontalScroll(page);
      await expectControlsNamed(page);
      await shot(page, 'supervisor-tablet');
    } finally {
      await context.close();
    }
  });
});
