import { AgentReports, REPORT_BINS, type ReportWindow, ringBinOf } from './agent-reports';
import { lognormalParams, normalCdf } from './math';
import type { PacingEvent } from './types';

const BIN_MS = 1000;
const BINS = REPORT_BINS; // 0..60 s, the last bin holds everything longer
const binOf = ringBinOf;

/**
 * Running estimates a predictive policy needs, all from what the runtime reports:
 * - how placed calls resolve: over the last `dialWindow` resolved calls, the share that
 *   wanted an agent and the resolution-time histogram of each class (so the chance that a
 *   call still ringing at age a will want an agent, and the ring time of those that do);
 * - which answers are machines: over the last `dialWindow` calls agents reported (person or
 *   machine), the machine share per ring second. Calls nobody spoke to (drops) are never
 *   known; within a ring second persons and machines are routed alike, so the reported
 *   share stands for all answers of that second;
 * - talk time: the last `talkMemory` conversations and machine calls as they are (empirical
 *   survival), plus exponentially weighted moments of log(talk) (a lognormal fit, for reference);
 * - wrap time: exponentially weighted mean and variance.
 */
export class PacingEstimates {
  private readonly ringBins: Uint8Array;
  /** 0 = no agent wanted, 1 = wanted an agent. */
  private readonly ringWants: Uint8Array;
  private head = 0;
  private size = 0;
  private readonly wantHist = new Float64Array(BINS);
  private readonly otherHist = new Float64Array(BINS);
  private wantCount = 0;
  /** Agents' reports (ring second, machine?) over the last `dialWindow` reported calls. */
  private readonly rep: ReportWindow;
  /** Expected machines among wantHist (wantHist x P(machine | bin)), and their sum; cached. */
  private readonly machHist = new Float64Array(BINS);
  private machCount = 0;
  private machVersion = -1;
  /** The report store's version machHist was built at (others may add to the store directly). */
  private machReportsVersion = -1;
  private logMean = 0;
  private logVar = 0;
  private talkN = 0;
  private readonly talks: Float64Array;
  private talkHead = 0;
  private readonly shortCalls: Float64Array;
  private shortHead = 0;
  private shortN = 0;
  private readonly wraps: Float64Array;
  private wrapHead = 0;
  private wrapMean = 0;
  private wrapVar = 0;
  private wrapN = 0;
  /** Bumped on every change, so callers can cache derived tables. */
  version = 0;

  /**
   * `reports`: the store of agents' reports this feeds (observe() and addReport() add to it);
   * others may read it through their own windows (Switchboard's ring-out does).
   */
  constructor(
    readonly dialWindow = 600,
    readonly talkMemory = 400,
    readonly wrapMemory = 200,
    readonly reports: AgentReports = new AgentReports(dialWindow),
  ) {
    this.ringBins = new Uint8Array(dialWindow);
    this.ringWants = new Uint8Array(dialWindow);
    this.rep = reports.window(dialWindow);
    this.talks = new Float64Array(talkMemory);
    this.shortCalls = new Float64Array(talkMemory);
    this.wraps = new Float64Array(wrapMemory);
  }

  observe(e: PacingEvent): void {
    if (e.type === 'resolved') this.addResolution(e.afterMs, e.wantsAgent);
    else if (e.type === 'reported') this.addReport(e.answeredAfterMs, !e.live);
    else if (e.type === 'talk-ended' && e.live === false) this.addMachineCall(e.talkMs);
    else if (e.type === 'talk-ended') this.addTalk(e.talkMs);
    else if (e.type === 'wrap-ended') this.addWrap(e.wrapMs);
  }

  /** A placed call resolved after `afterMs` (wantsAgent: answered and routed to an agent). */
  addResolution(afterMs: number, wantsAgent: boolean): void {
    const bin = binOf(afterMs);
    if (this.size === this.dialWindow) {
      const oldBin = this.ringBins[this.head]!;
      if (this.ringWants[this.head]! > 0) {
        this.wantHist[oldBin]!--;
        this.wantCount--;
      } else this.otherHist[oldBin]!--;
    } else this.size++;
    this.ringBins[this.head] = bin;
    this.ringWants[this.head] = wantsAgent ? 1 : 0;
    this.head = (this.head + 1) % this.dialWindow;
    if (wantsAgent) {
      this.wantHist[bin]!++;
      this.wantCount++;
    } else this.otherHist[bin]!++;
    this.version++;
  }

