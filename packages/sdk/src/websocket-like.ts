/**
 * The slice of the WebSocket API the sdk uses. Browsers' WebSocket and the
 * `ws` package both fit, so Node callers pass `ws` and browsers pass nothing.
 */
export interface WebSocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onopen: ((ev: unknown) => void) | null;
  onmessage: ((ev: { data: unknown }) => void) | null;
  onclose: ((ev: { code: number; reason: string }) => void) | null;
  onerror: ((ev: unknown) => void) | null;
}

export type WebSocketCtor = new (url: string) => WebSocketLike;

export const WS_OPEN = 1;
