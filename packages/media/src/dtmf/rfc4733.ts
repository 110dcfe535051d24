import { digitForEvent, type DtmfDigit } from './dtmf-digits';

/**
 * RFC 4733 telephone events (§2.3):
 *
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  |     event     |E|R| volume    |          duration             |
 *
 * One event keeps one RTP timestamp for all its packets; the end packet (E
 * set) is sent three times. Events are tracked per SSRC and never go through
 * a jitter buffer keyed on the voice stream: sipp and some gateways send
 * them with their own SSRC and sequence numbers.
 */
export interface TelephoneEvent {
  event: number;
  end: boolean;
  volume: number;
  duration: number;
}

export const TELEPHONE_EVENT_SIZE = 4;

export function parseTelephoneEvent(buf: Uint8Array, off: number, len: number): TelephoneEvent | undefined {
  if (len < TELEPHONE_EVENT_SIZE) return undefined;
  return {
    event: buf[off]!,
    end: (buf[off + 1]! & 0x80) !== 0,
    volume: buf[off + 1]! & 0x3f,
    duration: (buf[off + 2]! << 8) | buf[off + 3]!,
  };
}

export function writeTelephoneEvent(buf: Uint8Array, off: number, ev: TelephoneEvent): void {
  buf[off] = ev.event & 0xff;
  buf[off + 1] = (ev.end ? 0x80 : 0) | (ev.volume & 0x3f);
  buf[off + 2] = (ev.duration >> 8) & 0xff;
  buf[off + 3] = ev.duration & 0xff;
}

export type Rfc4733Listener = (digit: DtmfDigit, phase: 'start' | 'end', ssrc: number, durationMs: number) => void;

interface SsrcState {
  ts: number;
  event: number;
  ended: boolean;
  prevTs: number;
  lastUsed: number;
}

const MAX_TRACKED_SSRCS = 8;

/**
 * Turns a stream of telephone-event packets into one 'start' and one 'end'
 * per key press, per SSRC: repeats, retransmitted end packets and stragglers
 * of an earlier event are dropped.
 */
export class Rfc4733Tracker {
  private readonly bySsrc = new Map<number, SsrcState>();
  private uses = 0;

  constructor(
    private readonly listener: Rfc4733Listener,
    private readonly clockRate = 8000,
  ) {}

  /** Handles one telephone-event payload (the RTP payload at buf[off..off+len)). */
  handle(ssrc: number, timestamp: number, buf: Uint8Array, off: number, len: number): void {
    if (len < TELEPHONE_EVENT_SIZE) return;
    const event = buf[off]!;
    const end = (buf[off + 1]! & 0x80) !== 0;
    const duration = (buf[off + 2]! << 8) | buf[off + 3]!;
    const digit = digitForEvent(event);
    if (!digit) return; // flash-hook and other events: not digits
    let st = this.bySsrc.get(ssrc);
    if (!st) {
      if (this.bySsrc.size >= MAX_TRACKED_SSRCS) this.evictOldest();
      st = { ts: -1, event: -1, ended: true, prevTs: -1, lastUsed: 0 };
      this.bySsrc.set(ssrc, st);
    }
    st.lastUsed = ++this.uses;
    if (timestamp === st.prevTs) return; // straggler of the previous event
    if (timestamp !== st.ts || event !== st.event) {
      if (!st.ended) {
        const prev = digitForEvent(st.event);
        if (prev) this.listener(prev, 'end', ssrc, 0);
      }
      st.prevTs = st.ts;
      st.ts = timestamp;
      st.event = event;
      st.ended = false;
      this.listener(digit, 'start', ssrc, 0);
    }
    if (end && !st.ended) {
      st.ended = true;
      this.listener(digit, 'end', ssrc, Math.round((duration * 1000) / this.clockRate));
    }
  }

  /** SSRCs currently tracked (tests and diagnostics). */
  get trackedSsrcs(): number[] {
    return [...this.bySsrc.keys()];
  }

  private evictOldest(): void {
    let oldest: number | undefined;
    let min = Infinity;
    for (const [k, v] of this.bySsrc) if (v.lastUsed < min) (min = v.lastUsed), (oldest = k);
    if (oldest !== undefined) this.bySsrc.delete(oldest);
  }
}
