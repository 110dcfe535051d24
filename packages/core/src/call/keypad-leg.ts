import { TypedEmitter, type Clock, type TimerHandle } from '@switchboard/shared';
import type { CollectDigitsOptions, CollectedDigits, PortLeg, PortLegEvents, PortPlayback, Sound } from './telephony-port';

/**
 * The agent's side of an assisted transfer: a workflow runs on this leg as if the agent were the
 * caller. Prompts play to the agent's own leg; keys come from their phone and from the adapter's
 * keypad (`press`), and are kept in order (`keyed`) so the caller's own run of the workflow can
 * replay them. It never hangs up or holds the agent's line: a workflow's hang-up only ends the run.
 */
export class KeypadLeg extends TypedEmitter<PortLegEvents> implements PortLeg {
  readonly id: string;
  /** Every key the agent pressed for the workflow, in order. */
  keyed = '';
  private collector: { opts: CollectDigitsOptions; digits: string; timer: TimerHandle | undefined; done: (r: CollectedDigits) => void } | undefined;
  private closed = false;
  private readonly offs: Array<() => void> = [];

  constructor(
    private readonly agent: PortLeg,
    private readonly clock: Clock,
  ) {
    super();
    this.id = `${agent.id}:keypad`;
    this.offs.push(
      agent.on('dtmf', ({ digit }) => this.key(digit)),
      agent.on('ended', (e) => {
        this.finish('hangup');
        this.emit('ended', e);
      }),
    );
  }

  get ended(): Promise<{ cause: string }> {
    return this.agent.ended;
  }

  get isEnded(): boolean {
    return this.closed || this.agent.isEnded;
  }

  /** Digits from the adapter's keypad. */
  press(digits: string): void {
    for (const d of digits) this.key(d);
  }

  /** The run is over (transferred, cancelled): a collect in progress returns, keys stop. */
  close(): void {
    if (this.closed) return;
    this.finish('cancelled');
    this.closed = true;
    for (const off of this.offs.splice(0)) off();
    this.agent.stopPlay();
  }

  async answer(): Promise<void> {}
  hangup(): void {
    this.close();
  }
  async hold(): Promise<void> {}
  async resume(): Promise<void> {}
  setMuted(): void {}
  setDtmfMasking(): void {}
  async sendDtmf(): Promise<void> {}

  play(sound: Sound): Promise<PortPlayback> {
    return this.agent.play(sound);
  }

  stopPlay(): void {
    this.agent.stopPlay();
  }

  collectDigits(opts: CollectDigitsOptions = {}): Promise<CollectedDigits> {
    this.finish('cancelled');
    if (this.isEnded) return Promise.resolve({ digits: '', reason: 'hangup' });
    return new Promise((done) => {
      this.collector = { opts, digits: '', timer: undefined, done };
      this.arm(opts.firstDigitTimeoutMs);
    });
  }

  private key(digit: string): void {
    if (this.closed) return;
    this.keyed += digit;
    const c = this.collector;
    // Not collecting: the key goes out as an event (the workflow's type-ahead keeps it).
    if (!c) return void this.emit('dtmf', { digit });
    if ((c.opts.terminators ?? '').includes(digit)) return this.finish('terminator');
    c.digits += digit;
    if (c.opts.maxDigits !== undefined && c.digits.length >= c.opts.maxDigits) return this.finish('max-digits');
    this.arm(c.opts.interDigitTimeoutMs);
  }

  private arm(ms: number | undefined): void {
    const c = this.collector;
    if (!c) return;
    this.clock.clearTimeout(c.timer);
    c.timer = ms === undefined ? undefined : this.clock.setTimeout(() => this.finish('timeout'), ms);
  }

  private finish(reason: CollectedDigits['reason']): void {
    const c = this.collector;
    if (!c) return;
    this.collector = undefined;
    this.clock.clearTimeout(c.timer);
    c.done({ digits: c.digits, reason });
  }
}
