import type { Logger, Clock } from '@switchboard/shared';
import type { DigestCredentials } from './digest';
import type { ParserLimits } from './message/parser';
import type { SipTimerConfig } from './transaction/timers';
import type { Address, TransportProtocol } from './transport/transport';
import type { SipUri } from './uri';
import type { Dialog } from './ua/dialog';
import type { IncomingInvite } from './ua/incoming-invite';
import type { ServerRequest } from './ua/server-request';

export interface EndpointOptions {
  clock?: Clock;
  logger?: Logger;
  timers?: Partial<SipTimerConfig>;
  limits?: ParserLimits;
  userAgent?: string;
  /**
   * The host we put in Via, Contact and the default From when the transports are bound to a
   * wildcard (0.0.0.0) or sit behind NAT. Default: each transport's bound host.
   */
  advertisedHost?: string;
  /** The user part of our Contact and default From. */
  user?: string;
  /** Extensions we support (Supported; a Require outside this set gets 420). */
  supported?: string[];
  /** Handles out-of-dialog REGISTER (see Registrar). Without it REGISTER gets 405. */
  registrar?: { handle(req: ServerRequest): void };
  /**
   * We forward calls (a B2BUA): an INVITE at Max-Forwards 0 gets 483 at once, as a proxy's would
   * (RFC 3261 16.3 step 2), and the TU copies Max-Forwards less one onto what it forwards.
   */
  forwards?: boolean;
}

export type EndpointEvents = {
  /** A new call. Ring, accept or reject it; with no listener it gets 480. */
  invite: IncomingInvite;
  /** Any other out-of-dialog request we do not answer ourselves; unanswered it gets 405/501. */
  request: ServerRequest;
  'dialog-created': Dialog;
  'dialog-terminated': Dialog;
  /** Bytes dropped or rejected at parse time (for logs and metrics). */
  'parse-error': { source: Address; transport: TransportProtocol; reason: string; status: number | undefined };
};

export interface RequestOptions {
  method: string;
  /** Request-URI (and where the request goes unless `route` says otherwise). */
  uri: string | SipUri;
  /** From URI (default sip:<user>@<our host>). */
  from?: string;
  fromDisplayName?: string;
  /** To URI (default: the Request-URI). */
  to?: string;
  callId?: string;
  cseq?: number;
  headers?: Record<string, string | readonly string[]>;
  body?: Buffer | string;
  contentType?: string;
  transport?: TransportProtocol;
  /**
   * Send to this address instead of the Request-URI's: an outbound proxy, or where a registered
   * phone really is (a Binding's `source`, whose connectionId reuses its TCP/WS connection).
   */
  route?: Address;
  /** Answer one 401/407 challenge with these. */
  auth?: DigestCredentials;
}
