import type { SipRequest, SipResponse } from '../message/message';
import { callIdOf, cseqOf, fromTag, topVia } from '../message/message';
import { MAGIC_COOKIE, sentByKey } from '../message/via';
import type { InviteClientTransaction } from './invite-client';
import type { InviteServerTransaction } from './invite-server';
import type { NonInviteClientTransaction } from './non-invite-client';
import type { NonInviteServerTransaction } from './non-invite-server';

export type ClientTransaction = InviteClientTransaction | NonInviteClientTransaction;
export type ServerTransaction = InviteServerTransaction | NonInviteServerTransaction;

/**
 * 17.1.3: a response matches a client transaction when its top Via branch equals the request's and
 * its CSeq method equals the request's method (CANCEL and the INVITE share a branch).
 */
export function clientKeyOf(branch: string, method: string): string {
  return `${branch}\u0000${method}`;
}

export function clientKeyForResponse(res: SipResponse): string | undefined {
  const branch = topVia(res)?.params.get('branch');
  const cseq = cseqOf(res);
  if (!branch || !cseq) return undefined;
  return clientKeyOf(branch, cseq.method);
}

/**
 * 17.2.3: with a magic-cookie branch, a request matches a server transaction on branch, sent-by and
 * method, where ACK matches INVITE. Without the cookie (RFC 2543 peers) we fall back on Call-ID,
 * CSeq number, From tag and the top Via as a whole.
 */
export function serverKeyOf(req: SipRequest, methodOverride?: string): string | undefined {
  const via = topVia(req);
  if (!via) return undefined;
  const method = methodOverride ?? (req.method === 'ACK' ? 'INVITE' : req.method);
  const branch = via.params.get('branch');
  if (branch && branch.startsWith(MAGIC_COOKIE)) return `${branch}\u0000${sentByKey(via)}\u0000${method}`;
  const cseq = cseqOf(req);
  return `2543\u0000${callIdOf(req)}\u0000${cseq?.seq ?? ''}\u0000${fromTag(req) ?? ''}\u0000${sentByKey(via)}\u0000${branch ?? ''}\u0000${method}`;
}

/** The live transactions, by key. */
export class TransactionLayer {
  readonly clients = new Map<string, ClientTransaction>();
  readonly servers = new Map<string, ServerTransaction>();

  findClient(res: SipResponse): ClientTransaction | undefined {
    const key = clientKeyForResponse(res);
    return key === undefined ? undefined : this.clients.get(key);
  }

  findServer(req: SipRequest): ServerTransaction | undefined {
    const key = serverKeyOf(req);
    return key === undefined ? undefined : this.servers.get(key);
  }

  /** 9.2: the INVITE server transaction a CANCEL targets (same key, method INVITE). */
  findInviteForCancel(cancel: SipRequest): InviteServerTransaction | undefined {
    const key = serverKeyOf(cancel, 'INVITE');
    const t = key === undefined ? undefined : this.servers.get(key);
    return t && t.request.method === 'INVITE' ? (t as InviteServerTransaction) : undefined;
  }

  /** Ends every transaction (shutdown). */
  clear(): void {
    for (const t of [...this.clients.values()]) t.terminate();
    for (const t of [...this.servers.values()]) t.terminate();
    this.clients.clear();
    this.servers.clear();
  }
}
