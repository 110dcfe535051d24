/**
 * The transport port (in the spirit of SIP.js's core/transport.ts): the transaction layer only sees
 * "send these bytes there" and "these bytes came from there". Stream transports do their own
 * framing (by Content-Length) and hand over whole messages.
 */
export type TransportProtocol = 'UDP' | 'TCP' | 'TLS' | 'WS' | 'WSS';

export interface Address {
  host: string;
  port: number;
  /** For connection-oriented transports: the connection a message arrived on or should leave by. */
  connectionId?: string;
}

export interface ReceiveInfo {
  /** Only the header section of a message too large to take: answer 513 if possible (18.3). */
  oversize?: boolean;
}

export type MessageHandler = (data: Buffer, source: Address, info?: ReceiveInfo) => void;

export interface Transport {
  readonly protocol: TransportProtocol;
  /** Reliable transports switch off the retransmission timers (RFC 3261 17.1.1.2, 17.1.2.2). */
  readonly reliable: boolean;
  /** Where we are bound: used for Via sent-by and Contact. */
  readonly local: { host: string; port: number };
  send(data: Buffer, dest: Address): Promise<void>;
  onMessage(handler: MessageHandler): void;
  close(): Promise<void>;
}

/** A transport plus a destination: where one transaction's messages go. */
export interface Flow {
  transport: Transport;
  dest: Address;
}