  /** An agent reported a call that had rung `answeredAfterMs` a machine (or a person). */
  addReport(answeredAfterMs: number, machine: boolean): void {
    this.reports.add(answeredAfterMs, machine);
    this.version++;
  }

  /** Machines agents reported, among the last reports counted. */
  get reportedMachines(): number {
    return this.rep.machines;
  }

  /** Brings machHist (answers x P(machine | their ring second)) up to date. */
  private expectedMachines(): void {
    if (this.machVersion === this.version && this.machReportsVersion === this.reports.version) return;
    this.machVersion = this.version;
    this.machReportsVersion = this.reports.version;
    const pm = this.machineGivenAnswerTable();
    let sum = 0;
    for (let i = 0; i < BINS; i++) {
      this.machHist[i] = this.wantHist[i]! * pm[i]!;
      sum += this.machHist[i]!;
    }
    this.machCount = sum;
  }

  /**
   * Forgets how calls resolved (answer rate, ring times), keeping talk and wrap: a new shift
   * or list can answer quite differently from the last calls of the previous one.
   */
  forgetResolutions(): void {
    this.head = 0;
    this.size = 0;
    this.wantCount = 0;
    this.wantHist.fill(0);
    this.otherHist.fill(0);
    this.version++;
  }

  addTalk(talkMs: number): void {
    const x = Math.log(Math.max(talkMs, 500) / 1000);
    this.talks[this.talkHead] = talkMs / 1000;
    this.talkHead = (this.talkHead + 1) % this.talkMemory;
    this.talkN++;
    const a = 1 / Math.min(this.talkN, this.talkMemory);
    const d = x - this.logMean;
    this.logMean += a * d;
    this.logVar = (1 - a) * (this.logVar + a * d * d);
    this.version++;
  }

  /** A call an agent found to be a machine: no conversation, no wrap. */
  addMachineCall(ms: number): void {
    this.shortCalls[this.shortHead] = ms / 1000;
    this.shortHead = (this.shortHead + 1) % this.talkMemory;
    this.shortN++;
    this.version++;
  }

  /** Share of agent calls that turn out to be machines (among the last calls counted). */
  machineCallShare(): number {
    const m = Math.min(this.shortN, this.talkMemory);
    const l = Math.min(this.talkN, this.talkMemory);
    return m + l > 0 ? m / (m + l) : 0;
  }

  addWrap(wrapMs: number): void {
    const x = wrapMs / 1000;
    this.wraps[this.wrapHead] = x;
    this.wrapHead = (this.wrapHead + 1) % this.wrapMemory;
    this.wrapN++;
    const a = 1 / Math.min(this.wrapN, this.wrapMemory);
    const d = x - this.wrapMean;
    this.wrapMean += a * d;
    this.wrapVar = (1 - a) * (this.wrapVar + a * d * d);
    this.version++;
  }

  /** Calls resolved in the window. */
  get resolvedCount(): number {
    return this.size;
  }
  get talkCount(): number {
    return this.talkN;
  }

  /** Share of placed calls that end up wanting an agent. */
  connectRate(): number {
    return this.size > 0 ? this.wantCount / this.size : 0;
  }

  /**
   * Share of placed calls that want an agent, machines weighted by `machineWeight`
   * (a machine only costs an agent when one is free for it; 1 counts it as a person).
   */
  weightedConnectRate(machineWeight: number): number {
    if (this.size === 0) return 0;
    this.expectedMachines();
    return (this.wantCount - this.machCount + machineWeight * this.machCount) / this.size;
  }

