import { createSocket, type RemoteInfo, type Socket } from 'node:dgram';

/** Called for each datagram received: bytes [off, off+len) of buf, valid only during the call. */
export type RtpReceiver = (buf: Buffer, off: number, len: number, address: string, port: number) => void;

/**
 * What an RTP leg needs of its socket. Two kinds: a dgram socket on the media thread
 * (DgramRtpSocket), or a socket that lives on an I/O thread with datagrams crossing through
 * shared-memory rings (ThreadedRtpSocket, see rtp-io-threads.ts).
 */
export interface RtpSocket {
  readonly port: number;
  send(buf: Buffer, off: number, len: number, port: number, address: string): void;
  setReceiver(fn: RtpReceiver | undefined): void;
  /** Symmetric RTP latched onto port/address: later sends go only there (a hint; may be ignored). */
  connect(port: number, address: string): void;
  /** Undo connect() (the remote changed). */
  disconnect(): void;
  close(): Promise<void>;
}

/** RTP on a dgram socket of this thread. */
export class DgramRtpSocket implements RtpSocket {
  private receiver: RtpReceiver | undefined;
  /** Connected UDP socket (after latching): sends skip the address lookup and the kernel filters strangers. */
  private connectState: 'none' | 'connecting' | 'connected' = 'none';
  private connectGen = 0;
  private closed = false;
  private readonly onMessage = (msg: Buffer, r: RemoteInfo): void => this.receiver?.(msg, 0, msg.length, r.address, r.port);

  constructor(
    readonly socket: Socket,
    readonly port: number,
    onError: (err: Error) => void = () => {},
  ) {
    socket.on('message', this.onMessage);
    socket.on('error', onError);
  }

  send(buf: Buffer, off: number, len: number, port: number, address: string): void {
    // The whole datagram (the usual relay case: header rewritten in place) goes without offset and
    // length, so dgram does not build a slice of it per packet.
    const whole = off === 0 && len === buf.length;
    if (this.connectState === 'connected') {
      if (whole) this.socket.send(buf);
      else this.socket.send(buf, off, len);
    } else if (whole) this.socket.send(buf, port, address);
    else this.socket.send(buf, off, len, port, address);
  }

  setReceiver(fn: RtpReceiver | undefined): void {
    this.receiver = fn;
  }

  connect(port: number, address: string): void {
    const gen = ++this.connectGen;
    this.connectState = 'connecting';
    try {
      this.socket.connect(port, address, () => {
        if (gen === this.connectGen && !this.closed) this.connectState = 'connected';
        else if (!this.closed) this.safeDisconnect(); // the remote changed meanwhile
      });
    } catch {
      this.connectState = 'none';
    }
  }

  disconnect(): void {
    this.connectGen++;
    if (this.connectState === 'connected') this.safeDisconnect();
    else this.connectState = 'none';
  }

  private safeDisconnect(): void {
    try {
      this.socket.disconnect();
    } catch {
      // not connected (yet): nothing to undo
    }
    this.connectState = 'none';
  }

  close(): Promise<void> {
    this.closed = true;
    this.socket.off('message', this.onMessage);
    return closeSocket(this.socket);
  }
}

export function closeSocket(s: Socket): Promise<void> {
  return new Promise((resolve) => {
    try {
      s.close(() => resolve());
    } catch {
      resolve(); // already closed
    }
  });
}

/** Binds the RTP socket of a pair (on this thread or an I/O thread); undefined if the port is taken. */
export type RtpBinder = (host: string, port: number) => Promise<RtpSocket | undefined>;

/** The binder for RTP sockets on this thread. */
export function dgramBinder(recvBufferSize?: number, onError?: (err: Error, port: number) => void): RtpBinder {
  return async (host, port) => {
    const s = await tryBind(host, port, recvBufferSize);
    return s && new DgramRtpSocket(s, port, onError && ((err) => onError(err, port)));
  };
}

/** Binds a UDP socket on host:port, or undefined if the port is taken. */
export function tryBind(host: string, port: number, recvBufferSize?: number): Promise<Socket | undefined> {
  return new Promise((resolve) => {
    const type = host.includes(':') ? 'udp6' : 'udp4';
    const s = createSocket({ type, reuseAddr: false });
    const onError = (): void => {
      s.close();
      resolve(undefined);
    };
    s.once('error', onError);
    s.bind(port, host, () => {
      s.off('error', onError);
      if (recvBufferSize) s.setRecvBufferSize(recvBufferSize);
      resolve(s);
    });
  });
}
