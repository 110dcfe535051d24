import type { WorkflowAction } from '@switchboard/core';
import type { PlaySource, TelephonyEngine } from '@switchboard/telephony';

type CollectAction = Extract<WorkflowAction, { type: 'collect' }>;

export type CollectOutcome = { kind: 'digits'; digits: string } | { kind: 'timeout'; digits: string } | { kind: 'gone' };

/** Keys kept ahead of a collect (a caller who knows the menu types on through the prompts). */
const MAX_TYPED = 64;

/**
 * The keys of one caller in a workflow. The engine collects digits only while
 * asked to, so keys pressed during a play object or before a collect starts
 * would be lost: they are kept here (type-ahead) and a collect takes them
 * first. A key pressed during a collect's own prompt stops the prompt
 * (barge-in); the wait for the first key (timeoutSeconds) starts when the
 * prompt is over, so a long prompt does not eat the caller's time.
 */
export class IvrKeys {
  private typed = '';
  private collecting = false;
  private promptId: string | undefined;
  private promptDone: (() => void) | undefined;

  constructor(
    private readonly engine: TelephonyEngine,
    private readonly legId: string,
  ) {}

  /** Every key the engine reports on the caller's leg. */
  onDigit(digit: string): void {
    // While the engine's collector runs it has the key already.
    if (this.collecting) return;
    if (this.typed.length < MAX_TYPED) this.typed += digit;
    if (this.promptId) this.engine.stopPlay(this.promptId);
  }

  /** True when the finished playback was a collect prompt of ours (the caller ignores it then). */
  onPlayFinished(playbackId: string): boolean {
    if (playbackId !== this.promptId) return false;
    this.promptId = undefined;
    this.promptDone?.();
    return true;
  }

  /** The caller left the workflow (queued, hung up): a collect waiting for its prompt gives up. */
  close(): void {
    this.promptId = undefined;
    this.promptDone?.();
  }

  /** Runs one collect action: keys typed ahead, then the prompt, then the engine's collector. */
  async collect(a: CollectAction, prompt: PlaySource | null, stillCollecting: () => boolean): Promise<CollectOutcome> {
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
      const id = await this.engine.play(this.legId, prompt).catch(() => undefined);
      if (id) {
        const done = new Promise<void>((resolve) => (this.promptDone = resolve));
        this.promptId = id;
        if (this.typed.length > 0) this.engine.stopPlay(id); // keyed while the prompt was starting
        await done;
        this.promptDone = undefined;
      }
      if (!stillCollecting()) return { kind: 'gone' };
      if (take()) return { kind: 'digits', digits };
    }
    this.collecting = true;
    let r;
    try {
      r = await this.engine.collectDigits(this.legId, {
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