  /**
   * For a call unresolved at age a (whole seconds, row) the chance it wants an agent
   * within the next h seconds (column, h = 0..hMax), machines weighted by `machineWeight`;
   * column hMax + 1 holds the chance it ever does. Rows are ages 0..60 s.
   */
  wantWithinTable(machineWeight: number, hMax: number): Float64Array[] {
    this.expectedMachines();
    const w = new Float64Array(BINS);
    const all = new Float64Array(BINS + 1);
    for (let i = BINS - 1; i >= 0; i--) {
      w[i] = this.wantHist[i]! - this.machHist[i]! + machineWeight * this.machHist[i]!;
      all[i] = all[i + 1]! + this.wantHist[i]! + this.otherHist[i]!;
    }
    const rows: Float64Array[] = [];
    for (let a = 0; a < BINS; a++) {
      const row = new Float64Array(hMax + 2);
      const denom = all[a]!;
      let acc = 0;
      // Resolving in bin i (i s <= t < i + 1 s) counts as within h of age a when i < a + h.
      for (let h = 0; h <= hMax; h++) {
        if (h > 0 && a + h - 1 < BINS) acc += w[a + h - 1]!;
        row[h] = denom > 0 ? acc / denom : 0;
      }
      let total = acc;
      for (let i = a + hMax; i < BINS; i++) total += w[i]!;
      row[hMax + 1] = denom > 0 ? total / denom : 0;
      rows.push(row);
    }
    return rows;
  }

  /** Quantiles (seconds, bin midpoints) of the ring time of calls a person answered (all wanted when none yet). */
  liveDelayQuantiles(ps: readonly number[]): number[] {
    this.expectedMachines();
    const live = this.wantCount - this.machCount;
    if (live <= 0) return this.connectDelayQuantiles(ps);
    return ps.map((p) => {
      const target = p * live;
      let acc = 0;
      for (let i = 0; i < BINS; i++) {
        acc += this.wantHist[i]! - this.machHist[i]!;
        if (acc >= target) return i + 0.5;
      }
      return BINS - 0.5;
    });
  }

  /**
   * Per-second table (index = ring seconds, capped): the chance that a call answered after
   * that long and put through to an agent is a machine, from what agents reported. Each bin
   * is pulled toward the overall reported share by `prior` pseudo-calls, so a thin bin does
   * not swing to 0 or 1 (no report yet: 0, every answer taken for a person).
   */
  machineGivenAnswerTable(prior = 2): Float64Array {
    const t = new Float64Array(BINS);
    const share = this.rep.machineShare();
    const n = this.rep.perSecond;
    const m = this.rep.machinesPerSecond;
    for (let i = 0; i < BINS; i++) t[i] = (m[i]! + prior * share) / (n[i]! + prior);
    return t;
  }

  /**
   * Standard error of each entry of machineGivenAnswerTable(prior): the posterior sd of a
   * Beta with the bin's reports plus the prior's pseudo-calls.
   */
  machineGivenAnswerSdTable(prior = 2): Float64Array {
    const t = this.machineGivenAnswerTable(prior);
    const sd = new Float64Array(BINS);
    const n = this.rep.perSecond;
    for (let i = 0; i < BINS; i++) sd[i] = Math.sqrt((t[i]! * (1 - t[i]!)) / (n[i]! + prior + 1));
    return sd;
  }

  /** P(a call unresolved at `ageMs` will want an agent). */
  wantGivenAge(ageMs: number): number {
    const b = Math.min(BINS - 1, Math.floor(ageMs / BIN_MS));
    let want = 0;
    let all = 0;
    for (let i = b; i < BINS; i++) {
      want += this.wantHist[i]!;
      all += this.wantHist[i]! + this.otherHist[i]!;
    }
    return all > 0 ? want / all : 0;
  }

  /** Per-second table of wantGivenAge, index = age in whole seconds (capped). */
  wantGivenAgeTable(): Float64Array {
    const t = new Float64Array(BINS);
    let want = 0;
    let all = 0;
    for (let i = BINS - 1; i >= 0; i--) {
      want += this.wantHist[i]!;
      all += this.wantHist[i]! + this.otherHist[i]!;
      t[i] = all > 0 ? want / all : 0;
    }
    return t;
  }

