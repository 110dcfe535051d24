import type { AgentEvent, AgentView, AssistRequest, Notice, ServerMessage } from '@switchboard/protocol';
import { AGENT_EVENT } from '@switchboard/protocol/wire';
import { ReconnectingSocket, type ConnectionDetail, type ConnectionStatus, type StreamOptions } from './reconnecting-socket';

export type { ConnectionStatus, StreamOptions };
/** Whether this tab owns the agent's session, and why not: the server's ownership message, without its type. */
export type Ownership = Omit<Extract<ServerMessage, { type: 'ownership' }>, 'type'>;

export interface StreamHandlers {
  state(state: AgentView | null, seq: number): void;
  event(event: AgentEvent): void;
  notice(notice: Notice): void;
  connection(status: ConnectionStatus, detail?: ConnectionDetail): void;
  ownership(o: Ownership): void;
  error(code: string, message: string): void;
  /** An assistance request of the agent's changed (optional: older callers pass none). */
  assist?(request: AssistRequest): void;
}

/**
 * The agent's event WebSocket: hello → snapshot → events in seq order (ReconnectingSocket
 * drops duplicates, resyncs on a gap and reconnects with backoff). The session ending closes it
 * for good; a tab the server made standby stays standby across reconnects.
 */
export class EventStream extends ReconnectingSocket<ServerMessage> {
  /** The server last said this tab is not the owner: a reconnect must not make it one. */
  private standby = false;

  constructor(
    opts: StreamOptions,
    private readonly on: StreamHandlers,
  ) {
    super(opts, (s, d) => on.connection(s, d));
  }

  send(msg: { type: 'take-over' } | { type: 'ping' }): boolean {
    return this.sendRaw(msg);
  }

  protected hello(token: string): object {
    return { type: 'hello', token, clientId: this.opts.clientId, lastSeq: this.lastSeq, ...(this.standby ? { standby: true } : {}) };
  }

  protected override noToken(): void {
    this.on.error('UNAUTHENTICATED', 'Log in before connecting the event stream');
  }

  protected handle(msg: ServerMessage): void {
    switch (msg.type) {
      case 'snapshot':
        this.snapshotAt(msg.seq);
        this.on.state(msg.state, msg.seq);
        break;
      case 'event': {
        const e = msg.event;
        if (!this.next(e.seq)) return;
        this.on.state(e.state, e.seq);
        this.on.event(e);
        if (e.notice) this.on.notice(e.notice);
        if (e.name === AGENT_EVENT.sessionEnded) this.finish('session ended', 'session ended');
        break;
      }
      case 'ownership':
        this.standby = !msg.owner;
        this.on.ownership({ owner: msg.owner, reason: msg.reason });
        break;
      case 'error':
        this.on.error(msg.code, msg.message);
        this.errorCode(msg.code, msg.message);
        break;
      case 'pong':
        break;
      case 'assist':
        this.on.assist?.(msg.request);
        break;
    }
  }
}
