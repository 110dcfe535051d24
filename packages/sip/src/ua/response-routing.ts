import type { Headers } from '../message/headers';
import { parseVia, serializeVia } from '../message/via';
import type { Address, Flow, Transport } from '../transport/transport';
import { socketHost } from '../uri';

/**
 * 18.2.1 and RFC 3581 4: note where a request really came from in its top Via: `received` when the
 * source address differs from sent-by (always when the client asked for `rport`), and the source port in `rport`.
 */
export function stampVia(headers: Headers, source: Address): void {
  const vias = [...headers.getAll('via')];
  const top = vias[0] === undefined ? undefined : parseVia(vias[0]);
  if (!top) return;
  const srcHost = socketHost(source.host);
  if (top.params.has('rport')) {
    top.params.set('rport', String(source.port));
    top.params.set('received', srcHost);
  } else if (socketHost(top.host) !== srcHost) top.params.set('received', srcHost);
  else return;
  vias[0] = serializeVia(top);
  headers.set('via', vias);
}

/**
 * 18.2.2: where responses to a request go. Over a connection: back on it. Over UDP: to `received`
 * (else sent-by host) at `rport` (else the sent-by port, else 5060).
 */
export function responseFlow(headers: Headers, source: Address, transport: Transport): Flow {
  if (transport.reliable) return { transport, dest: { ...source } };
  const v = headers.get('via');
  const via = v === undefined ? undefined : parseVia(v);
  if (!via) return { transport, dest: { ...source } };
  const host = via.params.get('received') ?? via.host;
  const rport = via.params.get('rport');
  const port = rport ? Number(rport) : (via.port ?? 5060);
  return { transport, dest: { host, port } };
}
