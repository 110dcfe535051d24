import type { AgentSession, CallDesk } from '@switchboard/core';
import type { AgentView, CallCommand } from '@switchboard/protocol';
import { apiError } from '../http/api-error';
import type { CallCommandPort } from '../sessions/session-hub';

/** The engine's typed errors (a refused digit, a leg that went) as the protocol's codes. */
function translateEngineErrors(fn: () => void): void {
  try {
    fn();
  } catch (err) {
    const code = (err as { code?: unknown }).code;
    if (typeof code !== 'string' || !code.startsWith('TEL_')) throw err;
    const message = err instanceof Error ? err.message : String(err);
    if (code === 'TEL_BAD_ARGUMENT') throw apiError('VALIDATION_FAILED', message);
    if (code === 'TEL_INVALID_STATE' || code === 'TEL_NO_SUCH_LEG') throw apiError('ACTION_NOT_ALLOWED', 'The call is not in a state for that now', { reason: message });
    throw apiError('VOICE_UNAVAILABLE', 'The voice engine could not do that', { reason: message });
  }
}

/**
 * The adapter's call commands, handed to core's call desk (which checks and decides); this only
 * translates the engine's error codes into the protocol's.
 */
export class CallCommands implements CallCommandPort {
  constructor(private readonly desk: CallDesk) {}

  apply(agentId: string, session: AgentSession, command: CallCommand): { seq: number; state: AgentView | null } {
    translateEngineErrors(() => {
      if (command.type === 'dial') this.desk.dial(session, command.number, command.campaignId);
      else {
        const { interactionId, ...action } = command;
        this.desk.act(agentId, interactionId, action);
      }
    });
    return { seq: session.seq, state: session.view() };
  }

  /** The session ended (sign-out in wrap, token revoked, taken over): its call is settled in core. */
  sessionEnded(agentId: string): void {
    this.desk.sessionEnded(agentId);
  }

  committed(agentId: string, command: CallCommand): Promise<boolean> {
    const id = command.type === 'dial' ? this.desk.callOf(agentId)?.interaction.id : command.interactionId;
    return id ? this.desk.saved(id) : Promise.resolve(true);
  }
}
