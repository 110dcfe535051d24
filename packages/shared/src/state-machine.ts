import { IllegalTransitionError } from './errors';

/** A transition table: for each state, the states it may move to. */
export type TransitionTable<S extends string> = Readonly<Record<S, readonly S[]>>;

export type TransitionListener<S extends string> = (from: S, to: S) => void;

/**
 * The one guarded way any of our state machines changes state. The owner
 * keeps its own table and diagram; this enforces the table, throws a typed
 * error on an illegal move and reports every change.
 */
export class StateMachine<S extends string> {
  private current: S;
  private readonly listeners: TransitionListener<S>[] = [];

  constructor(
    readonly name: string,
    readonly table: TransitionTable<S>,
    initial: S,
  ) {
    this.current = initial;
  }

  get state(): S {
    return this.current;
  }

  can(to: S): boolean {
    return this.table[this.current].includes(to);
  }

  transition(to: S): void {
    const from = this.current;
    if (!this.can(to)) throw new IllegalTransitionError(this.name, from, to);
    this.current = to;
    for (const l of this.listeners) l(from, to);
  }

  onTransition(listener: TransitionListener<S>): void {
    this.listeners.push(listener);
  }
}

/** Every (from, to) pair a table allows: what a table-walking test iterates. */
export function allowedMoves<S extends string>(table: TransitionTable<S>): Array<[S, S]> {
  const out: Array<[S, S]> = [];
  for (const from of Object.keys(table) as S[]) for (const to of table[from]) out.push([from, to]);
  return out;
}

/** Every (from, to) pair a table forbids (self-moves included unless listed). */
export function forbiddenMoves<S extends string>(table: TransitionTable<S>): Array<[S, S]> {
  const states = Object.keys(table) as S[];
  const out: Array<[S, S]> = [];
  for (const from of states) for (const to of states) if (!table[from].includes(to)) out.push([from, to]);
  return out;
}
