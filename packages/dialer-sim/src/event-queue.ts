/** A binary min-heap of (time, seq) -> (kind, id): the simulator's future event list. */
export class EventQueue {
  private t: number[] = [];
  private s: number[] = [];
  private k: number[] = [];
  private i: number[] = [];
  private seq = 0;

  get size(): number {
    return this.t.length;
  }

  push(time: number, kind: number, id: number): void {
    let n = this.t.length;
    this.t.push(time);
    this.s.push(this.seq++);
    this.k.push(kind);
    this.i.push(id);
    while (n > 0) {
      const p = (n - 1) >> 1;
      if (this.less(n, p)) {
        this.swap(n, p);
        n = p;
      } else break;
    }
  }

  peekTime(): number {
    return this.t.length ? this.t[0]! : Infinity;
  }

  /** Removes the earliest event; read it with lastTime/lastKind/lastId. */
  pop(): void {
    this.lastTime = this.t[0]!;
    this.lastKind = this.k[0]!;
    this.lastId = this.i[0]!;
    const end = this.t.length - 1;
    this.swap(0, end);
    this.t.pop();
    this.s.pop();
    this.k.pop();
    this.i.pop();
    let n = 0;
    const len = this.t.length;
    for (;;) {
      const l = 2 * n + 1;
      const r = l + 1;
      let m = n;
      if (l < len && this.less(l, m)) m = l;
      if (r < len && this.less(r, m)) m = r;
      if (m === n) break;
      this.swap(n, m);
      n = m;
    }
  }

  lastTime = 0;
  lastKind = 0;
  lastId = 0;

  private less(a: number, b: number): boolean {
    return this.t[a]! < this.t[b]! || (this.t[a] === this.t[b] && this.s[a]! < this.s[b]!);
  }

  private swap(a: number, b: number): void {
    const t = this.t[a]!;
    this.t[a] = this.t[b]!;
    this.t[b] = t;
    const s = this.s[a]!;
    this.s[a] = this.s[b]!;
    this.s[b] = s;
    const k = this.k[a]!;
    this.k[a] = this.k[b]!;
    this.k[b] = k;
    const i = this.i[a]!;
    this.i[a] = this.i[b]!;
    this.i[b] = i;
  }
}
