import { randomBytes } from 'node:crypto';
import { TypedEmitter, silentLogger, systemClock, type Clock, type Logger } from '@switchboard/shared';
import { SipError } from './errors';
import { createResponse } from './message/builders';
import { contactUri, cseqOf, fromTag, toTag, topVia, type SipMessage, type SipRequest, type SipResponse } from './message/message';
import { DEFAULT_LIMITS, parseMessage, type ParserLimits } from './message/parser';
import { serializeMessage } from './message/serializer';
import { InviteClientTransaction } from './transaction/invite-client';
import { InviteServerTransaction } from './transaction/invite-server';
import { clientKeyOf, serverKeyOf, TransactionLayer, type ClientTransaction } from './transaction/layer';
import { NonInviteClientTransaction } from './transaction/non-invite-client';
import { NonInviteServerTransaction } from './transaction/non-invite-server';
import { DEFAULT_TIMERS, type SipTimerConfig } from './transaction/timers';
import type { Address, Flow, Transport, TransportProtocol } from './transport/transport';
import { uriHost, type SipUri } from './uri';
import { responseFlow, stampVia } from './ua/response-routing';
import type { ClientUser, EndpointCounters, UaCore } from './ua/core';
import { dialogKey, type Dialog } from './ua/dialog';
import { IncomingInvite } from './ua/incoming-invite';
import { OutgoingInvite } from './ua/outgoing-invite';
import { buildOutOfDialog, sendOutOfDialog } from './ua/out-of-dialog-request';
import { ServerRequest } from './ua/server-request';
import { parseReplaces, replacesSyntaxRefusal } from './refer/replaces';
import type { EndpointOptions, EndpointEvents, RequestOptions } from './endpoint-types';

export type { EndpointOptions, EndpointEvents, RequestOptions };

const ALLOW = ['INVITE', 'ACK', 'CANCEL', 'BYE', 'OPTIONS', 'INFO', 'REGISTER', 'REFER'];
const KNOWN = new Set([...ALLOW, 'SUBSCRIBE', 'NOTIFY', 'MESSAGE', 'PUBLISH', 'UPDATE', 'PRACK']);

/**
 * The user-agent core (RFC 3261 8, 12-17): transports in, transactions and dialogs in the middle,
 * typed events out. A B2BUA drives it: answer `invite` events, place calls with `invite()`, send
 * other requests with `request()`.
 */
export class SipEndpoint extends TypedEmitter<EndpointEvents> implements UaCore {
  readonly clock: Clock;
  readonly logger: Logger;
  readonly timers: SipTimerConfig;
  readonly userAgent: string;
  readonly counters: EndpointCounters = { received: 0, sent: 0, parseDropped: 0, parseRejected: 0, responses4xx: 0, retransmissions: 0, timeouts: 0 };
  readonly transactions = new TransactionLayer();
  private readonly transports: Transport[] = [];
  private readonly dialogs = new Map<string, Dialog>();
  private readonly pendingInvites = new Map<InviteServerTransaction, IncomingInvite>();
  private readonly limits: ParserLimits;
  private readonly supported: Set<string>;
  private readonly user: string;

  constructor(private readonly opts: EndpointOptions = {}) {
    super();
    this.clock = opts.clock ?? systemClock;
    this.logger = opts.logger ?? silentLogger;
    this.timers = { ...DEFAULT_TIMERS, ...opts.timers };
    this.userAgent = opts.userAgent ?? 'Switchboard';
    this.limits = opts.limits ?? DEFAULT_LIMITS;
    this.supported = new Set(opts.supported ?? []);
    this.user = opts.user ?? 'switchboard';
    this.onListenerError((err, event) => this.logger.error({ err, event }, 'sip endpoint: listener threw'));
  }

  addTransport(t: Transport): void {
    this.transports.push(t);
    t.onMessage((data, source, info) => this.receive(data, source, t, info?.oversize === true));
  }

  transport(protocol: TransportProtocol = 'UDP'): Transport | undefined {
    return this.transports.find((t) => t.protocol === protocol);
  }

  get dialogCount(): number {
    return this.dialogs.size;
  }

  async close(): Promise<void> {
    for (const d of [...this.dialogs.values()]) d.end('shutdown');
    this.transactions.clear();
    await Promise.all(this.transports.map((t) => t.close()));
  }

  // ---- UaCore -----------------------------------------------------------------------------

