import { SipError } from '../errors';
import type { Address, MessageHandler, Transport, TransportProtocol } from './transport';

/**
 * An in-memory network for tests: transports addressed by host:port deliver to each other on a
 * microtask. A drop filter simulates loss (to exercise retransmission timers); `sent` records traffic.
 */
export class MemoryNetwork {
  private readonly nodes = new Map<string, MemoryTransport>();
  /** Return true to lose a message. */
  dropFilter: ((data: Buffer, from: Address, to: Address) => boolean) | undefined;

  create(host: string, port: number, protocol: TransportProtocol = 'UDP', reliable = protocol !== 'UDP'): MemoryTransport {
    const t = new MemoryTransport(this, { host, port }, protocol, reliable);
    this.nodes.set(`${host}:${port}`, t);
    return t;
  }

  /** @internal */
  deliver(data: Buffer, from: Address, to: Address): Promise<void> {
    const node = this.nodes.get(`${to.host}:${to.port}`);
    if (this.dropFilter?.(data, from, to)) return Promise.resolve();
    if (!node || node.closed) return Promise.reject(new SipError('SIP_TRANSPORT', `no memory node at ${to.host}:${to.port}`));
    queueMicrotask(() => node.receive(data, from));
    return Promise.resolve();
  }

  /** @internal */
  remove(t: MemoryTransport): void {
    this.nodes.delete(`${t.local.host}:${t.local.port}`);
  }
}

export class MemoryTransport implements Transport {
  readonly sent: Array<{ data: Buffer; dest: Address }> = [];
  private handler: MessageHandler | undefined;
  closed = false;

  constructor(
    private readonly net: MemoryNetwork,
    readonly local: { host: string; port: number },
    readonly protocol: TransportProtocol,
    readonly reliable: boolean,
  ) {}

  send(data: Buffer, dest: Address): Promise<void> {
    this.sent.push({ data, dest });
    return this.net.deliver(data, { host: this.local.host, port: this.local.port }, dest);
  }

  onMessage(handler: MessageHandler): void {
    this.handler = handler;
  }

  /** Injects bytes as if they arrived from `from`. */
  receive(data: Buffer, from: Address): void {
    if (!this.closed) this.handler?.(data, from);
  }

  close(): Promise<void> {
    this.closed = true;
    this.net.remove(this);
    return Promise.resolve();
  }
}
