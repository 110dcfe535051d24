/**
 * The floor bench's browser workspaces: the real workspace UI (/workspace/) in headless Chromium,
 * logged in through its form, with a MutationObserver that stamps when each agent row's state
 * appears in the DOM and when the frame showing it has been painted (requestAnimationFrame, then a
 * message posted from it: that task runs after the frame's paint). Times are the page's
 * performance.timeOrigin + performance.now(), the same wall clock as the driver's; the offset is
 * measured by bracketing a read of the page's clock between two of Node's.
 */
import { performance } from 'node:perf_hooks';
import type { Browser, CDPSession, Page } from 'playwright-core';
import { launchChromium } from '../../e2e/support/chromium';

const wall = (): number => performance.timeOrigin + performance.now();

/**
 * Runs in the page before the app. Rows are `tr[data-testid="agent-row-<username>"]` (the bench's
 * agentId is the username); the state cell says "Paused" for a paused agent. `baseline()` reads
 * every row's state before the run, so that only changes are recorded. A sighting is
 * [username, presence, inDomAt, paintedAt].
 */
const OBSERVER = `(() => {
  const wall = () => performance.timeOrigin + performance.now();
  const last = new Map();
  const sightings = [];
  let pending = [];
  let armed = false;
  let on = false;
  const ch = new MessageChannel();
  ch.port1.onmessage = () => {
    const at = wall();
    for (const p of pending) { p.push(at); sightings.push(p); }
    pending = [];
    armed = false;
  };
  const presenceOf = (row) => {
    const cell = row.querySelector('[data-testid="agent-state"]');
    return cell && cell.textContent.includes('Paused') ? 'paused' : 'available';
  };
  const long = [];
  new PerformanceObserver((l) => { if (on) for (const e of l.getEntries()) long.push([e.startTime + performance.timeOrigin, e.duration]); }).observe({ type: 'longtask' });
  const ROW = 'tr[data-testid^="agent-row-"]';
  const mo = new MutationObserver((records) => {
    if (!on) return;
    const t = wall();
    const rows = new Set();
    for (const r of records) {
      const el = r.target.nodeType === 1 ? r.target : r.target.parentElement;
      const row = el && el.closest(ROW);
      if (row) rows.add(row);
      for (const n of r.addedNodes) if (n.nodeType === 1 && n.matches(ROW)) rows.add(n);
    }
    for (const row of rows) {
      const id = row.dataset.testid.slice(10);
      const p = presenceOf(row);
      if (last.get(id) === p) continue;
      last.set(id, p);
      pending.push([id, p, t]);
    }
    if (pending.length && !armed) {
      armed = true;
      requestAnimationFrame(() => ch.port2.postMessage(0));
    }
  });
  globalThis.__floorScreen = {
    baseline() {
      for (const row of document.querySelectorAll(ROW)) last.set(row.dataset.testid.slice(10), presenceOf(row));
      on = true;
      mo.observe(document.body, { subtree: true, childList: true, characterData: true });
      return last.size;
    },
    take() { on = false; mo.disconnect(); return { sightings: sightings.splice(0), long: long.splice(0) }; },
    clock() { return { perf: performance.timeOrigin + performance.now(), date: Date.now(), visible: document.visibilityState }; },
  };
})();`;

export type Sighting = { username: string; presence: string; domAt: number; paintedAt: number };
export type PageMetrics = { taskMs: number; scriptMs: number; layoutMs: number; styleMs: number; heapMb: number };
export type ClockCheck = { offsetMs: number; uncertaintyMs: number; dateMinusPerfMs: number; visible: string };

export interface ScreenPage {
  readonly username: string;
  readonly page: Page;
  /** Reads every row's state and starts recording changes; returns the number of rows in the DOM. */
  baseline(): Promise<number>;
  /** The sightings, and the long tasks (over 50 ms: [start wall ms, duration ms]) while recording. */
  take(): Promise<{ sightings: Sighting[]; long: Array<[number, number]> }>;
  clock(): Promise<ClockCheck>;
  /** The usernames of the agent rows in the page's DOM (the page of the table shown). */
  rowsShown(): Promise<string[]>;
  metrics(): Promise<PageMetrics>;
  profile(): Promise<{ stop(): Promise<unknown> }>;
}

