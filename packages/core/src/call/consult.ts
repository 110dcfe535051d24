import type { StateMachine, TimerHandle } from '@switchboard/shared';
import { Interaction } from '../interaction/interaction';
import type { TransferredFromInfo } from '../interaction/transfer-steps';
import type { Party } from './call-room';
import type { PortLeg } from './telephony-port';
import type { ConnectedCall } from './connected-call';
import { consultMachine, type ConsultState } from './consult-state';
import { KeypadLeg } from './keypad-leg';
import { reachTarget, type Reach } from './target-reach';
import { targetRef, type ResolvedTarget } from './transfer-types';
import { WorkflowCall } from './workflow-call';

/** What a desk phone's consult call hears until the target answers. */
const RINGBACK = { tone: [440, 480], cadence: [2000, 4000], durationMs: 120_000 } as const;

/** How often a consult waiting for a busy agent looks again. */
const WAIT_POLL_MS = 1000;

/**
 * One consult or assisted transfer: the caller is held (music) while the agent reaches the
 * target (an agent, a number; a workflow for assisted, run on the agent's own leg with a keypad).
 * Then Transfer (the agent leaves, the caller and the target talk; for a workflow the caller runs
 * it with the agent's keys typed ahead), Merge lines (a conference), or Cancel. The states are
 * CONSULT_TRANSITIONS; `done` tells the owner once a final state is reached.
 */
export class Consult {
  readonly sm: StateMachine<ConsultState>;
  since: number;
  failure: string | null = null;
  /** The target in the room, once it answered. */
  party: Party | undefined;
  private reach: Reach | undefined;
  private waitTimer: TimerHandle | undefined;
  private keypad: KeypadLeg | undefined;
  private flow: WorkflowCall | undefined;
  private offLine: (() => void) | undefined;

  constructor(
    private readonly call: ConnectedCall,
    readonly kind: 'consult' | 'assisted',
    /** Whom the consult reaches; a waiting consult may be taken by a free teammate of the target. */
    public target: ResolvedTarget,
    private readonly from: TransferredFromInfo,
    busy: boolean,
    private readonly done: (c: Consult) => void,
    /** A desk phone's own consult call: the agent talks to the target on it (their first leg parked). */
    private readonly line?: PortLeg,
  ) {
    this.sm = consultMachine(call.interaction.id, busy ? 'waiting' : 'ringing');
    this.since = call.host.clock.now();
  }

  get state(): ConsultState {
    return this.sm.state;
  }

  get active(): boolean {
    return ['ringing', 'waiting', 'talking'].includes(this.sm.state);
  }

  /** Holds the caller and goes for the target. */
  start(): void {
    this.call.room.hold(this.call.customer.id);
    if (this.call.interaction.customerLeg()?.state === 'connected') this.call.interaction.hold();
    if (this.line) this.takeLine(this.line);
    if (this.sm.state === 'waiting') return this.waitForAgent();
    this.go();
  }

  /** Keys from the adapter's keypad during an assisted transfer; false when not for the workflow. */
  keypadTo(digits: string): boolean {
    if (!this.keypad || !this.active) return false;
    this.keypad.press(digits);
    return true;
  }

  /** Transfer: the agent leaves; the caller talks to the target (or runs the workflow). */
  complete(): void {
    this.move('transferred');
    const call = this.call;
    if (this.target.type === 'workflow') {
      const keyed = this.keypad?.keyed ?? '';
      this.stopFlow();
      call.transfers.handOffToWorkflow(this.target.workflowId, this.from, keyed);
      return;
    }
    if (this.line) this.dropLine('transferred', false);
    call.room.resume(call.customer.id);
    call.end('transferred', 'leave');
  }

  /** Merge lines: the caller is resumed into a conference with the agent and the target. */
  merge(): void {
    this.move('merged');
    this.call.room.conference = true;
    this.resumeCaller();
  }

  /** Cancel (or the call ended): the target is dropped or its ring withdrawn; the caller is back. */
  cancel(resume = true): void {
    if (!this.active) return;
    this.move('cancelled');
    this.stop();
    if (this.party) this.call.room.remove(this.party.id, 'consult-cancelled');
    if (this.line) this.dropLine('consult-cancelled', resume);
    if (resume) this.resumeCaller();
  }

  /** A party left the room: the target hanging up ends the consult; the phone hanging up its consult call cancels it. */
  partyLeft(p: Party): void {
    if (this.line && p.id === this.line.id) return this.cancel();
    if (this.party?.id !== p.id || this.sm.state !== 'talking') return;
    this.fail('The consulted party hung up');
  }

