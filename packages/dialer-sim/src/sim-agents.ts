import type { PacingAgentView } from '@switchboard/core';
import { checkAgentMove } from './agent-states';

/** Agent states as numbers, in SIM_AGENT_STATES order (see agent-states.ts for the table). */
export const enum St {
  Ready = 0,
  Talking,
  Machine,
  Wrap,
  Paused,
}

/** What the policy sees of one agent; updated only when the agent changes state. */
export interface SimAgentView {
  activity: PacingAgentView['activity'];
  sinceMs: number;
  answeredAfterMs: number | undefined;
}

/**
 * The agents of one simulated shift (day.ts): each one's state as a number (every move checked
 * against agent-states.ts), since when, a pause waiting for the call to end or the current
 * pause's start, and what the pacing policy sees of them. The policy's views, counts and
 * unpaused list are kept up to date on every move, so each decision reads them without a scan.
 */
export class SimAgents {
  readonly st: Uint8Array;
  readonly since: Float64Array;
  /** Pending pause duration (ms), 0 = none. */
  readonly pausePending: Float64Array;
  readonly pausedAt: Float64Array;
  readonly views: SimAgentView[] = [];
  readonly counts: { ready: number; talking: number; wrap: number };
  private readonly unpaused: PacingAgentView[];
  private dirty = false;

  constructor(
    readonly n: number,
    dayStart: number,
  ) {
    this.st = new Uint8Array(n); // all St.Ready
    this.since = new Float64Array(n).fill(dayStart);
    this.pausePending = new Float64Array(n);
    this.pausedAt = new Float64Array(n);
    for (let a = 0; a < n; a++) this.views.push({ activity: 'ready', sinceMs: dayStart, answeredAfterMs: undefined });
    this.counts = { ready: n, talking: 0, wrap: 0 };
    this.unpaused = [...this.views];
  }

  /** Moves agent `a` to `s` at `t` (throws on a move the table forbids). */
  set(a: number, s: St, t: number): void {
    const { st, counts } = this;
    const old = st[a]!;
    checkAgentMove(old, s);
    if (old === St.Ready) counts.ready--;
    else if (old === St.Talking || old === St.Machine) counts.talking--;
    else if (old === St.Wrap) counts.wrap--;
    if (s === St.Ready) counts.ready++;
    else if (s === St.Talking || s === St.Machine) counts.talking++;
    else if (s === St.Wrap) counts.wrap++;
    if ((old === St.Paused) !== (s === St.Paused)) this.dirty = true;
    st[a] = s;
    this.since[a] = t;
    const v = this.views[a]!;
    v.activity = s === St.Ready ? 'ready' : s === St.Wrap ? 'wrap' : 'talking';
    v.sinceMs = t;
    v.answeredAfterMs = undefined;
  }

  /** The views of agents not paused (one array, refilled only after a pause began or ended). */
  observed(): PacingAgentView[] {
    if (this.dirty) {
      this.dirty = false;
      this.unpaused.length = 0;
      for (let a = 0; a < this.n; a++) if (this.st[a] !== St.Paused) this.unpaused.push(this.views[a]!);
    }
    return this.unpaused;
  }
}
