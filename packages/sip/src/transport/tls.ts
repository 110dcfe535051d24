import { readFileSync } from 'node:fs';
import { createSecureContext } from 'node:tls';
import { SipError } from '../errors';
import { TcpTransport, type TcpOptions } from './tcp';

export interface TlsOptions extends TcpOptions {
  /** Our certificate chain (PEM): a path or the PEM itself. */
  cert: string | Buffer;
  /** Its private key (PEM): a path or the PEM itself. */
  key: string | Buffer;
  /**
   * CAs to trust for servers we connect to (PEM, path or text). Default: the system's (Mozilla's)
   * list. Give the carrier's CA for a private one.
   */
  ca?: string | Buffer;
  /** Check the server's certificate on connections we open (default true). */
  verifyServer?: boolean;
}

/** A PEM given as text stays as it is; anything else is a path to read. */
function pem(v: string | Buffer, what: string): string | Buffer {
  if (Buffer.isBuffer(v) || v.includes('-----BEGIN')) return v;
  try {
    return readFileSync(v);
  } catch (err) {
    throw new SipError('SIP_TRANSPORT', `cannot read the TLS ${what} at ${v}: ${(err as Error).message}`);
  }
}

/**
 * SIP over TLS (RFC 3261 26.3.1; 5061 by convention): TCP's framing, connection reuse and guard
 * (read timeout, idle lifetime, caps, counted before the handshake) with each connection in TLS.
 * Via says TLS; Contact carries transport=tls, or a sips: URI when the dialog asked for one.
 */
export class TlsTransport extends TcpTransport {
  static override listen(opts: TlsOptions): Promise<TlsTransport> {
    const cert = pem(opts.cert, 'certificate');
    const key = pem(opts.key, 'key');
    const ca = opts.ca === undefined ? undefined : pem(opts.ca, 'CA');
    let server;
    let client;
    try {
      server = createSecureContext({ cert, key, minVersion: 'TLSv1.2' });
      client = createSecureContext({ cert, key, minVersion: 'TLSv1.2', ...(ca ? { ca } : {}) });
    } catch (err) {
      throw new SipError('SIP_TRANSPORT', `unusable TLS certificate or key: ${(err as Error).message}`);
    }
    return TlsTransport.bind(opts, { server, client, verifyServer: opts.verifyServer ?? true }) as Promise<TlsTransport>;
  }
}
