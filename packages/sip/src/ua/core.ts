import type { Clock, Logger } from '@switchboard/shared';
import type { SipMessage, SipRequest, SipResponse } from '../message/message';
import type { ClientTransaction } from '../transaction/layer';
import type { SipTimerConfig } from '../transaction/timers';
import type { Flow, TransportProtocol } from '../transport/transport';
import type { SipUri } from '../uri';
import type { Dialog } from './dialog';

/** What the endpoint counts; read them from `endpoint.counters`. */
export interface EndpointCounters {
  received: number;
  sent: number;
  /** Unparseable bytes dropped (and requests we could not answer). */
  parseDropped: number;
  /** Malformed but answerable requests we answered with a 4xx/5xx. */
  parseRejected: number;
  /** Every 4xx response we sent, whatever the reason. */
  responses4xx: number;
  /** Requests and responses re-sent by timers A, E, G, the 2xx timer, or on a retransmitted request. */
  retransmissions: number;
  /** Client transactions that timed out (B, F) and server transactions that never saw an ACK (H). */
  timeouts: number;
}

export interface ClientUser {
  onResponse(res: SipResponse): void;
  onTimeout(): void;
  onTransportError(err: Error): void;
}

/**
 * The slice of the endpoint that dialogs and invite sessions use. Keeping it an interface keeps
 * those files free of the endpoint class and makes them testable on their own.
 */
export interface UaCore {
  readonly clock: Clock;
  readonly logger: Logger;
  readonly timers: SipTimerConfig;
  readonly counters: EndpointCounters;
  readonly userAgent: string;
  /** Sends a request in a new client transaction. */
  sendRequest(req: SipRequest, flow: Flow, user: ClientUser): ClientTransaction;
  /** Sends outside any transaction: ACK for a 2xx, 2xx retransmissions (13.3.1.4). */
  sendStateless(msg: SipMessage, flow: Flow): void;
  /** Where a request to `uri` goes (loose routing: `route` overrides). */
  resolveFlow(uri: SipUri, protocol?: TransportProtocol, connectionId?: string): Flow;
  newBranch(): string;
  newTag(): string;
  newCallId(): string;
  /** Via value for a request leaving on `flow`, with a fresh branch and ;rport (RFC 3581). */
  via(flow: Flow, branch: string): string;
  /** Our Contact URI (in angle brackets) for a flow; `sips` for a dialog begun with a SIPS URI (12.1.1). */
  contact(flow: Flow, user?: string, sips?: boolean): string;
  addDialog(d: Dialog): void;
  /** Our dialog with these identifiers, if any (RFC 3891 3: what a Replaces names). */
  findDialog(callId: string, localTag: string, remoteTag: string): Dialog | undefined;
  removeDialog(d: Dialog): void;
}
