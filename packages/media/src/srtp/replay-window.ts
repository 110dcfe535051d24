/**
 * The receiver's replay list (RFC 3711 3.3.2) over the last 128 packet indices: a slot per index
 * modulo 128 holds the index last seen there, so a check and a mark are one array access each.
 */
export class ReplayWindow {
  private readonly seen = new Float64Array(128).fill(-1);
  private highest = -1;

  /** Not seen before and not older than the window. */
  fresh(index: number): boolean {
    if (this.highest >= 0 && index <= this.highest - 128) return false;
    return this.seen[index & 127] !== index;
  }

  mark(index: number): void {
    this.seen[index & 127] = index;
    if (index > this.highest) this.highest = index;
  }
}
