import type { Server, ServerOptions } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyServerOptions } from 'fastify';

export interface ConnectionLimits {
  /** A request's headers must arrive within this (from the connection, or the end of the previous request). */
  headersTimeoutMs: number;
  /** The whole request, headers and body, must arrive within this. */
  requestTimeoutMs: number;
  /** A connection with nothing in flight (keep-alive, or a socket that stopped talking) closes after this. */
  idleTimeoutMs: number;
  /** Open connections one client address may hold; 0 = no cap. */
  perAddress: number;
}

/**
 * Fastify's server options for the timeouts. Node enforces the header and request
 * timeouts on a sweep (connectionsCheckingInterval), so the sweep runs often enough
 * for the shortest of them. A timed-out or malformed request is answered and dropped
 * quietly: a flood of half-sent requests must not become a flood of log lines.
 */
export function timeoutOptions(
  l: ConnectionLimits,
): Pick<FastifyServerOptions, 'requestTimeout' | 'connectionTimeout' | 'keepAliveTimeout' | 'clientErrorHandler'> & { http: ServerOptions } {
  return {
    requestTimeout: l.requestTimeoutMs,
    keepAliveTimeout: l.idleTimeoutMs,
    connectionTimeout: l.idleTimeoutMs,
    http: {
      headersTimeout: Math.min(l.headersTimeoutMs, l.requestTimeoutMs),
      requestTimeout: l.requestTimeoutMs,
      connectionsCheckingInterval: Math.max(100, Math.min(1000, Math.floor(l.headersTimeoutMs / 2))),
    },
    clientErrorHandler: quietClientError,
  };
}

const STATUS: Record<string, [number, string, string, string]> = {
  ERR_HTTP_REQUEST_TIMEOUT: [408, 'Request Timeout', 'REQUEST_TIMEOUT', 'The request did not arrive in time'],
  HPE_HEADER_OVERFLOW: [431, 'Request Header Fields Too Large', 'VALIDATION_FAILED', 'The request headers are too large'],
};

/** Node's clientError: answer in the API's shape when the socket still takes it, then drop it. No log line. */
function quietClientError(err: Error & { code?: string }, socket: Socket): void {
  if (socket.destroyed || err.code === 'ECONNRESET') return;
  const [status, reason, code, message] = STATUS[err.code ?? ''] ?? [400, 'Bad Request', 'VALIDATION_FAILED', 'The request is not valid HTTP'];
  if (socket.writable) {
    const body = JSON.stringify({ error: { code, message } });
    socket.write(`HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
  }
  socket.destroy();
}

/**
 * Caps open connections per client address (the TCP peer: behind a reverse proxy,
 * cap at the proxy). An extra connection is closed at once, before a byte is parsed,
 * and counted, not logged. Returns the count of refusals, for /metrics.
 */
export function capConnectionsPerAddress(server: Pick<Server, 'on'>, perAddress: number): { refused(): number; open(address: string): number } {
  const open = new Map<string, number>();
  let refused = 0;
  if (perAddress > 0) {
    server.on('connection', (socket: Socket) => {
      const addr = socket.remoteAddress ?? '';
      const n = open.get(addr) ?? 0;
      if (n >= perAddress) {
        refused++;
        socket.destroy();
        return;
      }
      open.set(addr, n + 1);
      socket.once('close', () => {
        const left = (open.get(addr) ?? 1) - 1;
        if (left <= 0) open.delete(addr);
        else open.set(addr, left);
      });
    });
  }
  return { refused: () => refused, open: (address) => open.get(address) ?? 0 };
}
