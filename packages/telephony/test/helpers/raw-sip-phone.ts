import { createSocket, type Socket } from 'node:dgram';
import { randomBytes } from 'node:crypto';

/** A SIP message as the raw phone reads it: start line, lower-case headers, body. */
export interface RawMessage {
  start: string;
  status: number | undefined;
  method: string | undefined;
  headers: Map<string, string[]>;
  body: string;
  text: string;
}

/** One call of the raw phone, from its side. */
export interface RawDialog {
  callId: string;
  localTag: string;
  remoteTag: string;
  /** The engine's Contact: where in-dialog requests go (its Request-URI). */
  remoteTarget: string;
  localUri: string;
  remoteUri: string;
  cseq: number;
}

export function header(m: RawMessage, name: string): string | undefined {
  return m.headers.get(name.toLowerCase())?.[0];
}

function parse(text: string): RawMessage {
  const [head = '', ...rest] = text.split('\r\n\r\n');
  const lines = head.split('\r\n');
  const start = lines[0] ?? '';
  const headers = new Map<string, string[]>();
  for (const l of lines.slice(1)) {
    const c = l.indexOf(':');
    if (c < 0) continue;
    const k = l.slice(0, c).trim().toLowerCase();
    headers.set(k, [...(headers.get(k) ?? []), l.slice(c + 1).trim()]);
  }
  const st = /^SIP\/2\.0 (\d{3}) /.exec(start);
  return { start, status: st ? Number(st[1]) : undefined, method: st ? undefined : start.split(' ')[0], headers, body: rest.join('\r\n\r\n'), text };
}

function tagOf(v: string | undefined): string {
  return /;\s*tag=([^;>\s]+)/i.exec(v ?? '')?.[1] ?? '';
}

/**
 * A desk phone written by hand on a UDP socket: no SIP library, so what the engine sends is seen
 * as bytes. It places and answers calls, sends in-dialog requests with whatever headers a test
 * wants, and answers the engine's NOTIFYs (and BYEs) with 200, keeping them for the test.
 */
export class RawSipPhone {
  readonly received: RawMessage[] = [];
  readonly notifies: RawMessage[] = [];
  private readonly waiters: Array<{ pred: (m: RawMessage) => boolean; resolve: (m: RawMessage) => void }> = [];
  private branchN = 0;
  /** Calls we answered, with our 200 (re-sent if the engine retransmits its INVITE). */
  private readonly answered = new Map<string, () => void>();

  private constructor(
    private readonly socket: Socket,
    readonly port: number,
    private readonly engine: { host: string; port: number },
  ) {
    socket.on('message', (buf) => this.onMessage(parse(buf.toString('utf8'))));
  }

  static async open(port: number, engine: { host: string; port: number }): Promise<RawSipPhone> {
    const s = createSocket('udp4');
    await new Promise<void>((r, j) => {
      s.once('error', j);
      s.bind(port, '127.0.0.1', () => r());
    });
    return new RawSipPhone(s, port, engine);
  }

  close(): void {
    this.socket.close();
  }

  get uri(): string {
    return `sip:phone@127.0.0.1:${this.port}`;
  }

