import type { Command, CommandResponse, LoginResponse } from '@switchboard/protocol';
import type { AdapterClient } from './client';
import { requestJson } from './http';
import { ApiError } from './api-error';
import { randomId } from './ids';
import { openEventStream } from './event-stream';
import { wsUrl } from './api-base';

/** AdapterClient over fetch and the browser's WebSocket. Paths follow protocol's routes table. */
export function createFetchClient(base: string): AdapterClient {
  return {
    login: (username, password) =>
      requestJson<LoginResponse>(base, '/api/v1/auth/login', { method: 'POST', body: { username, password } }),
    logout: async (token) => {
      await requestJson<{ ok: true }>(base, '/api/v1/auth/logout', { method: 'POST', token });
    },
    command: async (token, command: Command) => {
      const body = { requestId: randomId('req'), command };
      const send = () => requestJson<CommandResponse>(base, '/api/v1/agent/commands', { method: 'POST', token, body });
      try {
        return await send();
      } catch (e) {
        // The request id makes a retry safe: the server applies it once.
        if (e instanceof ApiError && e.code === 'NETWORK') return send();
        throw e;
      }
    },
    openEvents: (token, clientId, lastSeq, handlers) =>
      openEventStream(wsUrl(base, '/api/v1/events'), token, clientId, lastSeq, handlers),
  };
}