  /** Quantiles (seconds, bin midpoints) of the ring time of calls that want an agent. */
  connectDelayQuantiles(ps: readonly number[]): number[] {
    const out: number[] = [];
    if (this.wantCount === 0) return ps.map(() => 8);
    for (const p of ps) {
      const target = p * this.wantCount;
      let acc = 0;
      let q = BINS - 1;
      for (let i = 0; i < BINS; i++) {
        acc += this.wantHist[i]!;
        if (acc >= target) {
          q = i;
          break;
        }
      }
      out.push(q + 0.5);
    }
    return out;
  }

  /** Talk time as a lognormal: mu and sigma of log(seconds). */
  talkLognormal(): { mu: number; sigma: number } {
    if (this.talkN < 2) return lognormalParams(120, 120);
    return { mu: this.logMean, sigma: Math.max(0.05, Math.sqrt(this.logVar)) };
  }

  /** P(talk > x seconds) under the fitted lognormal. */
  talkSurvival(xSec: number): number {
    if (xSec <= 0) return 1;
    const { mu, sigma } = this.talkLognormal();
    return 1 - normalCdf((Math.log(xSec) - mu) / sigma);
  }

  /**
   * Survival of talk time on a 1-second grid, from the last `talkMemory` calls as they
   * are (no distributional assumption; agents' calls include short machine calls).
   * Beyond the last 20 observations the tail is exponential with their mean excess.
   * Entry i is P(talk > i s), for i = 0..maxSec.
   */
  talkSurvivalTable(maxSec: number, machines = false): Float64Array {
    const n = machines ? Math.min(this.shortN, this.talkMemory) : Math.min(this.talkN, this.talkMemory);
    const out = new Float64Array(maxSec + 1);
    if (n === 0) {
      for (let i = 0; i <= maxSec; i++) out[i] = Math.exp(-i / (machines ? 5 : 120));
      return out;
    }
    const xs = Array.from((machines ? this.shortCalls : this.talks).subarray(0, n)).sort((a, b) => a - b);
    const tailK = Math.min(20, n);
    const knee = xs[n - tailK]!;
    let excess = 0;
    for (let i = n - tailK; i < n; i++) excess += xs[i]! - knee;
    const meanExcess = Math.max(1, excess / tailK);
    const kneeSurv = tailK / n;
    let j = 0;
    for (let i = 0; i <= maxSec; i++) {
      if (i < knee) {
        while (j < n && xs[j]! <= i) j++;
        out[i] = (n - j) / n;
      } else out[i] = kneeSurv * Math.exp(-(i - knee) / meanExcess);
    }
    return out;
  }

  /**
   * Survival of wrap time on a 1-second grid from the last `wrapMemory` wraps as they are
   * (wrap varies, lognormal-like with a long tail: no normal fit); entry i is P(wrap > i s).
   * Past the largest wrap seen, 0. Before any wrap: every wrap 0.
   */
  wrapSurvivalTable(maxSec: number): Float64Array {
    const n = Math.min(this.wrapN, this.wrapMemory);
    const out = new Float64Array(maxSec + 1);
    if (n === 0) return out;
    const xs = Array.from(this.wraps.subarray(0, n)).sort((a, b) => a - b);
    let j = 0;
    for (let i = 0; i <= maxSec; i++) {
      while (j < n && xs[j]! <= i) j++;
      out[i] = (n - j) / n;
    }
    return out;
  }

  /** Quantiles (s) of the last wraps (the mean when none yet). */
  wrapQuantiles(ps: readonly number[]): number[] {
    const n = Math.min(this.wrapN, this.wrapMemory);
    if (n === 0) return ps.map(() => this.wrapMeanSec());
    const xs = Array.from(this.wraps.subarray(0, n)).sort((a, b) => a - b);
    return ps.map((p) => xs[Math.min(n - 1, Math.floor(p * n))]!);
  }

  wrapMeanSec(): number {
    return this.wrapN > 0 ? this.wrapMean : 0;
  }
  wrapSdSec(): number {
    return Math.sqrt(Math.max(0, this.wrapVar));
  }
}
