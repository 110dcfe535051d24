import { StateMachine, silentLogger, type Clock, type Logger, type TimerHandle, type TransitionTable } from '@switchboard/shared';
import type { SipMessage } from '../message/message';
import { serializeMessage } from '../message/serializer';
import type { Flow } from '../transport/transport';
import type { SipTimerConfig, TransactionCounters } from './timers';

export interface TransactionContext {
  clock: Clock;
  timers: SipTimerConfig;
  flow: Flow;
  counters: TransactionCounters;
  logger?: Logger;
  /** Called once when the transaction reaches Terminated (the layer forgets it). */
  onTerminated?: () => void;
}

/**
 * What every transaction shares: a guarded state machine, named timers on the injected Clock,
 * and sending through its flow with transport errors reported back (RFC 3261 17.1.4, 17.2.4).
 */
export abstract class TransactionBase<S extends string> {
  protected readonly sm: StateMachine<S>;
  protected readonly log: Logger;
  private readonly timerHandles = new Map<string, TimerHandle>();

  constructor(
    name: string,
    table: TransitionTable<S>,
    initial: S,
    readonly key: string,
    protected readonly ctx: TransactionContext,
  ) {
    this.sm = new StateMachine<S>(name, table, initial);
    this.log = ctx.logger ?? silentLogger;
  }

  get state(): S {
    return this.sm.state;
  }

  get reliable(): boolean {
    return this.ctx.flow.transport.reliable;
  }

  get flow(): Flow {
    return this.ctx.flow;
  }

  protected startTimer(name: string, ms: number, fn: () => void): void {
    this.stopTimer(name);
    this.timerHandles.set(
      name,
      this.ctx.clock.setTimeout(() => {
        this.timerHandles.delete(name);
        fn();
      }, ms),
    );
  }

  protected stopTimer(name: string): void {
    const h = this.timerHandles.get(name);
    if (h) {
      this.ctx.clock.clearTimeout(h);
      this.timerHandles.delete(name);
    }
  }

  /** Timers currently armed (for tests). */
  get activeTimers(): string[] {
    return [...this.timerHandles.keys()];
  }

  protected send(msg: SipMessage): void {
    let data: Buffer;
    try {
      data = serializeMessage(msg);
    } catch (err) {
      this.onTransportError(err as Error);
      return;
    }
    this.ctx.flow.transport.send(data, this.ctx.flow.dest).catch((err: Error) => this.onTransportError(err));
  }

  protected retransmit(msg: SipMessage): void {
    this.ctx.counters.retransmissions++;
    this.send(msg);
  }

  protected move(to: S): void {
    this.sm.transition(to);
    if (to === ('terminated' as S)) {
      for (const h of this.timerHandles.values()) this.ctx.clock.clearTimeout(h);
      this.timerHandles.clear();
      this.ctx.onTerminated?.();
    }
  }

  /** Ends the transaction now, whatever its state (endpoint shutdown). */
  terminate(): void {
    if (this.sm.state !== ('terminated' as S)) this.move('terminated' as S);
  }

  protected abstract onTransportError(err: Error): void;
}
