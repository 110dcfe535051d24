import type { Router } from '@switchboard/core';
import type { Clock } from '@switchboard/shared';

/** What the queue statistics listen to: core's Router events (answered, removed, overflow). */
export type QueueEventSource = Pick<Router, 'on'>;

export interface QueueDay {
  answered: number;
  answeredWithinTarget: number;
  abandoned: number;
  overflowed: number;
}

/**
 * Today's figures per queue, counted from the router's events as calls leave a queue: answered
 * (and whether within the queue's target), abandoned (the caller hung up waiting or ringing), moved
 * on by overflow. In memory: they restart from zero with the process and at local midnight.
 */
export class QueueStats {
  private day = '';
  private sinceMs = 0;
  private readonly byQueue = new Map<string, QueueDay>();
  private readonly offs: Array<() => void> = [];

  constructor(
    private readonly clock: Clock,
    /** The queue's service-level target in ms (the workspace's serviceLevelSeconds). */
    private readonly targetMs: (queueId: string) => number,
    /** Called after any count changed (the floor pushes the new figures). */
    private readonly changed: (queueId: string) => void = () => undefined,
  ) {
    this.rollIfNewDay();
  }

  watch(source: QueueEventSource): void {
    this.offs.push(
      source.on('answered', (e) =>
        this.bump(e.queueId, (d) => {
          d.answered++;
          if (e.waitedMs <= this.targetMs(e.queueId)) d.answeredWithinTarget++;
        }),
      ),
      source.on('removed', (e) => this.bump(e.queueId, (d) => d.abandoned++)),
      source.on('overflow', (e) => this.bump(e.queueId, (d) => d.overflowed++)),
    );
  }

  close(): void {
    for (const off of this.offs.splice(0)) off();
  }

  /** Today's figures for a queue (zeros when none yet). */
  today(queueId: string): QueueDay & { serviceLevel: number | null; since: number } {
    this.rollIfNewDay();
    const d = this.byQueue.get(queueId) ?? { answered: 0, answeredWithinTarget: 0, abandoned: 0, overflowed: 0 };
    const left = d.answered + d.abandoned + d.overflowed;
    return { ...d, serviceLevel: left > 0 ? d.answeredWithinTarget / left : null, since: this.sinceMs };
  }

  private bump(queueId: string, f: (d: QueueDay) => void): void {
    this.rollIfNewDay();
    let d = this.byQueue.get(queueId);
    if (!d) this.byQueue.set(queueId, (d = { answered: 0, answeredWithinTarget: 0, abandoned: 0, overflowed: 0 }));
    f(d);
    this.changed(queueId);
  }

  private rollIfNewDay(): void {
    const now = this.clock.now();
    const date = new Date(now);
    const day = date.toDateString();
    if (day === this.day) return;
    const first = this.day === '';
    this.day = day;
    this.byQueue.clear();
    // The first day counts from the process's start, later ones from midnight.
    this.sinceMs = first ? now : new Date(date.getFullYear(), date.getMonth(), date.getDate()).getTime();
  }
}
