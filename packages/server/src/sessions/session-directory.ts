import type { AgentSession } from '@switchboard/core';

/**
 * The live agent sessions by agent id. Built first in the composition: the hub registers the
 * sessions it creates, telephony reads them (calls and voice paths report to a session), so
 * neither needs the other to exist first.
 */
export class AgentSessionDirectory {
  private readonly sessions = new Map<string, AgentSession>();

  session(agentId: string): AgentSession | undefined {
    return this.sessions.get(agentId);
  }

  /** Every live session (the Transfer dialog lists the agents who can take a call). */
  all(): AgentSession[] {
    return [...this.sessions.values()];
  }

  register(agentId: string, session: AgentSession): void {
    this.sessions.set(agentId, session);
  }

  /** Forgets it only if it is still the registered one (a newer session may have replaced it). */
  unregister(agentId: string, session: AgentSession): void {
    if (this.sessions.get(agentId) === session) this.sessions.delete(agentId);
  }
}
