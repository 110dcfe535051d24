import assert from 'node:assert/strict';
import WebSocket from 'ws';
import { FLOOR_EVENTS_PATH, floorServerMessageSchema, type FloorAgent, type FloorMonitor } from '@switchboard/protocol';

/**
 * A supervisor's floor WebSocket as the workspace page keeps it: the snapshot, then each
 * `changes` applied in seq order (a gap fails the test), so a test reads what that page would
 * show now. Every message is parsed with the protocol's schema.
 */
export class FloorWatch {
  readonly agents = new Map<string, FloorAgent>();
  private seq = -1;
  private constructor(private readonly ws: WebSocket) {}

  static async open(baseUrl: string, token: string): Promise<FloorWatch> {
    const ws = new WebSocket(baseUrl.replace(/^http/, 'ws') + FLOOR_EVENTS_PATH);
    const w = new FloorWatch(ws);
    ws.on('message', (d) => w.apply(d.toString()));
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    ws.send(JSON.stringify({ type: 'hello', token, clientId: `floor-${Math.random().toString(36).slice(2, 12)}` }));
    await w.until(
      () => 'the snapshot',
      () => w.seq >= 0,
    );
    return w;
  }

  /** The monitoring shown on this agent's call now (undefined: no call on the floor). */
  monitor(agentId: string): FloorMonitor | null | undefined {
    return this.agents.get(agentId)?.call?.monitor;
  }

  /** Waits for the page's view to show `want` on the agent's call (pushed: nothing here asks the server). */
  async shows(agentId: string, want: Partial<FloorMonitor> | null, ms = 10_000): Promise<FloorMonitor | null> {
    const ok = () => {
      const m = this.monitor(agentId);
      if (want === null) return m === null;
      return !!m && Object.entries(want).every(([k, v]) => m[k as keyof FloorMonitor] === v);
    };
    await this.until(() => `${agentId}'s call to show ${JSON.stringify(want)} (shows ${JSON.stringify(this.monitor(agentId))})`, ok, ms);
    return this.monitor(agentId) ?? null;
  }

  close(): void {
    this.ws.close();
  }

  private apply(raw: string): void {
    const m = floorServerMessageSchema.parse(JSON.parse(raw));
    if (m.type === 'snapshot') {
      this.seq = m.seq;
      this.agents.clear();
      for (const a of m.floor.agents) this.agents.set(a.agentId, a);
    } else if (m.type === 'changes') {
      assert.equal(m.seq, this.seq + 1, 'floor changes in seq order, none missed');
      this.seq = m.seq;
      for (const a of m.agents) this.agents.set(a.agentId, a);
      for (const id of m.gone) this.agents.delete(id);
    }
  }

  private async until(what: () => string, check: () => boolean, ms = 10_000): Promise<void> {
    const end = Date.now() + ms;
    while (!check()) {
      if (Date.now() > end) assert.fail(`timed out waiting for ${what()}`);
      await new Promise((r) => setTimeout(r, 10));
    }
  }
}
