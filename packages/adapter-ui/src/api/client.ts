import type { AgentEvent, AgentView, Command, CommandResponse, LoginResponse } from '@switchboard/protocol';

/** How healthy the event stream is, for the connection banner. */
export type StreamHealth = 'connecting' | 'open' | 'reconnecting' | 'closed';
export type Ownership = 'owner' | 'open-elsewhere' | 'taken-over';

export interface StreamHandlers {
  onSnapshot(seq: number, state: AgentView): void;
  onEvent(event: AgentEvent): void;
  onOwnership(ownership: Ownership): void;
  onHealth(health: StreamHealth): void;
  /** The stream stopped for good (token rejected): the agent must log in again. */
  onAuthLost(code: string, message: string): void;
  onServerError(code: string, message: string): void;
}

export interface EventConnection {
  takeOver(): void;
  close(): void;
}

/**
 * The thin client the adapter talks to. Only types come from the protocol, so
 * zod stays out of the bundle (the adapter's budget is 50 KB gzipped).
 */
export interface AdapterClient {
  login(username: string, password: string): Promise<LoginResponse>;
  logout(token: string): Promise<void>;
  command(token: string, command: Command): Promise<CommandResponse>;
  openEvents(token: string, clientId: string, lastSeq: () => number, handlers: StreamHandlers): EventConnection;
}
