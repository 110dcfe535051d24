import type { WorkflowAction } from '../workflow/workflow-runner';
import type { PortLeg, PortPlayback, Sound } from './telephony-port';

type CollectAction = Extract<WorkflowAction, { type: 'collect' }>;

export type CollectOutcome = { kind: 'digits'; digits: string } | { kind: 'timeout'; digits: string } | { kind: 'gone' };

/** Keys kept ahead of a collect (a caller who knows the menu types on through the prompts). */
const MAX_TYPED = 64;

/**
 * The keys of one caller in a workflow. The engine collects digits only while asked to, so keys
 * pressed during a play object or before a collect starts would be lost: they are kept here
 * (type-ahead) and a collect takes them first. A key pressed during a collect's own prompt stops
 * the prompt (barge-in); the wait for the first key starts when the prompt is over, so a long
 * prompt does not eat the caller's time.
 */
export class IvrKeys {
  private typed = '';
  private collecting = false;
  private prompt: PortPlayback | undefined;
  private closed = false;
  private readonly off: () => void;

  constructor(
    private readonly leg: PortLeg,
    /** A prompt that does not play is skipped (the caller still gets the collect): said here. */
    private readonly promptFailed: (err: unknown) => void = () => {},
  ) {
    this.off = leg.on('dtmf', ({ digit }) => this.onDigit(digit));
  }

  private onDigit(digit: string): void {
    // While the engine's collector runs it has the key already.
    if (this.collecting) return;
    if (this.typed.length < MAX_TYPED) this.typed += digit;
    this.prompt?.stop();
  }

  /** Keys pressed for this caller before the run (an assisted transfer's agent keyed them). */
  typeAhead(digits: string): void {
    this.typed = (this.typed + digits).slice(0, MAX_TYPED);
  }

  /** The caller left the workflow (queued, hung up): a collect waiting for its prompt gives up. */
  close(): void {
    this.closed = true;
    this.off();
    this.prompt?.stop();
  }

  /** Runs one collect action: keys typed ahead, then the prompt, then the engine's collector. */
  async collect(a: CollectAction, prompt: Sound | null, stillCollecting: () => boolean): Promise<CollectOutcome> {
    let digits = '';
    // Moves typed keys into `digits`; true when they complete the entry (terminator or maxDigits).
    const take = (): boolean => {
      while (this.typed.length > 0) {
        const key = this.typed[0]!;
        this.typed = this.typed.slice(1);
        if (a.terminator !== null && key === a.terminator) return true;
        digits += key;
        if (digits.length >= a.maxDigits) return true;
      }
      return false;
    };
    if (take()) return { kind: 'digits', digits };
    if (digits.length === 0 && prompt) {
      const playback = await this.leg.play(prompt).catch((err: unknown) => {
        this.promptFailed(err);
        return undefined;
      });
      if (playback) {
        this.prompt = playback;
        if (this.typed.length > 0 || this.closed) playback.stop(); // keyed (or gone) while the prompt was starting
        await playback.finished;
        this.prompt = undefined;
      }
      if (!stillCollecting() || this.closed) return { kind: 'gone' };
      if (take()) return { kind: 'digits', digits };
    }
    this.collecting = true;
    let r;
    try {
      r = await this.leg.collectDigits({
        maxDigits: a.maxDigits - digits.length,
        terminators: a.terminator ?? '',
        firstDigitTimeoutMs: a.timeoutMs,
        interDigitTimeoutMs: a.timeoutMs,
      });
    } finally {
      this.collecting = false;
    }
    if (r.reason === 'hangup' || r.reason === 'cancelled') return { kind: 'gone' };
    digits += r.digits;
    return r.reason === 'timeout' ? { kind: 'timeout', digits } : { kind: 'digits', digits };
  }
}
