/** An answered call waiting (at most 2 s) for an agent. */
export interface QueuedAnswer {
  /** Cleared when the call leaves the queue (connected, or abandoned at 2 s). */
  waiting: boolean;
  /** The runtime's guess from the ring time (AnswerRouter), fixed when the call was answered. */
  likelyMachine: boolean;
}

/**
 * Answered calls waiting for an agent: a freed agent takes the oldest likely person, else
 * the oldest likely machine. A call that leaves by its 2-second timeout is only marked
 * (`waiting = false`) and skipped here, so both lists stay in arrival order without search.
 */
export class AnswerQueue<C extends QueuedAnswer> {
  private readonly people: C[] = [];
  private readonly machines: C[] = [];
  private peopleHead = 0;
  private machinesHead = 0;

  push(c: C): void {
    c.waiting = true;
    (c.likelyMachine ? this.machines : this.people).push(c);
  }

  /** The next call for a free agent, taken off the queue; undefined when none waits. */
  take(): C | undefined {
    const c = this.firstWaiting(this.people, 'peopleHead') ?? this.firstWaiting(this.machines, 'machinesHead');
    if (c) c.waiting = false;
    return c;
  }

  private firstWaiting(list: C[], head: 'peopleHead' | 'machinesHead'): C | undefined {
    while (this[head] < list.length) {
      const c = list[this[head]++]!;
      if (c.waiting) return c;
    }
    return undefined;
  }
}
