/**
 * The pacing interface: what a dialler observes now, and the one question a
 * pacing policy answers — how many calls to place at this instant.
 *
 * Policies are pure objects driven by a Clock: the runtime (or the simulator)
 * feeds them events as they happen and asks `decide()` whenever something
 * changes (and on a steady tick); a policy with its own cadence (VICIdial's
 * 2.5 s loop) reads the clock and answers 0 between its own beats.
 */

/** What an unpaused, logged-in agent is doing. Paused agents are not observed. */
export type AgentActivity = 'ready' | 'talking' | 'wrap';

export interface PacingAgentView {
  readonly activity: AgentActivity;
  /** Clock time (ms) the agent entered this activity: time in state = nowMs - sinceMs. */
  readonly sinceMs: number;
  /**
   * Talking: how long the agent's call rang before it was answered (ms), when known. Without
   * AMD a late answer is most likely a machine, which frees the agent within seconds.
   */
  readonly answeredAfterMs?: number | undefined;
}

/**
 * A window's abandon tally, as the runtime's ledger measures it: live answers and how many of
 * them were abandoned. Drops the runtime took for machines count as their estimated chance of
 * being a person, so both counts may be fractional.
 */
export interface AbandonTally {
  readonly live: number;
  readonly abandoned: number;
  /** Calls answering-machine detection called machines (UK: feeds the false-positive estimate). */
  readonly amdMachines?: number;
  /**
   * Variance of `abandoned` from estimation: each drop taken for a machine is a person or not
   * (p(1 - p)), and p itself is estimated (its errors summed as if fully correlated). 0 when none.
   */
  readonly estimateVariance?: number;
}

export interface PacingObservation {
  /** The clock's time when observed. */
  readonly nowMs: number;
  /** Unpaused, logged-in agents. */
  readonly agents: readonly PacingAgentView[];
  /** How many of them are in each activity. */
  readonly counts: { readonly ready: number; readonly talking: number; readonly wrap: number };
  /** When (clock ms) each call placed and not yet resolved (ringing or in AMD) was placed. */
  readonly ringingSinceMs: readonly number[];
  /** Live answers waiting for an agent (each will be abandoned at 2 s). */
  readonly waiting: number;
  /** Abandon tallies per compliance window, as the ledger measures them. */
  readonly tallies: {
    readonly window24h: AbandonTally;
    readonly window30d: AbandonTally;
    /** Since local midnight (VICIdial's "today"). */
    readonly today: AbandonTally;
  };
}

/**
 * How a placed call ended its ringing phase, as the runtime sees it: answered (it wants an
 * agent; without AMD the runtime cannot tell a person from a machine yet), answering-machine
 * detection's machine verdict, or what the signalling says. Never the ground truth.
 */
export type DialOutcomeKind = 'answered' | 'amd-machine' | 'no-answer' | 'busy' | 'invalid';

/**
 * Events the runtime reports to a policy: only what a runtime observes (signalling, ring
 * times, AMD's verdict, what agents report). Nothing here says whether a call nobody spoke
 * to was a person: the types leave no room for it (dialer-sim's boundary test checks the keys).
 */
export type PacingEvent =
  /** A call was placed. */
  | { readonly type: 'dialed' }
  /**
   * A placed call stopped ringing. `wantsAgent` is true when the runtime routes it
   * to an agent (an answer, when AMD is off or AMD called it human).
   */
  | { readonly type: 'resolved'; readonly kind: DialOutcomeKind; readonly afterMs: number; readonly wantsAgent: boolean }
  /** An answered call got an agent after waitMs; it had rung answeredAfterMs. */
  | { readonly type: 'connected'; readonly waitMs: number; readonly answeredAfterMs: number }
  /** The agent on a connected call reported it a person (live) or a machine; it had rung answeredAfterMs. */
  | { readonly type: 'reported'; readonly live: boolean; readonly answeredAfterMs: number }
  /**
   * An answered call found no agent within 2 s and heard the recorded message. `personWeight` is
   * how much it counted in the abandon ledger as a person's abandon: 1 when the runtime took it
   * for a person, else its estimated P(person | ring time) (AbandonAccounting).
   */
  | { readonly type: 'abandoned'; readonly answeredAfterMs: number; readonly personWeight: number }
  /** An agent finished a call (ms on it; live = false when the agent reported a machine) ... */
  | { readonly type: 'talk-ended'; readonly talkMs: number; readonly live?: boolean }
  /** ... and its wrap-up. */
  | { readonly type: 'wrap-ended'; readonly wrapMs: number };

export interface PacingPolicy {
  readonly name: string;
  /**
   * How often the runtime should ask when nothing happens (ms). It also asks whenever
   * an agent becomes ready. Default 1000.
   */
  readonly cadenceMs?: number;
  /** Calls to place now (a whole number >= 0). */
  decide(obs: PacingObservation): number;
  /** Outcomes and durations, as they happen. */
  observe(event: PacingEvent): void;
  /**
   * How long the runtime should let the call it is placing now ring before hanging it up as a
   * no answer (ms, at least 15 s; the runtime never rings longer than the campaign's ring-out).
   * Asked once per placed call; undefined (or no method): the campaign's ring-out.
   */
  ringOutMs?(): number | undefined;
}

export function countActivity(agents: readonly PacingAgentView[], activity: AgentActivity): number {
  let n = 0;
  for (const a of agents) if (a.activity === activity) n++;
  return n;
}

/** Share of a tally's live answers abandoned (0 when nothing was answered). */
export function tallyRate(t: AbandonTally): number {
  return t.live > 0 ? t.abandoned / t.live : 0;
}