  /** Sends `lines` (joined with CRLF, Content-Length added). */
  send(lines: string[], body = ''): void {
    const text = `${lines.join('\r\n')}\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
    this.socket.send(Buffer.from(text), this.engine.port, this.engine.host);
  }

  /** The next message (already received or to come) that `pred` accepts. */
  waitFor(pred: (m: RawMessage) => boolean, what: string, timeoutMs = 15_000): Promise<RawMessage> {
    const seen = this.received.find(pred);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const t = setTimeout(() => reject(new Error(`raw phone: no ${what} within ${timeoutMs} ms; got:\n${this.received.map((m) => m.start).join('\n')}`)), timeoutMs);
      this.waiters.push({ pred, resolve: (m) => (clearTimeout(t), resolve(m)) });
    });
  }

  private onMessage(m: RawMessage): void {
    const again = m.method === 'INVITE' ? this.answered.get(header(m, 'call-id') ?? '') : undefined;
    if (again) return again();
    this.received.push(m);
    if (m.method === 'NOTIFY' || m.method === 'BYE') {
      if (m.method === 'NOTIFY') this.notifies.push(m);
      this.respond(m, 200);
    }
    for (const w of [...this.waiters]) {
      if (w.pred(m)) {
        this.waiters.splice(this.waiters.indexOf(w), 1);
        w.resolve(m);
      }
    }
  }

  /** Answers a request; returns the To tag used (the request's, else `toTag`, else a new one). */
  respond(req: RawMessage, status: number, extra: string[] = [], body = '', toTag = randomBytes(4).toString('hex')): string {
    const to = header(req, 'to') ?? '';
    const tag = tagOf(to) || toTag;
    const lines = [
      `SIP/2.0 ${status} ${status === 200 ? 'OK' : 'Whatever'}`,
      ...(req.headers.get('via') ?? []).map((v) => `Via: ${v}`),
      `From: ${header(req, 'from')}`,
      `To: ${tagOf(to) ? to : `${to};tag=${tag}`}`,
      `Call-ID: ${header(req, 'call-id')}`,
      `CSeq: ${header(req, 'cseq')}`,
      ...extra,
    ];
    this.send(lines, body);
    return tag;
  }

  private branch(): string {
    return `z9hG4bKraw${++this.branchN}${randomBytes(3).toString('hex')}`;
  }

  /** Calls the engine (INVITE with our SDP, then ACK for its 200). */
  async call(to: string, sdp: string): Promise<RawDialog> {
    const { response, dialog } = await this.invite(to, sdp);
    if (response.status !== 200) throw new Error(`raw phone: INVITE to ${to} got ${response.start}`);
    return dialog;
  }

  /** Sends an INVITE with extra headers; resolves with its final response (ACKed, whatever it is). */
  async callWith(to: string, sdp: string, extra: string[]): Promise<RawMessage> {
    return (await this.invite(to, sdp, extra)).response;
  }

  private async invite(to: string, sdp: string, extra: string[] = []): Promise<{ response: RawMessage; dialog: RawDialog }> {
    const callId = `${randomBytes(8).toString('hex')}@127.0.0.1`;
    const d: RawDialog = {
      callId,
      localTag: randomBytes(4).toString('hex'),
      remoteTag: '',
      remoteTarget: '',
      localUri: `<${this.uri}>`,
      remoteUri: `<sip:${to}@${this.engine.host}:${this.engine.port}>`,
      cseq: 1,
    };
    const branch = this.branch();
    const ruri = `sip:${to}@${this.engine.host}:${this.engine.port}`;
    const common = [`Via: SIP/2.0/UDP 127.0.0.1:${this.port};branch=${branch};rport`, 'Max-Forwards: 70', `From: ${d.localUri};tag=${d.localTag}`];
    this.send(
      [`INVITE ${ruri} SIP/2.0`, ...common, `To: ${d.remoteUri}`, `Call-ID: ${callId}`, 'CSeq: 1 INVITE', `Contact: <${this.uri}>`, ...extra, 'Content-Type: application/sdp'],
      sdp,
    );
    const res = await this.waitFor(
      (m) => m.status !== undefined && m.status >= 200 && header(m, 'call-id') === callId && /INVITE/.test(header(m, 'cseq') ?? ''),
      `final response for INVITE ${callId}`,
    );
    d.remoteTag = tagOf(header(res, 'to'));
    if (res.status !== 200) {
      // RFC 3261 17.1.1.3: the ACK for a non-2xx is part of the INVITE transaction (same branch).
      this.send([`ACK ${ruri} SIP/2.0`, ...common, `To: ${header(res, 'to')}`, `Call-ID: ${callId}`, 'CSeq: 1 ACK']);
      return { response: res, dialog: d };
    }
    d.remoteTarget = /<([^>]+)>/.exec(header(res, 'contact') ?? '')?.[1] ?? '';
    this.sendInDialog(d, 'ACK', [], 1);
    return { response: res, dialog: d };
  }

  /** Answers the engine's next INVITE with 200 and our SDP; the dialog is ours once its ACK came. */
  async answer(sdp: string): Promise<RawDialog> {
    const inv = await this.waitFor((m) => m.method === 'INVITE' && !tagOf(header(m, 'to')) && !this.answered.has(header(m, 'call-id') ?? ''), 'INVITE from the engine');
    const callId = header(inv, 'call-id')!;
    const to = header(inv, 'to')!;
    const localTag = this.respond(inv, 200, [`Contact: <${this.uri}>`, 'Content-Type: application/sdp'], sdp);
    this.answered.set(callId, () => void this.respond(inv, 200, [`Contact: <${this.uri}>`, 'Content-Type: application/sdp'], sdp, localTag));
    const d: RawDialog = {
      callId,
      localTag,
      remoteTag: tagOf(header(inv, 'from')),
      remoteTarget: /<([^>]+)>/.exec(header(inv, 'contact') ?? '')?.[1] ?? '',
      localUri: to,
      remoteUri: (header(inv, 'from') ?? '').replace(/;\s*tag=[^;]*/i, ''),
      cseq: 0,
    };
    await this.waitFor((m) => m.method === 'ACK' && header(m, 'call-id') === callId, `ACK for ${callId}`);
    return d;
  }

  /** Sends an in-dialog request; `cseq` defaults to the next one. */
  sendInDialog(d: RawDialog, method: string, extra: string[] = [], cseq?: number, body = ''): number {
    const seq = cseq ?? ++d.cseq;
    this.send(
      [
        `${method} ${d.remoteTarget} SIP/2.0`,
        `Via: SIP/2.0/UDP 127.0.0.1:${this.port};branch=${this.branch()};rport`,
        'Max-Forwards: 70',
        `From: ${d.localUri};tag=${d.localTag}`,
        `To: ${d.remoteUri};tag=${d.remoteTag}`,
        `Call-ID: ${d.callId}`,
        `CSeq: ${seq} ${method}`,
        `Contact: <${this.uri}>`,
        ...extra,
      ],
      body,
    );
    return seq;
  }

  /** Sends an in-dialog request and waits for its final response. */
  async request(d: RawDialog, method: string, extra: string[] = []): Promise<RawMessage> {
    const seq = this.sendInDialog(d, method, extra);
    return this.waitFor(
      (m) => m.status !== undefined && m.status >= 200 && header(m, 'call-id') === d.callId && header(m, 'cseq') === `${seq} ${method}`,
      `final response to ${method} ${seq}`,
    );
  }

  /** The NOTIFYs of one dialog, as "sipfrag status line | Subscription-State | Event". */
  notifyLines(d: RawDialog): string[] {
    return this.notifies.filter((n) => header(n, 'call-id') === d.callId).map((n) => `${n.body.trim()} | ${header(n, 'subscription-state')} | ${header(n, 'event')}`);
  }
}
