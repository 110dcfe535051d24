import { requireConfig } from './errors';

/** Ring seconds 0..60; the last bin holds everything longer. */
export const REPORT_BINS = 61;

export function ringBinOf(ms: number): number {
  return Math.min(REPORT_BINS - 1, Math.max(0, Math.floor(ms / 1000)));
}

/**
 * Agents' reports of answered calls (a person or a machine, and how long the call rang), kept
 * once for everything that learns from them: the pacing estimates (P(machine | ring second))
 * and the ring-out planner read the same reports. Each reader wants its own memory (the pacing
 * follows the last 600, the ring-out the last 2000), so each gets a `ReportWindow` over the
 * newest reports of its length; the store keeps as many as the longest window needs.
 */
export class AgentReports {
  private bins: Uint8Array;
  private machine: Uint8Array;
  private head = 0;
  private stored = 0;
  private readonly windows: ReportWindow[] = [];
  /** Bumped on every report, so readers can cache what they derive. */
  version = 0;

  constructor(capacity = 1) {
    requireConfig(capacity >= 1, 'report capacity must be positive');
    this.bins = new Uint8Array(capacity);
    this.machine = new Uint8Array(capacity);
  }

  get capacity(): number {
    return this.bins.length;
  }

  /** A view of the newest `length` reports (those already stored included), kept up to date. */
  window(length: number): ReportWindow {
    requireConfig(Number.isInteger(length) && length >= 1, 'a report window needs a positive length');
    if (length > this.capacity) this.grow(length);
    const w = new ReportWindow(length);
    const n = Math.min(length, this.stored);
    for (let k = n; k >= 1; k--) {
      const i = this.index(k);
      w.add(this.bins[i]!, this.machine[i] === 1);
    }
    this.windows.push(w);
    return w;
  }

  /** An agent reported a call that had rung `answeredAfterMs` a machine (or a person). */
  add(answeredAfterMs: number, machine: boolean): void {
    const bin = ringBinOf(answeredAfterMs);
    // Each full window forgets its oldest report first (it may sit in the slot written next).
    for (const w of this.windows) {
      if (w.size < w.length) continue;
      const i = this.index(w.length);
      w.remove(this.bins[i]!, this.machine[i] === 1);
    }
    this.bins[this.head] = bin;
    this.machine[this.head] = machine ? 1 : 0;
    this.head = (this.head + 1) % this.capacity;
    this.stored = Math.min(this.stored + 1, this.capacity);
    for (const w of this.windows) w.add(bin, machine);
    this.version++;
  }

  /** Buffer index of the report k places back (1 = the newest). */
  private index(k: number): number {
    return (this.head - k + this.capacity) % this.capacity;
  }

  private grow(capacity: number): void {
    const bins = new Uint8Array(capacity);
    const machine = new Uint8Array(capacity);
    // Oldest first, so the newest sits just before the new head.
    for (let k = this.stored, j = 0; k >= 1; k--, j++) {
      bins[j] = this.bins[this.index(k)]!;
      machine[j] = this.machine[this.index(k)]!;
    }
    this.bins = bins;
    this.machine = machine;
    this.head = this.stored % capacity;
  }
}

/** Counts of the newest `length` agents' reports per ring second (kept by AgentReports). */
export class ReportWindow {
  /** Reports counted (up to `length`). */
  size = 0;
  /** Machines among them. */
  machines = 0;
  /** Reports per ring second, and machines per ring second. */
  readonly perSecond = new Float64Array(REPORT_BINS);
  readonly machinesPerSecond = new Float64Array(REPORT_BINS);

  constructor(readonly length: number) {}

  /** @internal (AgentReports) */
  add(bin: number, machine: boolean): void {
    this.size++;
    this.perSecond[bin]!++;
    if (machine) {
      this.machines++;
      this.machinesPerSecond[bin]!++;
    }
  }

  /** @internal (AgentReports) */
  remove(bin: number, machine: boolean): void {
    this.size--;
    this.perSecond[bin]!--;
    if (machine) {
      this.machines--;
      this.machinesPerSecond[bin]!--;
    }
  }

  /** The machine share of all reports counted (0 before any). */
  machineShare(): number {
    return this.size > 0 ? this.machines / this.size : 0;
  }
}
