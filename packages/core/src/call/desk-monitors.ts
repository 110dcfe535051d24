import { InteractionActionError } from '../interaction/errors';
import type { CallSession } from './call-actions';
import { CallMonitor, type MonitorRequest, type MonitorView } from './call-monitor';
import { CallNotFoundError } from './errors';
import type { MonitorMode } from './monitor-state';

/**
 * The desk's monitoring: at most one supervisor on a call, and one call per supervisor (their
 * phone is one voice path). Who may monitor which call (their team's agents, an admin anyone's)
 * is the server's check before it asks; here is what the call allows. Every change (started,
 * answered, switched, ended) is told to `changed`: the supervisors' floor shows it. The agent is
 * not told: the manual says nothing, peers do not on listen or whisper, and a barge is heard.
 */
export class DeskMonitors {
  constructor(
    private readonly calls: (interactionId: string) => CallSession | undefined,
    private readonly all: () => readonly CallSession[],
    private readonly changed: (v: MonitorView) => void = () => undefined,
  ) {}

  /** Starts listening, whispering or barging on a live call: the supervisor's phone rings. */
  start(interactionId: string, req: MonitorRequest): MonitorView {
    const connected = this.calls(interactionId)?.connected;
    if (!connected) throw new CallNotFoundError(interactionId);
    if (!connected.live || connected.room.ended) throw new InteractionActionError('The call is not live', { interactionId });
    const other = connected.monitor;
    if (other?.active) throw new InteractionActionError(`${other.req.supervisorName} is already on this call`, { interactionId, supervisorId: other.req.supervisorId });
    const mine = this.of(req.supervisorId);
    if (mine) throw new InteractionActionError('Stop monitoring the other call first', { interactionId: mine.interactionId });
    const m = new CallMonitor(connected, req, (changed) => {
      if (connected.monitor === changed) this.changed(changed.view());
    });
    connected.monitor = m;
    m.start();
    return m.view();
  }

  /** Switches the mode (the supervisor who is on the call only). */
  setMode(interactionId: string, supervisorId: string, mode: MonitorMode): MonitorView {
    const m = this.mine(interactionId, supervisorId);
    m.setMode(mode);
    return m.view();
  }

  stop(interactionId: string, supervisorId: string): MonitorView {
    const m = this.mine(interactionId, supervisorId);
    m.stop('stopped');
    return m.view();
  }

  /** The call's monitoring now (ended ones stay readable while the call is held). */
  view(interactionId: string): MonitorView | null {
    const call = this.calls(interactionId);
    if (!call) throw new CallNotFoundError(interactionId);
    return call.connected?.monitor?.view() ?? null;
  }

  /**
   * What the floor shows of a call: its latest monitoring, an ended one with its cause (the
   * supervisor who ran it reads why), until another starts; null for none or an unknown call.
   */
  latest(interactionId: string): MonitorView | null {
    return this.calls(interactionId)?.connected?.monitor?.view() ?? null;
  }

  /** The supervisor's active monitoring, if any. */
  of(supervisorId: string): MonitorView | undefined {
    for (const c of this.all()) {
      const m = c.connected?.monitor;
      if (m?.active && m.req.supervisorId === supervisorId) return m.view();
    }
    return undefined;
  }

  private mine(interactionId: string, supervisorId: string): CallMonitor {
    const call = this.calls(interactionId);
    if (!call) throw new CallNotFoundError(interactionId);
    const m = call.connected?.monitor;
    if (!m?.active || m.req.supervisorId !== supervisorId) throw new InteractionActionError('You are not monitoring this call', { interactionId });
    return m;
  }
}
