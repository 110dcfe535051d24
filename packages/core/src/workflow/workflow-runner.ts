import { StateMachine, type Clock, type TransitionTable } from '@switchboard/shared';
import type { WorkflowCollectObject, WorkflowConfig, WorkflowObjectConfig } from '../workspace/types';
import { WorkflowRunError } from './errors';
import { validateWorkflow } from './validate-workflow';

export const WORKFLOW_RUN_STATES = ['idle', 'playing', 'collecting', 'queued', 'ended'] as const;
export type WorkflowRunState = (typeof WORKFLOW_RUN_STATES)[number];

/**
 * One caller's walk through a workflow. Only play and collect wait (for the
 * engine's promptFinished / digitsCollected / collectTimeout); branch and
 * callback pass straight through; queue and hang-up end the walk.
 *
 * ```
 *            start
 *  ┌──────┐ ──────▶ ┌─────────┐ ◀──┐ next prompt
 *  │ idle │         │ playing │ ───┘
 *  └──────┘         └─────────┘
 *     │  start     ▲   │    ▲ │
 *     ▼            │   ▼    │ │
 *  ┌────────────┐ ─┘ ┌────────────┐      join queue      ┌────────┐
 *  │ collecting │ ◀─ │ collecting │ ─ (any waiting) ───▶ │ queued │
 *  └────────────┘    └────────────┘                      └────────┘
 *   (retry: collecting → collecting)   hang-up object, end of the graph,
 *                                      no input, caller hung up ─▶ ended
 * ```
 * idle/playing/collecting may each go to playing, collecting, queued or ended
 * (the table); queued and ended are final: after queued the ACD has the call.
 */
export const WORKFLOW_RUN_TRANSITIONS: TransitionTable<WorkflowRunState> = {
  idle: ['playing', 'collecting', 'queued', 'ended'],
  playing: ['playing', 'collecting', 'queued', 'ended'],
  collecting: ['playing', 'collecting', 'queued', 'ended'],
  queued: [],
  ended: [],
};

export interface CallbackRequest {
  /** E.164 as given by the caller's network or typed digits. */
  number: string;
  queueId: string;
  campaignId: string | null;
  /** Epoch ms. */
  requestedAt: number;
  workflowId: string;
  ivrData: Array<{ label: string; value: string }>;
}

export type WorkflowHangupReason = 'hangup-object' | 'end-of-workflow' | 'no-input';

/** What the server executes on the telephony engine, in order. */
export type WorkflowAction =
  | { type: 'play'; objectId: string; file: string }
  | {
      type: 'collect';
      objectId: string;
      label: string;
      prompt: string | null;
      minDigits: number;
      maxDigits: number;
      terminator: string | null;
      timeoutMs: number;
      /** 1 for the first try. */
      attempt: number;
    }
  /** Keep on the interaction (Interaction.addIvrData). */
  | { type: 'ivr-data'; label: string; value: string }
  | { type: 'join-queue'; objectId: string; queueId: string; priority: number }
  | { type: 'store-callback'; objectId: string; request: CallbackRequest }
  | { type: 'hangup'; reason: WorkflowHangupReason };

export interface WorkflowRunnerOptions {
  workflow: WorkflowConfig;
  clock: Clock;
  /** The caller's number (ANI), for "call me back on this number". */
  callerNumber: string | null;
  /** The campaign a queue belongs to, for callback requests. */
  campaignOfQueue?: (queueId: string) => string | null;
}

const MAX_STEPS = 1000;

/**
 * A pure IVR interpreter: inputs in, actions out. The workflow is validated
 * on construction (WorkflowInvalidError), so a run cannot spin; a guard stops
 * it anyway. Inputs after the run ended (a hang-up racing a prompt's end) are
 * ignored; inputs that do not fit the current wait throw WorkflowRunError.
 */
export class WorkflowRunner {
  private readonly machine = new StateMachine<WorkflowRunState>('workflow-run', WORKFLOW_RUN_TRANSITIONS, 'idle');
  private readonly byId: Map<string, WorkflowObjectConfig>;
  private readonly collected = new Map<string, string>();
  private readonly data: Array<{ label: string; value: string }> = [];
  private current: WorkflowObjectConfig | null = null;
  private attempt = 0;

  constructor(private readonly opts: WorkflowRunnerOptions) {
    validateWorkflow(opts.workflow);
    this.byId = new Map(opts.workflow.objects.map((o) => [o.id, o]));
  }

  get state(): WorkflowRunState {
    return this.machine.state;
  }

  /** The object waiting now (play or collect), if any. */
  get objectId(): string | null {
    return this.current?.id ?? null;
  }

  /** Everything the caller keyed, by label (latest wins). */
  get ivrData(): ReadonlyMap<string, string> {
    return this.collected;
  }

  start(): WorkflowAction[] {
    if (this.state !== 'idle') throw new WorkflowRunError('The workflow has already started');
    return this.run(this.opts.workflow.start);
  }

