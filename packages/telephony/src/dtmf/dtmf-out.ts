import type { DtmfSender, MediaEngine, MediaLeg } from '@switchboard/media';
import { TelephonyError } from '../errors';

/** Longest digit string one sendDtmf() accepts (a long PIN or account number with its '#'). */
export const MAX_DTMF_DIGITS = 32;
/** Digits waiting behind the one being sent, per leg: a keypad mashed faster than tones play. */
export const MAX_DTMF_QUEUED = 64;

const DIGITS = /^[0-9*#A-D]+$/;

/**
 * Checks and normalises a digit string for sending: 0-9 * # A-D (a-d accepted
 * and upper-cased), 1 to MAX_DTMF_DIGITS long. Throws TEL_BAD_ARGUMENT.
 */
export function checkDtmfDigits(digits: unknown): string {
  if (typeof digits !== 'string' || digits.length === 0) throw new TelephonyError('TEL_BAD_ARGUMENT', 'sendDtmf: digits must be a non-empty string');
  if (digits.length > MAX_DTMF_DIGITS) throw new TelephonyError('TEL_BAD_ARGUMENT', `sendDtmf: at most ${MAX_DTMF_DIGITS} digits at a time (got ${digits.length})`);
  const up = digits.toUpperCase();
  if (!DIGITS.test(up)) throw new TelephonyError('TEL_BAD_ARGUMENT', `sendDtmf: digits are 0-9 * # A-D only (got ${JSON.stringify(digits)})`);
  return up;
}

interface Pending {
  digits: string;
  resolve(): void;
  reject(err: Error): void;
}

/**
 * Digits going out of one leg, in order: one media DtmfSender at a time (RFC 4733 events when
 * the far end negotiated telephone-event, in-band tone pairs otherwise), later requests queued
 * behind it so two quick key presses never overlap. Each request's promise settles when its
 * digits have gone out, or rejects when the leg ends first.
 */
export class DtmfOut {
  private readonly queue: Pending[] = [];
  private current: { sender: DtmfSender; job: Pending } | undefined;
  private closed = false;

  constructor(
    private readonly media: MediaEngine,
    private readonly legId: string,
    private readonly mediaLeg: () => MediaLeg | undefined,
  ) {}

  /** Digits waiting or being sent. */
  get backlog(): number {
    return this.queue.reduce((n, p) => n + p.digits.length, this.current ? this.current.job.digits.length : 0);
  }

  /** Queues digits; throws at once (not through the promise) when the leg ended or the backlog is full. */
  send(digits: string): Promise<void> {
    if (this.closed) throw new TelephonyError('TEL_INVALID_STATE', `leg ${this.legId} has ended`, 409);
    if (this.backlog + digits.length > MAX_DTMF_QUEUED) {
      throw new TelephonyError('TEL_INVALID_STATE', `leg ${this.legId}: ${this.backlog} digits are still being sent; try again shortly`, 409);
    }
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ digits, resolve, reject });
      this.next();
    });
  }

  /** The leg ended: stop sending and fail what is left. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    const err = new TelephonyError('TEL_INVALID_STATE', `leg ${this.legId} ended before its digits were sent`, 409);
    const cur = this.current;
    this.current = undefined;
    if (cur) {
      cur.sender.stop(); // its 'finished' finds current cleared and does nothing
      cur.job.reject(err);
    }
    for (const p of this.queue.splice(0)) p.reject(err);
  }

  private next(): void {
    if (this.current || this.closed) return;
    const job = this.queue.shift();
    if (!job) return;
    const leg = this.mediaLeg();
    if (!leg || leg.closed) {
      job.reject(new TelephonyError('TEL_INVALID_STATE', `leg ${this.legId} has no media`, 409));
      return this.next();
    }
    const sender = this.media.sendDigits(leg, job.digits);
    this.current = { sender, job };
    sender.once('finished', () => {
      if (this.current?.sender !== sender) return;
      this.current = undefined;
      if (leg.closed) job.reject(new TelephonyError('TEL_INVALID_STATE', `leg ${this.legId} ended before its digits were sent`, 409));
      else job.resolve();
      this.next();
    });
  }
}
