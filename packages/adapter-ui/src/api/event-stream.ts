import type { ClientMessage, ServerMessage } from '@switchboard/protocol';
import { AUTH_LOST_CODES } from './api-error';
import type { EventConnection, StreamHandlers } from './client';

const PING_MS = 20_000;
/** No message (not even a pong) for this long: the socket is dead even if the browser has not noticed. */
const SILENCE_MS = 45_000;
const BACKOFF_MS = [500, 1000, 2000, 4000, 8000];

/**
 * The agent's event WebSocket: hello → snapshot → ordered events. Reconnects
 * with backoff, resuming from the last sequence number it applied; the server
 * answers a reconnect with a fresh snapshot.
 */
export function openEventStream(
  url: string,
  token: string,
  clientId: string,
  lastSeq: () => number,
  h: StreamHandlers,
): EventConnection {
  let ws: WebSocket | null = null;
  let closed = false;
  let attempt = 0;
  let everOpened = false;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  let pingTimer: ReturnType<typeof setInterval> | undefined;
  let lastHeard = Date.now();

  const send = (m: ClientMessage) => {
    if (ws && ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify(m));
  };

  const stopTimers = () => {
    clearTimeout(retryTimer);
    clearInterval(pingTimer);
  };

  const scheduleReconnect = () => {
    if (closed) return;
    stopTimers();
    h.onHealth(everOpened ? 'reconnecting' : 'connecting');
    const base = BACKOFF_MS[Math.min(attempt, BACKOFF_MS.length - 1)] ?? 8000;
    attempt++;
    retryTimer = setTimeout(connect, base + Math.floor(Math.random() * base * 0.3));
  };

  function connect(): void {
    if (closed) return;
    let sock: WebSocket;
    try {
      sock = new WebSocket(url);
    } catch {
      scheduleReconnect();
      return;
    }
    ws = sock;
    sock.onopen = () => {
      lastHeard = Date.now();
      const seq = lastSeq();
      send({ type: 'hello', token, clientId, ...(seq > 0 ? { lastSeq: seq } : {}) });
      pingTimer = setInterval(() => {
        if (Date.now() - lastHeard > SILENCE_MS) sock.close();
        else send({ type: 'ping' });
      }, PING_MS);
    };
    sock.onmessage = (ev) => {
      lastHeard = Date.now();
      let msg: ServerMessage;
      try {
        msg = JSON.parse(String(ev.data)) as ServerMessage;
      } catch {
        return;
      }
      switch (msg.type) {
        case 'snapshot':
          attempt = 0;
          everOpened = true;
          h.onHealth('open');
          h.onSnapshot(msg.seq, msg.state);
          break;
        case 'event':
          h.onEvent(msg.event);
          break;
        case 'ownership':
          attempt = 0;
          everOpened = true;
          h.onHealth('open');
          h.onOwnership(msg.owner ? 'owner' : msg.reason === 'owner' ? 'open-elsewhere' : msg.reason);
          break;
        case 'error':
          if (AUTH_LOST_CODES.has(msg.code)) {
            closed = true;
            stopTimers();
            sock.close();
            h.onHealth('closed');
            h.onAuthLost(msg.code, msg.message);
          } else {
            h.onServerError(msg.code, msg.message);
          }
          break;
        case 'pong':
          break;
      }
    };
    sock.onclose = () => {
      if (ws === sock) ws = null;
      scheduleReconnect();
    };
  }

  h.onHealth('connecting');
  connect();
  return {
    takeOver: () => send({ type: 'take-over' }),
    close: () => {
      closed = true;
      stopTimers();
      ws?.close();
      ws = null;
      h.onHealth('closed');
    },
  };
}