  promptFinished(): WorkflowAction[] {
    if (this.state === 'ended') return [];
    const o = this.expect('playing');
    if (o.type !== 'play') throw new WorkflowRunError('No prompt is playing');
    return o.next === null ? this.end('end-of-workflow') : this.run(o.next);
  }

  /** The engine finished collecting: maxDigits reached or the terminator pressed (it may be included). */
  digitsCollected(digits: string): WorkflowAction[] {
    if (this.state === 'ended') return [];
    const o = this.expectCollect();
    let d = String(digits ?? '');
    if (o.terminator && d.endsWith(o.terminator)) d = d.slice(0, -1);
    const ok = /^[0-9*#]*$/.test(d) && d.length >= o.minDigits && d.length <= o.maxDigits && (d.length > 0 || o.minDigits === 0);
    return ok ? this.accept(o, d) : this.retry(o);
  }

  /** The engine's inter-digit timeout ran out with `partial` keyed so far. */
  collectTimeout(partial = ''): WorkflowAction[] {
    if (this.state === 'ended') return [];
    const o = this.expectCollect();
    const d = String(partial ?? '');
    const enough = /^[0-9*#]*$/.test(d) && d.length >= Math.max(1, o.minDigits) && d.length <= o.maxDigits;
    return enough ? this.accept(o, d) : this.retry(o);
  }

  /** The caller went away: nothing more to do (the server abandons the interaction). */
  callerHungUp(): WorkflowAction[] {
    if (this.state !== 'ended' && this.state !== 'queued') this.machine.transition('ended');
    this.current = null;
    return [];
  }

  // ── the walk ──

  private accept(o: WorkflowCollectObject, digits: string): WorkflowAction[] {
    this.collected.set(o.label, digits);
    this.data.push({ label: o.label, value: digits });
    return [{ type: 'ivr-data', label: o.label, value: digits }, ...this.run(o.next)];
  }

  private retry(o: WorkflowCollectObject): WorkflowAction[] {
    if (this.attempt < o.attempts) return [this.collect(o, this.attempt + 1)];
    return o.noInputNext === null ? this.end('no-input') : this.run(o.noInputNext);
  }

  private run(fromId: string): WorkflowAction[] {
    const out: WorkflowAction[] = [];
    let id: string | null = fromId;
    for (let steps = 0; id !== null; steps++) {
      if (steps > MAX_STEPS) throw new WorkflowRunError('The workflow did not wait for the caller within 1000 steps', { objectId: id });
      const o = this.byId.get(id);
      if (!o) throw new WorkflowRunError(`Unknown workflow object "${id}"`, { objectId: id });
      switch (o.type) {
        case 'play':
          this.current = o;
          this.machine.transition('playing');
          out.push({ type: 'play', objectId: o.id, file: o.file });
          return out;
        case 'collect':
          out.push(this.collect(o, 1));
          return out;
        case 'branch': {
          const value = this.collected.get(o.label);
          id = o.cases.find((c) => c.digits === value)?.next ?? o.defaultNext;
          break;
        }
        case 'callback': {
          const number = o.numberFrom === 'caller' ? this.opts.callerNumber : this.collected.get(o.numberFrom.label);
          if (number) {
            const request: CallbackRequest = {
              number,
              queueId: o.queueId,
              campaignId: this.opts.campaignOfQueue?.(o.queueId) ?? null,
              requestedAt: this.opts.clock.now(),
              workflowId: this.opts.workflow.id,
              ivrData: this.data.map((e) => ({ ...e })),
            };
            out.push({ type: 'store-callback', objectId: o.id, request });
          }
          id = o.next;
          if (id === null) return [...out, ...this.end('end-of-workflow')];
          break;
        }
        case 'queue':
          this.current = null;
          this.machine.transition('queued');
          out.push({ type: 'join-queue', objectId: o.id, queueId: o.queueId, priority: o.priority ?? 0 });
          return out;
        case 'hangup':
          return [...out, ...this.end('hangup-object')];
      }
    }
    return out;
  }

  private collect(o: WorkflowCollectObject, attempt: number): WorkflowAction {
    this.current = o;
    this.attempt = attempt;
    this.machine.transition('collecting');
    return {
      type: 'collect',
      objectId: o.id,
      label: o.label,
      prompt: o.prompt,
      minDigits: o.minDigits,
      maxDigits: o.maxDigits,
      terminator: o.terminator,
      timeoutMs: Math.round(o.timeoutSeconds * 1000),
      attempt,
    };
  }

  private end(reason: WorkflowHangupReason): WorkflowAction[] {
    this.current = null;
    this.machine.transition('ended');
    return [{ type: 'hangup', reason }];
  }

  private expect(state: WorkflowRunState): WorkflowObjectConfig {
    if (this.state !== state || !this.current) throw new WorkflowRunError(`The workflow is ${this.state}, not ${state}`, { state: this.state });
    return this.current;
  }

  private expectCollect(): WorkflowCollectObject {
    const o = this.expect('collecting');
    if (o.type !== 'collect') throw new WorkflowRunError('No digits are being collected');
    return o;
  }
}
