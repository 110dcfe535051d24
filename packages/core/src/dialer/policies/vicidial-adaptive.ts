import type { Clock } from '@switchboard/shared';
import { requireConfig } from '../errors';
import { roundHalfEven } from '../math';
import type { PacingEvent, PacingObservation, PacingPolicy } from '../types';

/**
 * VICIdial's adaptive pacing, after AST_VDauto_dial.pl and AST_VDadapt.pl.
 *
 * Dial loop, every 2.5 s (auto_dial's loop delay):
 *   sample (ready agents, waiting live calls, INCALL+READY agents) into the last 20 samples;
 *   goal = round(dial_level x (INCALL + READY agents))   (available_only_ratio_tally = N)
 *   place goal - calls in progress (ringing + waiting + connected to agents).
 * Adapt loop, every 15 s (AST_VDadapt.pl):
 *   differential = avg ready - avg waiting (+ adaptive_dl_diff_target), mul = differential / avg agents;
 *   intensity i = adaptive_intensity/100: diff% x (1+i) when raising, x |i-1| when lowering;
 *   level = level x (1 + diff% / 100), capped at adaptive_maximum_level, floored at 1;
 *   last minute: more than 20 calls and over 50% dropped  -> level / 2;
 *   today (since midnight): more than 50 calls and drops / answers over adaptive_dropped_percentage ->
 *     HARD_LIMIT: level = 1;  AVERAGE: level / 2;
 *     TAPERED: hours_left = latest_server_time - HHMM (both HHMM numbers); if < 0 level = 1,
 *              else level x min(1, hours_left / 1000);
 *   level < 1 -> 1.
 * Defaults are VICIdial's: drop 3%, max level 3.0, latest server time 2100, intensity 0,
 * dl diff target 0. Its default drop_call_seconds is 5 — over the 2-second rule; the
 * runtime's drop timer (2 s) is what the simulator applies to every policy.
 */
export type VicidialMode = 'HARD_LIMIT' | 'AVERAGE' | 'TAPERED';

export interface VicidialConfig {
  mode: VicidialMode;
  droppedPercentage: number;
  maximumLevel: number;
  latestServerTime: number;
  intensity: number;
  dlDiffTarget: number;
  initialLevel: number;
  /** drop_call_seconds: kept for the record; VICIdial's default breaks the 2-second rule. */
  dropCallSeconds: number;
  /** Offset of the server's local time from UTC, minutes (for "today" and TAPERED). */
  utcOffsetMinutes: number;
}

export const VICIDIAL_DEFAULTS: Omit<VicidialConfig, 'mode'> = {
  droppedPercentage: 3,
  maximumLevel: 3.0,
  latestServerTime: 2100,
  intensity: 0,
  dlDiffTarget: 0,
  initialLevel: 1.0,
  dropCallSeconds: 5,
  utcOffsetMinutes: 0,
};

export const VICIDIAL_DIAL_LOOP_MS = 2500;
export const VICIDIAL_ADAPT_LOOP_MS = 15000;
const SAMPLES = 20;

export class VicidialAdaptivePolicy implements PacingPolicy {
  readonly name: string;
  readonly config: VicidialConfig;
  readonly cadenceMs = VICIDIAL_DIAL_LOOP_MS;
  private level: number;
  private nextDialAt = -Infinity;
  private nextAdaptAt = -Infinity;
  private readonly samples: Array<{ ready: number; waiting: number; agents: number }> = [];
  private day = -1;
  private callsToday = 0;
  private answersToday = 0;
  private dropsToday = 0;
  private readonly minuteCalls: number[] = [];
  private readonly minuteDrops: number[] = [];

  constructor(
    private readonly clock: Clock,
    config: Partial<VicidialConfig> & { mode: VicidialMode },
  ) {
    this.config = { ...VICIDIAL_DEFAULTS, ...config };
    requireConfig(this.config.maximumLevel >= 1, 'adaptive_maximum_level must be >= 1');
    this.level = this.config.initialLevel;
    this.name = `vicidial-${config.mode.toLowerCase().replace('_', '-')}`;
  }

  get dialLevel(): number {
    return this.level;
  }

