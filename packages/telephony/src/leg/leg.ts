import type { StateMachine, TimerHandle } from '@switchboard/shared';
import type { MediaLeg } from '@switchboard/media';
import type { LegInfo, LegKind } from '../api';
import type { EndCause } from '../causes';
import type { CallSignal } from '../signalling/call-signal';
import type { DigitCollector } from '../dtmf/digit-collector';
import { callLegStateMachine, type CallLegState } from './leg-state';

export interface LegInit {
  id: string;
  kind: LegKind;
  direction: 'inbound' | 'outbound' | 'internal';
  from: string;
  to: string;
  trunk?: string | undefined;
  user?: string | undefined;
}

/**
 * One party of a call: its state machine, its signalling (a SIP dialog, a WebRTC offer/answer
 * or none) and its media leg. A plain record the engine's modules act on; it makes no
 * decisions of its own.
 */
export class Leg {
  readonly id: string;
  readonly kind: LegKind;
  readonly direction: 'inbound' | 'outbound' | 'internal';
  readonly from: string;
  readonly to: string;
  readonly trunk: string | undefined;
  readonly user: string | undefined;
  readonly sm: StateMachine<CallLegState>;
  media: MediaLeg | undefined;
  signal: CallSignal | undefined;
  bridgeId: string | undefined;
  held = false;
  dtmfMasked = false;
  /** Its received audio reaches nobody (silence instead); see MediaControl.setMuted. */
  muted = false;
  cause: EndCause | undefined;
  sipStatus: number | undefined;
  /** The Max-Forwards of the INVITE that brought an inbound SIP leg (undefined: none sent). */
  maxForwards: number | undefined;
  ringTimer: TimerHandle | undefined;
  collector: DigitCollector | undefined;
  /** Runs once when the leg ends: closes media, timers, playbacks. */
  readonly cleanups: Array<() => void> = [];

  constructor(init: LegInit) {
    this.id = init.id;
    this.kind = init.kind;
    this.direction = init.direction;
    this.from = init.from;
    this.to = init.to;
    this.trunk = init.trunk;
    this.user = init.user;
    this.sm = callLegStateMachine(init.id);
  }

  get state(): CallLegState {
    return this.sm.state;
  }

  get ended(): boolean {
    return this.sm.state === 'ended';
  }

  info(): LegInfo {
    return {
      id: this.id,
      kind: this.kind,
      direction: this.direction,
      state: this.sm.state,
      from: this.from,
      to: this.to,
      trunk: this.trunk,
      user: this.user,
      bridgeId: this.bridgeId,
      held: this.held,
      dtmfMasked: this.dtmfMasked,
      muted: this.muted,
      cause: this.cause,
    };
  }
}
