import { FakeClock } from '@switchboard/shared';
import {
  MemoryNetwork,
  parseMessage,
  createResponse,
  DEFAULT_TIMERS,
  Headers,
  EMPTY_BODY,
  type SipRequest,
  type SipResponse,
  type TransactionContext,
  type MemoryTransport,
  type SipMessage,
} from '../src/index';

export function makeRequest(method: string, branch = 'z9hG4bKtest1', opts: { toTag?: string; seq?: number } = {}): SipRequest {
  const h = new Headers();
  h.set('via', `SIP/2.0/UDP 127.0.0.1:5070;branch=${branch}`);
  h.set('max-forwards', '70');
  h.set('from', '<sip:alice@127.0.0.1>;tag=ft1');
  h.set('to', `<sip:bob@127.0.0.1>${opts.toTag ? `;tag=${opts.toTag}` : ''}`);
  h.set('call-id', 'call-1@test');
  h.set('cseq', `${opts.seq ?? 1} ${method}`);
  return {
    kind: 'request',
    method,
    uri: { scheme: 'sip', user: 'bob', password: undefined, host: '127.0.0.1', port: 5080, params: new Map(), headers: new Map() },
    headers: h,
    body: EMPTY_BODY,
  };
}

export function respond(req: SipRequest, status: number, toTag = 'tt1'): SipResponse {
  return createResponse(req, status, { toTag });
}

export interface Rig {
  clock: FakeClock;
  net: MemoryNetwork;
  local: MemoryTransport;
  peer: MemoryTransport;
  ctx: (reliable?: boolean) => TransactionContext;
  counters: { retransmissions: number; timeouts: number };
  terminated: number;
}

export function rig(): Rig {
  const clock = new FakeClock(0);
  const net = new MemoryNetwork();
  const local = net.create('127.0.0.1', 5070, 'UDP');
  const localTcp = net.create('127.0.0.1', 5071, 'TCP');
  const peer = net.create('127.0.0.1', 5080, 'UDP');
  const counters = { retransmissions: 0, timeouts: 0 };
  const r: Rig = {
    clock,
    net,
    local,
    peer,
    counters,
    terminated: 0,
    ctx: (reliable = false) => ({
      clock,
      timers: DEFAULT_TIMERS,
      counters,
      flow: { transport: reliable ? localTcp : local, dest: { host: '127.0.0.1', port: 5080 } },
      onTerminated: () => {
        r.terminated++;
      },
    }),
  };
  return r;
}

/** Send times (fake ms) of messages a transport sent, optionally filtered by start line prefix. */
export function sentLines(t: MemoryTransport): string[] {
  return t.sent.map((s) => s.data.toString().split('\r\n')[0]!);
}

export function parse(data: Buffer): SipMessage {
  const r = parseMessage(data);
  if (r.type !== 'message') throw new Error(`parse failed: ${JSON.stringify(r)}`);
  return r.message;
}

export const tick = (): Promise<void> => new Promise((r) => setImmediate(r));
