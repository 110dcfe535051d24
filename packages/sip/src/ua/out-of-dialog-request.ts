import { buildAuthorization, pickChallenge, type DigestCredentials } from '../digest';
import type { RequestOptions } from '../endpoint-types';
import { SipError } from '../errors';
import { Headers } from '../message/headers';
import { EMPTY_BODY, type SipRequest, type SipResponse } from '../message/message';
import type { Flow } from '../transport/transport';
import { parseUri, serializeUri, uriHost, type SipUri } from '../uri';
import type { UaCore } from './core';
import { withAuthorization } from './outgoing-invite';

/**
 * Requests outside a dialog (RFC 3261 8.1.1), the endpoint's UAC side without a dialog: building
 * one with fresh Via branch, From tag and Call-ID, and sending a non-INVITE one as a promise.
 */

/** What the endpoint puts in every request it builds: its user, the host it advertises, the methods it allows. */
export interface OutOfDialogDefaults {
  user: string;
  advertisedHost: string | undefined;
  allow: readonly string[];
}

/** Builds an out-of-dialog request and the flow it leaves by (a `route` overrides where it goes, not its Request-URI). */
export function buildOutOfDialog(core: UaCore, o: RequestOptions, d: OutOfDialogDefaults): { request: SipRequest; flow: Flow } {
  let uri: SipUri;
  if (typeof o.uri === 'string') {
    const r = parseUri(o.uri);
    if (!r.ok) throw new SipError('SIP_BAD_URI', `bad Request-URI ${o.uri}: ${r.detail}`);
    uri = r.uri;
  } else uri = o.uri;
  const target: SipUri = o.route ? { ...uri, host: o.route.host, port: o.route.port } : uri;
  const flow = core.resolveFlow(target, o.transport, o.route?.connectionId);
  const l = flow.transport.local;
  const h = new Headers();
  h.set('via', core.via(flow, core.newBranch()));
  h.set('max-forwards', '70');
  const fromUri = o.from ?? `sip:${d.user}@${uriHost(d.advertisedHost ?? l.host)}:${l.port}`;
  h.set('from', `${o.fromDisplayName ? `"${o.fromDisplayName.replace(/["\\]/g, '')}" ` : ''}<${fromUri}>;tag=${core.newTag()}`);
  h.set('to', `<${o.to ?? serializeUri({ ...uri, params: new Map(), headers: new Map() })}>`);
  h.set('call-id', o.callId ?? core.newCallId());
  h.set('cseq', `${o.cseq ?? 1} ${o.method}`);
  if (o.method === 'INVITE' || o.method === 'REGISTER' || o.method === 'OPTIONS') h.set('contact', core.contact(flow, undefined, uri.scheme === 'sips'));
  h.set('user-agent', core.userAgent);
  if (o.method === 'INVITE') h.set('allow', d.allow.join(', '));
  if (o.headers) for (const [k, v] of Object.entries(o.headers)) h.set(k, v);
  let body = EMPTY_BODY;
  if (o.body !== undefined) {
    body = typeof o.body === 'string' ? Buffer.from(o.body) : o.body;
    h.set('content-type', o.contentType ?? 'application/sdp');
  }
  return { request: { kind: 'request', method: o.method, uri, headers: h, body }, flow };
}

/**
 * A non-INVITE request outside a dialog (OPTIONS, REGISTER, MESSAGE...) through its client
 * transaction, as a promise: the final response (provisionals are skipped), after answering one
 * 401/407 digest challenge when credentials are given (RFC 3261 22.2: a second challenge is the
 * answer). A timeout or transport error rejects with a typed SipError.
 */
export function sendOutOfDialog(core: UaCore, request: SipRequest, flow: Flow, auth: DigestCredentials | undefined): Promise<SipResponse> {
  return new Promise((resolve, reject) => {
    let authTried = false;
    const go = (req: SipRequest): void => {
      core.sendRequest(req, flow, {
        onResponse: (res) => {
          if (res.status < 200) return;
          if ((res.status === 401 || res.status === 407) && auth && !authTried) {
            const ch = pickChallenge(res.headers.getAll(res.status === 401 ? 'www-authenticate' : 'proxy-authenticate'));
            if (ch) {
              authTried = true;
              const value = buildAuthorization(ch, auth, req.method, serializeUri(req.uri));
              go(withAuthorization(core, req, res.status === 401 ? 'authorization' : 'proxy-authorization', value, flow));
              return;
            }
          }
          resolve(res);
        },
        onTimeout: () => reject(new SipError('SIP_TIMEOUT', `${request.method} timed out`, 408)),
        onTransportError: (err) => reject(new SipError('SIP_TRANSPORT', err.message, 503)),
      });
    };
    go(request);
  });
}