  decide(obs: PacingObservation): number {
    const now = this.clock.now();
    this.rollDay(now);
    if (now < this.nextDialAt) return 0;
    this.nextDialAt = (this.nextDialAt === -Infinity ? now : this.nextDialAt) + VICIDIAL_DIAL_LOOP_MS;
    if (this.nextDialAt <= now) this.nextDialAt = now + VICIDIAL_DIAL_LOOP_MS;
    const ready = obs.counts.ready;
    const incall = obs.counts.talking;
    this.samples.push({ ready, waiting: obs.waiting, agents: ready + incall });
    if (this.samples.length > SAMPLES) this.samples.shift();
    if (now >= this.nextAdaptAt) {
      this.nextAdaptAt = now + VICIDIAL_ADAPT_LOOP_MS;
      this.adapt(now);
    }
    const goal = roundHalfEven(this.level * (ready + incall));
    const inProgress = obs.ringingSinceMs.length + obs.waiting + incall;
    return Math.max(0, goal - inProgress);
  }

  /** One pass of AST_VDadapt.pl's dial-level calculation. */
  adapt(now: number): void {
    this.rollDay(now);
    const c = this.config;
    let readySum = 0;
    let waitSum = 0;
    let agentSum = 0;
    for (const s of this.samples) {
      readySum += s.ready;
      waitSum += s.waiting;
      agentSum += s.agents;
    }
    const n = Math.max(1, this.samples.length);
    const differential = readySum / n - waitSum / n;
    const agentsAvg = agentSum / n;
    const target = differential + c.dlDiffTarget;
    const mul = target !== 0 && agentsAvg !== 0 ? target / agentsAvg : 0;
    const pctRaw = mul * 100;
    const intensityMul = c.intensity / 100;
    const intensityDiff = pctRaw < 0 ? pctRaw * Math.abs(intensityMul - 1) : pctRaw * (intensityMul + 1);
    let level = this.level * (intensityDiff / 100 + 1);
    if (level > c.maximumLevel) level = c.maximumLevel;
    if (level < 1) level = 1;
    this.trimMinute(now);
    const callsOne = this.minuteCalls.length;
    const dropsOne = this.minuteDrops.length;
    if (callsOne > 20 && (dropsOne / callsOne) * 100 > 50) level = level / 2;
    const dropsAnswersPct = this.answersToday > 0 ? (this.dropsToday / this.answersToday) * 100 : 0;
    if (this.callsToday > 50 && dropsAnswersPct > c.droppedPercentage) {
      if (c.mode === 'HARD_LIMIT') level = 1;
      else if (c.mode === 'AVERAGE') level = level / 2;
      else {
        const hoursLeft = c.latestServerTime - this.hourMin(now);
        level = hoursLeft < 0 ? 1 : level * (hoursLeft > 1000 ? 1 : hoursLeft / 1000);
      }
    }
    if (level < 1) level = 1;
    this.level = level;
  }

  observe(event: PacingEvent): void {
    const now = this.clock.now();
    this.rollDay(now);
    if (event.type === 'dialed') {
      this.callsToday++;
      this.minuteCalls.push(now);
    } else if (event.type === 'reported' && event.live) {
      // Human-answered calls: those agents dispositioned as people, plus every DROP (VICIdial's
      // DROP status is human_answered = Y; without AMD it cannot tell a dropped machine).
      this.answersToday++;
    } else if (event.type === 'abandoned') {
      this.answersToday++;
      this.dropsToday++;
      this.minuteDrops.push(now);
    }
  }

  private hourMin(now: number): number {
    const local = new Date(now + this.config.utcOffsetMinutes * 60_000);
    return local.getUTCHours() * 100 + local.getUTCMinutes();
  }

  private rollDay(now: number): void {
    const day = Math.floor((now + this.config.utcOffsetMinutes * 60_000) / 86_400_000);
    if (day === this.day) return;
    this.day = day;
    this.callsToday = 0;
    this.answersToday = 0;
    this.dropsToday = 0;
  }

  private trimMinute(now: number): void {
    while (this.minuteCalls.length && this.minuteCalls[0]! <= now - 60_000) this.minuteCalls.shift();
    while (this.minuteDrops.length && this.minuteDrops[0]! <= now - 60_000) this.minuteDrops.shift();
  }
}
