import type { PacingEvent, PacingObservation, PacingPolicy } from '@switchboard/core';

/**
 * The boundary between the simulator's ground truth and what a runtime observes. Every event a
 * policy gets must have exactly these keys, and a resolution's kind must be something signalling
 * or AMD can say; the observation exactly its keys. A field that told a policy whether a call
 * nobody spoke to was a person (the ground truth) fails here, and in tsc (PacingEvent has no room
 * for it). `guardRuntimeBoundary` wraps a policy so a simulator run checks every event.
 */
const EVENT_KEYS: Record<PacingEvent['type'], readonly string[]> = {
  dialed: ['type'],
  resolved: ['afterMs', 'kind', 'type', 'wantsAgent'],
  connected: ['answeredAfterMs', 'type', 'waitMs'],
  reported: ['answeredAfterMs', 'live', 'type'],
  abandoned: ['answeredAfterMs', 'personWeight', 'type'],
  'talk-ended': ['live', 'talkMs', 'type'],
  'wrap-ended': ['type', 'wrapMs'],
};
const OBSERVED_KINDS = new Set(['answered', 'amd-machine', 'no-answer', 'busy', 'invalid']);
const OBSERVATION_KEYS = ['agents', 'counts', 'nowMs', 'ringingSinceMs', 'tallies', 'waiting'];
const AGENT_KEYS = new Set(['activity', 'answeredAfterMs', 'sinceMs']);

export class RuntimeBoundaryError extends Error {
  readonly code = 'DIALER_SIM_GROUND_TRUTH_LEAK';
}

const sameKeys = (o: object, keys: readonly string[]): boolean => {
  const k = Object.keys(o).sort();
  return k.length === keys.length && k.every((x, i) => x === keys[i]);
};

/** Throws when an event carries anything a runtime could not observe. */
export function assertRuntimeObservable(e: PacingEvent): void {
  const keys = EVENT_KEYS[e.type];
  // talk-ended's live (the agent's report) is optional.
  const ok = keys !== undefined && (sameKeys(e, keys) || (e.type === 'talk-ended' && sameKeys(e, ['talkMs', 'type'])));
  if (!ok) throw new RuntimeBoundaryError(`event ${JSON.stringify(e)} is not what a runtime observes`);
  if (e.type === 'resolved' && !OBSERVED_KINDS.has(e.kind)) throw new RuntimeBoundaryError(`resolution kind ${e.kind} is ground truth`);
  if (e.type === 'abandoned' && !(e.personWeight >= 0 && e.personWeight <= 1)) throw new RuntimeBoundaryError(`person weight ${e.personWeight} out of [0, 1]`);
}

/** Throws when an observation carries more than the runtime's view. */
export function assertRuntimeObservation(o: PacingObservation): void {
  const keys = [...OBSERVATION_KEYS].sort();
  if (!sameKeys(o, keys)) throw new RuntimeBoundaryError(`observation keys ${Object.keys(o).join(', ')}`);
  for (const a of o.agents) for (const k of Object.keys(a)) if (!AGENT_KEYS.has(k)) throw new RuntimeBoundaryError(`agent view key ${k}`);
}

/** The policy, with every event and observation checked against the runtime boundary. */
export function guardRuntimeBoundary(p: PacingPolicy): PacingPolicy {
  return {
    name: p.name,
    ...(p.cadenceMs !== undefined ? { cadenceMs: p.cadenceMs } : {}),
    decide(o) {
      assertRuntimeObservation(o);
      return p.decide(o);
    },
    observe(e) {
      assertRuntimeObservable(e);
      p.observe(e);
    },
    ...(p.ringOutMs ? { ringOutMs: () => p.ringOutMs!() } : {}),
  };
}
