import type { AssistRequest, FloorServerMessage } from '@switchboard/protocol';
import { ReconnectingSocket, type ConnectionDetail, type ConnectionStatus, type StreamOptions } from './reconnecting-socket';

type Msg<T extends FloorServerMessage['type']> = Extract<FloorServerMessage, { type: T }>;

export interface FloorHandlers {
  snapshot(m: Msg<'snapshot'>): void;
  changes(m: Msg<'changes'>): void;
  samples(m: Msg<'samples'>): void;
  assist(r: AssistRequest): void;
  connection(status: ConnectionStatus, detail?: ConnectionDetail): void;
  error(code: string, message: string): void;
}

export type FloorStreamOptions = StreamOptions;

/**
 * The supervisors' floor stream (FLOOR_EVENTS_PATH): hello → snapshot → changes in seq order
 * (ReconnectingSocket resyncs on a gap and reconnects with backoff until a final close: a bad
 * token, not staff).
 */
export class FloorStream extends ReconnectingSocket<FloorServerMessage> {
  constructor(
    opts: FloorStreamOptions,
    private readonly on: FloorHandlers,
  ) {
    super(opts, (s, d) => on.connection(s, d));
  }

  protected hello(token: string): object {
    return { type: 'hello', token, clientId: this.opts.clientId };
  }

  protected handle(msg: FloorServerMessage): void {
    switch (msg.type) {
      case 'snapshot':
        this.snapshotAt(msg.seq);
        this.on.snapshot(msg);
        break;
      case 'changes':
        if (this.next(msg.seq)) this.on.changes(msg);
        break;
      case 'samples':
        this.on.samples(msg);
        break;
      case 'assist':
        this.on.assist(msg.request);
        break;
      case 'error':
        this.on.error(msg.code, msg.message);
        this.errorCode(msg.code, msg.message);
        break;
      case 'pong':
        break;
    }
  }
}
