import type { Clock } from '@switchboard/shared';
import {
  assertRingTimeout,
  ErlangBlindPolicy,
  FixedRatioPolicy,
  IssabelPredictorPolicy,
  ProgressivePolicy,
  SwitchboardPacingPolicy,
  VicidialAdaptivePolicy,
  type PacingAgentView,
  type PacingPolicy,
  type SwitchboardPacingConfig,
  type VicidialMode,
} from '@switchboard/core';
import { ForesightSwitchboardPolicy } from './foresight';
import type { Workload } from './workload';

/** Switchboard's pacing knobs (see SwitchboardPacingConfig), for experiments. */
export type SwitchboardPacingOptions = Partial<
  Pick<SwitchboardPacingConfig, 'machineWeight' | 'liveRing' | 'ringHorizonSlackSec' | 'maxLinesPerAgent' | 'forgetAfterGapMs' | 'rewarmMs' | 'rewarmResolutions' | 'ringOut'>
>;

/**
 * The dialler's own ring-out, for any policy: a call still ringing after this many ms is
 * hung up as no answer. Optional and off in the benchmark (which rings no answer out at
 * the workload's 20 s); when set it must respect the 15 s minimum-ring rule.
 */
export interface RingLimitOption {
  ringLimitMs?: number;
}

/** A policy described as data, so a worker thread can build it. */
export type PolicySpec = RingLimitOption &
  (
    | { kind: 'progressive' }
    | { kind: 'fixed'; ratio: number }
    | { kind: 'vicidial'; mode: VicidialMode; droppedPercentage?: number; maximumLevel?: number }
    | { kind: 'issabel'; threshold?: number }
    | { kind: 'erlang'; loss?: number }
    | {
        kind: 'switchboard';
        cap?: number;
        confidenceZ?: number;
        windows?: Array<'24h' | '30d'>;
        eta?: number;
        overdispersion?: number;
        marginOver?: 'next-hours' | 'window';
        marginHours?: number;
        pacing?: SwitchboardPacingOptions;
        foresight?: boolean;
      }
    | { kind: 'clairvoyant' }
  );

/** The spec's ring limit (ms), checked against the minimum-ring rule; undefined when off. */
export function ringLimitOf(spec: PolicySpec): number | undefined {
  if (spec.ringLimitMs === undefined) return undefined;
  assertRingTimeout(spec.ringLimitMs);
  if (spec.kind === 'clairvoyant') throw new Error('the clairvoyant bound has no ring limit (it does not dial)');
  return spec.ringLimitMs;
}

export function policyLabel(spec: PolicySpec): string {
  const base = baseLabel(spec);
  return spec.ringLimitMs === undefined ? base : `${base} (ring ${(spec.ringLimitMs / 1000).toFixed(1)} s)`;
}

function baseLabel(spec: PolicySpec): string {
  switch (spec.kind) {
    case 'progressive':
      return 'progressive';
    case 'fixed':
      return `fixed ${spec.ratio.toFixed(spec.ratio === Math.round(spec.ratio * 10) / 10 ? 1 : 3)}`;
    case 'vicidial':
      return `VICIdial ${spec.mode}${spec.droppedPercentage !== undefined ? ` (drop ${spec.droppedPercentage.toFixed(2)}%)` : ''}${spec.maximumLevel !== undefined ? ` (max level ${spec.maximumLevel.toFixed(3)})` : ''}`;
    case 'issabel':
      return `Issabel${spec.threshold !== undefined ? ` (p ${spec.threshold.toFixed(4)})` : ''}`;
    case 'erlang':
      return `Erlang-B blind${spec.loss !== undefined ? ` (loss ${(spec.loss * 100).toFixed(2)}%)` : ''}`;
    case 'switchboard': {
      const who = spec.foresight ? 'Switchboard knowing when agents free (oracle)' : 'Switchboard';
      if (spec.cap === undefined) return who;
      return `${who} (cap ${(spec.cap * 100).toFixed(2)}%${spec.confidenceZ === 0 ? ', no margin' : ''})`;
    }
    case 'clairvoyant':
      return 'clairvoyant bound';
  }
}

/**
 * Builds the policy a spec describes. `agentFreeAt` is the simulator's ground truth of when
 * each busy agent frees, read only by the foresight oracle (`foresight: true`).
 */
export function makePolicy(spec: PolicySpec, clock: Clock, w: Workload, agentFreeAt?: WeakMap<PacingAgentView, number>): PacingPolicy {
  switch (spec.kind) {
    case 'progressive':
      return new ProgressivePolicy();
    case 'fixed':
      return new FixedRatioPolicy(spec.ratio);
    case 'vicidial':
      return new VicidialAdaptivePolicy(clock, {
        mode: spec.mode,
        ...(spec.droppedPercentage !== undefined ? { droppedPercentage: spec.droppedPercentage } : {}),
        ...(spec.maximumLevel !== undefined ? { maximumLevel: spec.maximumLevel } : {}),
      });
    case 'issabel':
      return new IssabelPredictorPolicy(clock, spec.threshold !== undefined ? { threshold: spec.threshold } : {});
    case 'erlang':
      return new ErlangBlindPolicy(clock, spec.loss ?? 0.03);
    case 'switchboard': {
      const config = {
        ...spec.pacing,
        budget: {
          amdFalsePositiveRate: w.amd ? w.amdFalsePositive : 0,
          ...(spec.cap !== undefined ? { cap: spec.cap } : {}),
          ...(spec.confidenceZ !== undefined ? { confidenceZ: spec.confidenceZ } : {}),
          ...(spec.windows !== undefined ? { windows: spec.windows } : {}),
          ...(spec.eta !== undefined ? { eta: spec.eta } : {}),
          ...(spec.overdispersion !== undefined ? { overdispersion: spec.overdispersion } : {}),
          ...(spec.marginOver !== undefined ? { marginOver: spec.marginOver } : {}),
          ...(spec.marginHours !== undefined ? { marginHours: spec.marginHours } : {}),
        },
      };
      if (!spec.foresight) return new SwitchboardPacingPolicy(clock, config);
      if (!agentFreeAt) throw new Error("the foresight oracle needs the simulator's agentFreeAt map");
      return new ForesightSwitchboardPolicy(clock, agentFreeAt, config);
    }
    case 'clairvoyant':
      throw new Error('the clairvoyant bound is computed by simulateClairvoyantDay, not paced');
  }
}