  private go(): void {
    const t = this.target;
    if (t.type === 'workflow') return this.runFlow(t.workflowId);
    // An open line answers at once, inside reachTarget: a settled reach is not kept.
    let settled = false;
    const reach = reachTarget(this.call, t, this.from, true, {
      answered: (party) => {
        settled = true;
        this.reach = undefined;
        if (this.sm.state !== 'ringing') return this.call.room.remove(party.id, 'consult-cancelled');
        this.party = party;
        this.line?.stopPlay();
        this.move('talking');
      },
      failed: (why) => {
        settled = true;
        this.reach = undefined;
        if (this.sm.state === 'ringing') this.fail(why);
      },
    });
    if (!settled) this.reach = reach;
  }

  /**
   * The target agent is busy: the consult waits in their team's queue (the agent sees the wait
   * time) and goes to the target once free, or to the first free teammate before that.
   */
  private waitForAgent(): void {
    this.waitTimer = this.call.host.clock.setTimeout(() => {
      this.waitTimer = undefined;
      if (this.sm.state !== 'waiting') return;
      const t = this.target;
      const hand = this.call.host.handOn!;
      if (t.type === 'agent' && !hand.agentFree(t.agentId)) {
        const mate = hand.freeTeammate(t.agentId, [this.call.agentId]);
        if (!mate) return this.waitForAgent();
        this.target = { type: 'agent', agentId: mate, label: hand.agentName(mate) };
      }
      this.move('ringing');
      this.go();
    }, WAIT_POLL_MS);
  }

  /** Assisted: the workflow runs on the agent's own leg; what it reaches stays with the agent's run. */
  private runFlow(workflowId: string): void {
    const call = this.call;
    const ws = call.host.workspace?.();
    const workflow = ws?.workflows?.find((w) => w.id === workflowId);
    if (!ws || !workflow) return this.fail('That workflow is not available');
    this.keypad = new KeypadLeg(call.agent, call.host.clock);
    // A scratch interaction: the agent's keys are not the caller's IVR data (the caller's own run records those).
    const scratch = Interaction.inbound({
      id: `${call.interaction.id}-assist`,
      clock: call.host.clock,
      campaign: null,
      customerNumber: call.interaction.customerNumber,
      platformNumber: null,
    });
    this.flow = new WorkflowCall(
      {
        port: call.host.port,
        clock: call.host.clock,
        logger: call.host.logger,
        callbacks: null,
        region: ws.region,
        campaignOfQueue: (q) => ws.queues.find((x) => x.id === q)?.campaignId ?? null,
        joinQueue: () => this.stopFlow(),
        hangUp: () => this.stopFlow(),
      },
      scratch,
      this.keypad,
      workflow,
    );
    this.move('talking');
    this.flow.start();
  }

  private stopFlow(): void {
    this.flow?.close();
    this.flow = undefined;
    this.keypad?.close();
  }

  private fail(why: string): void {
    if (!this.active) return;
    this.failure = why;
    this.move('failed');
    this.stop();
    if (this.line) this.dropLine('consult-cancelled', true);
    this.resumeCaller();
  }

  /** The phone's consult call joins the room as this agent's second leg; their first is parked. */
  private takeLine(line: PortLeg): void {
    const call = this.call;
    const name = call.host.handOn?.agentName(call.agentId) ?? call.agentId;
    // The line joins before the first leg is parked: the engine drops a bridge left empty.
    call.room.add({ id: line.id, role: 'agent', leg: line, agentId: call.agentId, number: null, label: `${name} (phone)`, keep: false });
    call.room.hold(call.agent.id, false);
    // Phones differ in which call carries the REFER: either completes the consult.
    this.offLine = line.on('refer', (r) => call.transfers.referred(r));
    line.play(RINGBACK).catch((err: unknown) => call.host.logger.debug({ err }, 'ringback to the phone did not play'));
  }

  /** The consult line goes; back to the caller on the first leg unless the agent's part is ending. */
  private dropLine(cause: string, back: boolean): void {
    const call = this.call;
    this.offLine?.();
    this.offLine = undefined;
    if (call.room.party(this.line!.id)) call.room.remove(this.line!.id, cause);
    else if (!this.line!.isEnded) this.line!.hangup('normal');
    if (back && !call.room.ended) call.room.resume(call.agent.id);
  }

  private stop(): void {
    this.reach?.cancel();
    this.reach = undefined;
    this.call.host.clock.clearTimeout(this.waitTimer);
    this.waitTimer = undefined;
    this.stopFlow();
  }

  private resumeCaller(): void {
    const call = this.call;
    if (call.room.ended || !call.room.party(call.customer.id)) return;
    call.room.resume(call.customer.id);
    if (call.interaction.customerLeg()?.state === 'held') call.interaction.resume();
  }

  private move(to: ConsultState): void {
    this.sm.transition(to);
    this.since = this.call.host.clock.now();
    const i = this.call.interaction;
    const step = to === 'talking' ? 'answered' : to;
    i.transferStep({ step, kind: this.kind, to: targetRef(this.target), by: this.call.agentId, detail: this.failure && to === 'failed' ? { reason: this.failure } : {} });
    if (!this.active) this.done(this);
    this.call.changed();
  }
}