const METRIC = { taskMs: 'TaskDuration', scriptMs: 'ScriptDuration', layoutMs: 'LayoutDuration', styleMs: 'RecalcStyleDuration' } as const;

async function openOne(browser: Browser, base: string, username: string, password: string, rowWanted: string): Promise<ScreenPage> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await page.addInitScript({ content: OBSERVER });
  page.on('pageerror', (e) => console.error(`page ${username}: ${e.message}`));
  await page.goto(`${base}/workspace/`);
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.getByTestId(`agent-row-${rowWanted}`).waitFor({ timeout: 60_000 });
  const cdp: CDPSession = await context.newCDPSession(page);
  await cdp.send('Performance.enable');
  return {
    username,
    page,
    baseline: () => page.evaluate('__floorScreen.baseline()') as Promise<number>,
    async take() {
      const raw = (await page.evaluate('__floorScreen.take()')) as { sightings: Array<[string, string, number, number]>; long: Array<[number, number]> };
      return { sightings: raw.sightings.map(([u, p, d, a]) => ({ username: u, presence: p, domAt: d, paintedAt: a })), long: raw.long };
    },
    rowsShown: () =>
      page.evaluate(`[...document.querySelectorAll('[data-testid^="agent-row-"]')].map((e) => e.getAttribute('data-testid').slice('agent-row-'.length))`) as Promise<string[]>,
    async clock() {
      const t1 = wall();
      const c = (await page.evaluate('__floorScreen.clock()')) as { perf: number; date: number; visible: string };
      const t2 = wall();
      return { offsetMs: c.perf - (t1 + t2) / 2, uncertaintyMs: (t2 - t1) / 2, dateMinusPerfMs: c.date - c.perf, visible: c.visible };
    },
    async metrics() {
      const { metrics } = (await cdp.send('Performance.getMetrics')) as { metrics: Array<{ name: string; value: number }> };
      const get = (n: string) => metrics.find((m) => m.name === n)?.value ?? 0;
      return {
        taskMs: get(METRIC.taskMs) * 1000,
        scriptMs: get(METRIC.scriptMs) * 1000,
        layoutMs: get(METRIC.layoutMs) * 1000,
        styleMs: get(METRIC.styleMs) * 1000,
        heapMb: get('JSHeapUsedSize') / 1e6,
      };
    },
    async profile() {
      await cdp.send('Profiler.enable');
      await cdp.send('Profiler.start');
      return { stop: async () => (await cdp.send('Profiler.stop')).profile };
    },
  };
}

/** Chromium with one page per workspace user; `rowWanted` is a row that shows the floor has loaded. */
export async function openScreens(
  base: string,
  users: Array<{ username: string; rowWanted: string }>,
  password: string,
): Promise<{ pages: ScreenPage[]; trace(page: Page, path: string): Promise<{ stop(): Promise<unknown> }>; close(): Promise<void> }> {
  const browser = await launchChromium();
  const pages: ScreenPage[] = [];
  for (const u of users) pages.push(await openOne(browser, base, u.username, password, u.rowWanted));
  return {
    pages,
    /** A DevTools timeline trace of one page (Layout, Paint, FunctionCall… with durations), for the Performance panel. */
    async trace(page, path) {
      await browser.startTracing(page, { path, categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline'] });
      return { stop: () => browser.stopTracing() };
    },
    close: () => browser.close(),
  };
}

/** Differences of two metric readings (the run's share). */
export function metricsDelta(a: PageMetrics, b: PageMetrics): PageMetrics {
  return { taskMs: b.taskMs - a.taskMs, scriptMs: b.scriptMs - a.scriptMs, layoutMs: b.layoutMs - a.layoutMs, styleMs: b.styleMs - a.styleMs, heapMb: b.heapMb };
}