  newBranch(): string {
    return `z9hG4bK${randomBytes(10).toString('base64url')}`;
  }

  newTag(): string {
    return randomBytes(6).toString('hex');
  }

  newCallId(): string {
    return `${randomBytes(12).toString('hex')}`;
  }

  via(flow: Flow, branch: string): string {
    const l = flow.transport.local;
    return `SIP/2.0/${flow.transport.protocol} ${uriHost(this.opts.advertisedHost ?? l.host)}:${l.port};branch=${branch};rport`;
  }

  contact(flow: Flow, user = this.user, sips = false): string {
    const l = flow.transport.local;
    const host = `${user}@${uriHost(this.opts.advertisedHost ?? l.host)}:${l.port}`;
    // RFC 3261 12.1.1 / 8.1.1.8: a dialog made with a SIPS URI gets a SIPS Contact (TLS implied).
    if (sips && flow.transport.protocol === 'TLS') return `<sips:${host}>`;
    const tp = flow.transport.protocol === 'UDP' ? '' : `;transport=${flow.transport.protocol.toLowerCase()}`;
    return `<sip:${host}${tp}>`;
  }

  resolveFlow(uri: SipUri, protocol?: TransportProtocol, connectionId?: string): Flow {
    // A SIPS URI goes over TLS (RFC 3261 19.1.2, 26.2), whatever its transport parameter says.
    const p = protocol ?? (uri.scheme === 'sips' ? 'TLS' : ((uri.params.get('transport') ?? 'udp').toUpperCase() as TransportProtocol));
    const transport = this.transport(p);
    if (!transport) throw new SipError('SIP_NO_TRANSPORT', `no ${p} transport`);
    const port = uri.port ?? (uri.scheme === 'sips' ? 5061 : 5060);
    const dest: Address = { host: uri.host, port };
    if (connectionId) dest.connectionId = connectionId;
    return { transport, dest };
  }

  sendRequest(req: SipRequest, flow: Flow, user: ClientUser): ClientTransaction {
    const branch = topVia(req)?.params.get('branch') ?? '';
    const key = clientKeyOf(branch, req.method);
    const ctx = {
      clock: this.clock,
      timers: this.timers,
      flow,
      counters: this.counters,
      logger: this.logger,
      onTerminated: () => {
        if (this.transactions.clients.get(key) === t) this.transactions.clients.delete(key);
      },
    };
    const t: ClientTransaction = req.method === 'INVITE' ? new InviteClientTransaction(req, key, ctx, user) : new NonInviteClientTransaction(req, key, ctx, user);
    this.transactions.clients.set(key, t);
    this.counters.sent++;
    t.start();
    return t;
  }

  sendStateless(msg: SipMessage, flow: Flow): void {
    let data: Buffer;
    try {
      data = serializeMessage(msg);
    } catch (err) {
      this.logger.warn({ err }, 'sip: refusing to send a malformed message');
      return;
    }
    this.counters.sent++;
    flow.transport.send(data, flow.dest).catch((err: unknown) => this.logger.debug({ err }, 'sip: stateless send failed'));
  }

  addDialog(d: Dialog): void {
    this.dialogs.set(d.id, d);
    this.emit('dialog-created', d);
  }

  findDialog(callId: string, localTag: string, remoteTag: string): Dialog | undefined {
    return this.dialogs.get(dialogKey(callId, localTag, remoteTag));
  }

  removeDialog(d: Dialog): void {
    if (this.dialogs.get(d.id) === d) {
      this.dialogs.delete(d.id);
      this.emit('dialog-terminated', d);
    }
  }

  // ---- sending ----------------------------------------------------------------------------

  /** Builds an out-of-dialog request and the flow it leaves by. */
  createRequest(o: RequestOptions): { request: SipRequest; flow: Flow } {
    return buildOutOfDialog(this, o, { user: this.user, advertisedHost: this.opts.advertisedHost, allow: ALLOW });
  }

  /** Places a call. Await `.result` for the dialog; `.cancel()` to give up. */
  invite(o: Omit<RequestOptions, 'method'>): OutgoingInvite {
    const { request, flow } = this.createRequest({ ...o, method: 'INVITE' });
    return new OutgoingInvite(this, request, flow, o.auth);
  }

