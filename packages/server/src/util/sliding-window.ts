/**
 * Events per key in a sliding window of `windowMs` (failed logins per user, demo calls per
 * address). Memory stays bounded when keys are random (guessed usernames, spoofed
 * addresses): expired keys are swept whenever the map doubles past `sweepFloor` entries,
 * amortised O(1) per event.
 */
export class SlidingWindow {
  private readonly times = new Map<string, number[]>();
  private sweepAt: number;

  constructor(
    readonly windowMs: number,
    private readonly sweepFloor = 10_000,
  ) {
    this.sweepAt = sweepFloor;
  }

  /** Records an event for `key` at `now`. */
  add(key: string, now: number): void {
    if (this.times.size >= this.sweepAt) {
      for (const k of [...this.times.keys()]) this.recent(k, now);
      this.sweepAt = Math.max(this.sweepFloor, this.times.size * 2);
    }
    const list = this.recent(key, now);
    list.push(now);
    this.times.set(key, list);
  }

  /** Seconds until `key` has fewer than `limit` events in the window (0: under it now; limit ≤ 0: no limit). */
  waitSeconds(key: string, limit: number, now: number): number {
    if (limit <= 0) return 0;
    const list = this.recent(key, now);
    if (list.length < limit) return 0;
    // Under the limit again once enough of the oldest events have left the window.
    const freeAt = list[list.length - limit]! + this.windowMs;
    return Math.max(1, Math.ceil((freeAt - now) / 1000));
  }

  /** Forgets a key (a successful login clears its failures). */
  clear(key: string): void {
    this.times.delete(key);
  }

  get size(): number {
    return this.times.size;
  }

  /** The key's events still in the window (expired ones dropped, an empty key removed). */
  private recent(key: string, now: number): number[] {
    const list = (this.times.get(key) ?? []).filter((t) => now - t < this.windowMs);
    if (list.length) this.times.set(key, list);
    else this.times.delete(key);
    return list;
  }
}
