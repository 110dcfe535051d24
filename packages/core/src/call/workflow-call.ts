import type { Clock, Logger } from '@switchboard/shared';
import type { Interaction } from '../interaction/interaction';
import type { CallbackStore } from '../workflow/callback-store';
import { WorkflowRunner, type WorkflowAction } from '../workflow/workflow-runner';
import type { WorkflowConfig } from '../workspace/types';
import { storeCallbackRequest } from './callback-requests';
import { IvrKeys } from './ivr-keys';
import type { PortLeg, TelephonyPort } from './telephony-port';

export interface WorkflowCallDeps {
  port: TelephonyPort;
  clock: Clock;
  logger: Logger;
  /** Null: this run stores no callback (an assisted transfer's agent: the caller's own run will). */
  callbacks: CallbackStore | null;
  region: string;
  campaignOfQueue(queueId: string): string | null;
  /** The workflow put the caller in a queue. */
  joinQueue(queueId: string, priority: number): void;
  /** The workflow ended the call (a hang-up object, end of the flow, no input). */
  hangUp(reason: string): void;
}

/**
 * One caller in one workflow (the IVR, or a queue's overflow flow): the runner (core) decides the
 * next object; this plays its prompts, collects its digits with type-ahead and barge-in, keeps its
 * IVR data and hands the caller on (a queue, a stored callback, the end).
 */
export class WorkflowCall {
  /** Where the caller is in the flow (state, current object). */
  readonly runner: WorkflowRunner;
  private readonly keys: IvrKeys;
  private closed = false;

  constructor(
    private readonly d: WorkflowCallDeps,
    private readonly interaction: Interaction,
    private readonly leg: PortLeg,
    workflow: WorkflowConfig,
    /** Keys already pressed for this run (an assisted transfer's agent keyed them for the caller). */
    typeAhead = '',
  ) {
    this.runner = new WorkflowRunner({ workflow, clock: d.clock, callerNumber: interaction.customerNumber, campaignOfQueue: d.campaignOfQueue });
    this.keys = new IvrKeys(leg, (err) => d.logger.debug({ err, interactionId: interaction.id }, 'a collect prompt did not play; collecting without it'));
    if (typeAhead) this.keys.typeAhead(typeAhead);
  }

  start(): void {
    this.execute(this.runner.start());
  }

  /** The caller hung up while in the flow. */
  callerGone(): void {
    if (this.closed) return;
    this.runner.callerHungUp();
    this.close();
  }

  /** The caller left the flow (queued, hung up): keys and prompts stop. */
  close(): void {
    this.closed = true;
    this.keys.close();
  }

  private execute(actions: WorkflowAction[]): void {
    for (const a of actions) {
      if (this.closed) return;
      if (a.type === 'ivr-data') this.interaction.addIvrData(a.label, a.value);
      else if (a.type === 'play') this.play(a.file);
      else if (a.type === 'collect') this.collect(a);
      else if (a.type === 'join-queue') {
        this.close();
        this.d.joinQueue(a.queueId, a.priority);
      } else if (a.type === 'hangup') {
        this.close();
        this.d.hangUp(a.reason);
      } else if (a.type === 'store-callback' && this.d.callbacks)
        storeCallbackRequest({ callbacks: this.d.callbacks, logger: this.d.logger, region: this.d.region }, this.interaction.id, a.request);
    }
  }

  private play(file: string): void {
    const next = (): void => {
      if (!this.closed && this.runner.state === 'playing') this.execute(this.runner.promptFinished());
    };
    this.leg.play(this.d.port.prompt(file)).then(
      (playback) => playback.finished.then(next),
      (err: unknown) => {
        this.d.logger.debug({ err, interactionId: this.interaction.id }, 'a workflow prompt did not play; going on');
        next();
      },
    );
  }

  private collect(a: Extract<WorkflowAction, { type: 'collect' }>): void {
    const collecting = () => !this.closed && this.runner.state === 'collecting';
    const run = async (): Promise<void> => {
      const r = await this.keys.collect(a, a.prompt ? this.d.port.prompt(a.prompt) : null, collecting);
      if (r.kind === 'gone' || !collecting()) return;
      if (r.kind === 'timeout' && r.digits.length < a.minDigits) this.execute(this.runner.collectTimeout(r.digits));
      else this.execute(this.runner.digitsCollected(r.digits));
    };
    run().catch((err: unknown) => this.d.logger.warn({ err, interactionId: this.interaction.id }, 'collecting digits failed'));
  }
}