  /** Sends a non-INVITE request outside a dialog (OPTIONS, REGISTER, MESSAGE...) and resolves with the final response. */
  request(o: RequestOptions): Promise<SipResponse> {
    if (o.method === 'INVITE' || o.method === 'ACK' || o.method === 'CANCEL') {
      return Promise.reject(new SipError('SIP_INVALID_STATE', `use invite() / cancel() for ${o.method}`));
    }
    let built: { request: SipRequest; flow: Flow };
    try {
      built = this.createRequest(o);
    } catch (err) {
      return Promise.reject(err);
    }
    return sendOutOfDialog(this, built.request, built.flow, o.auth);
  }

  // ---- receiving --------------------------------------------------------------------------

  /** Entry point for bytes from a transport. Never throws. */
  receive(data: Buffer, source: Address, transport: Transport, oversize = false): void {
    this.counters.received++;
    try {
      // Stream transports hand over whole messages already cut by Content-Length (TCP) or by
      // WebSocket framing (where Content-Length is optional, RFC 7118 5), so datagram rules fit all.
      // An oversize head (the body was refused by the framer) is parsed with a zero size limit: 513.
      const r = parseMessage(data, { limits: oversize ? { ...this.limits, maxMessageSize: 0 } : this.limits });
      if (r.type === 'keepalive') return;
      if (r.type === 'drop') {
        this.counters.parseDropped++;
        this.emit('parse-error', { source, transport: transport.protocol, reason: r.reason, status: undefined });
        return;
      }
      if (r.type === 'reject') {
        this.counters.parseRejected++;
        const req = { method: r.request.method, headers: r.request.headers };
        stampVia(req.headers, source);
        const res = createResponse(req, r.status, { reason: r.reason, toTag: this.newTag() });
        if (r.status >= 400 && r.status < 500) this.counters.responses4xx++;
        this.sendStateless(res, responseFlow(req.headers, source, transport));
        this.emit('parse-error', { source, transport: transport.protocol, reason: r.reason, status: r.status });
        return;
      }
      if (r.message.kind === 'response') this.receiveResponse(r.message);
      else this.receiveRequest(r.message, source, transport);
    } catch (err) {
      this.logger.error({ err }, 'sip: error handling an incoming message');
    }
  }

  private receiveResponse(res: SipResponse): void {
    const t = this.transactions.findClient(res);
    if (t) {
      t.receiveResponse(res);
      return;
    }
    // 13.2.2.4: a 2xx retransmitted after the transaction ended still needs its ACK.
    const c = cseqOf(res);
    if (c?.method === 'INVITE' && res.status >= 200 && res.status < 300) {
      const d = this.dialogs.get(dialogKey(res.headers.get('call-id') ?? '', fromTag(res) ?? '', toTag(res) ?? ''));
      d?.receive2xxRetransmission(res);
    }
  }

  private findDialogFor(req: SipRequest): Dialog | undefined {
    return this.dialogs.get(dialogKey(req.headers.get('call-id') ?? '', toTag(req) ?? '', fromTag(req) ?? ''));
  }

  private receiveRequest(req: SipRequest, source: Address, transport: Transport): void {
    stampVia(req.headers, source);
    const existing = this.transactions.findServer(req);
    if (existing) {
      existing.receiveRequest(req);
      return;
    }
    if (req.method === 'ACK') {
      // An ACK for a 2xx has its own branch and goes to the dialog (13.3.1.4); stray ACKs are dropped.
      this.findDialogFor(req)?.receiveAck(req);
      return;
    }
    const flow = responseFlow(req.headers, source, transport);
    const key = serverKeyOf(req)!;
    let incoming: IncomingInvite | undefined;
    const ctx = {
      clock: this.clock,
      timers: this.timers,
      flow,
      counters: this.counters,
      logger: this.logger,
      onTerminated: () => {
        if (this.transactions.servers.get(key) === txn) this.transactions.servers.delete(key);
        if (txn instanceof InviteServerTransaction) this.pendingInvites.delete(txn);
      },
    };
    const txn: InviteServerTransaction | NonInviteServerTransaction =
      req.method === 'INVITE'
        ? new InviteServerTransaction(req, key, ctx, {
            // The transaction is already terminated (and forgotten) when these run: use the closure.
            onTimeout: () => incoming?.failed(new SipError('SIP_TIMEOUT', 'no ACK for our final response', 408)),
            onTransportError: (err) => incoming?.failed(err),
          })
        : new NonInviteServerTransaction(req, key, ctx);
    this.transactions.servers.set(key, txn);
    // 17.2.1: the 100 Trying goes out when the INVITE is handed to the TU. An INVITE we refuse on
    // our own checks (420, 400) gets its final response straight away, never a 100 first.
    const trying = (): void => {
      if (txn instanceof InviteServerTransaction) txn.start();
    };
    const sreq = new ServerRequest(req, txn, flow, this.counters, this.newTag(), { host: source.host, port: source.port });

    if (req.method === 'CANCEL') return this.receiveCancel(sreq);
    // 8.2.2.3: a Require naming an extension we do not support gets 420 with Unsupported.
    const unsupported = req.headers.getAll('require').filter((x) => !this.supported.has(x.toLowerCase()));
    if (unsupported.length > 0) {
      sreq.respond(420, { headers: { unsupported: unsupported.join(', ') } });
      return;
    }
    const badReplaces = this.supported.has('replaces') ? replacesSyntaxRefusal(req, toTag(req) !== undefined) : undefined;
    if (badReplaces) return void sreq.respond(badReplaces.status, { reason: badReplaces.reason });
    if (toTag(req) !== undefined) {
      const d = this.findDialogFor(req);
      if (!d) sreq.respond(481);
      else {
        trying();
        d.receiveRequest(sreq);
      }
      return;
    }
    switch (req.method) {
      case 'OPTIONS':
        // 11.2: answer as we would an INVITE, with what we allow and accept.
        sreq.respond(200, {
          headers: {
            allow: ALLOW.join(', '),
            accept: 'application/sdp, application/dtmf-relay, application/dtmf',
            'accept-language': 'en',
            ...(this.supported.size > 0 ? { supported: [...this.supported].join(', ') } : {}),
            server: this.userAgent,
          },
        });
        return;
      case 'INVITE': {
        if (!contactUri(req)) {
          sreq.respond(400, { reason: req.headers.has('contact') ? 'Malformed Contact Header' : 'Missing Contact Header' });
          return;
        }
        // 16.3 step 2: "If the request contains a Max-Forwards header field with a field value of zero
        // (0), the element MUST NOT forward the request. ... the element MUST return a 483 (Too many
        // hops) response." (A malformed Max-Forwards was refused by the parser.) OPTIONS is answered above.
        const mf = req.headers.get('max-forwards');
        if (this.opts.forwards && mf !== undefined && Number(mf) === 0) {
          sreq.respond(483);
          return;
        }
        trying();
        const inv = new IncomingInvite(this, sreq);
        const rp = req.headers.get('replaces');
        if (rp !== undefined && this.supported.has('replaces')) {
          // Its syntax was checked above; what it matched the TU judges (refuseReplaces, RFC 3891 3)
          // once it has authenticated the caller.
          inv.replaces = parseReplaces(rp);
          inv.replacedDialog = inv.replaces && this.findDialog(inv.replaces.callId, inv.replaces.toTag, inv.replaces.fromTag);
        }
        incoming = inv;
        this.pendingInvites.set(txn as InviteServerTransaction, inv);
        this.emit('invite', inv);
        if (this.listenerCount('invite') === 0) inv.reject(480);
        return;
      }
      case 'REGISTER':
        if (this.opts.registrar) {
          this.opts.registrar.handle(sreq);
          return;
        }
        break;
      case 'BYE':
      case 'INFO':
        sreq.respond(481);
        return;
      case 'REFER':
        // RFC 3515 2: "A REFER request MAY be placed outside the scope of a dialog"; we act only on
        // transfers of calls we are in.
        sreq.respond(403, { reason: 'Forbidden: REFER Outside A Dialog' });
        return;
    }
    this.emit('request', sreq);
    if (!sreq.responded) {
      if (KNOWN.has(req.method)) sreq.respond(405, { headers: { allow: ALLOW.join(', ') } });
      else sreq.respond(501);
    }
  }

  /** 9.2: CANCEL gets its own 200 (or 481), and the INVITE it matches gets 487. */
  private receiveCancel(sreq: ServerRequest): void {
    const inviteTxn = this.transactions.findInviteForCancel(sreq.request);
    if (!inviteTxn) {
      sreq.respond(481);
      return;
    }
    sreq.respond(200);
    if (inviteTxn.pending) this.pendingInvites.get(inviteTxn)?.cancelled(sreq.request);
  }
}
