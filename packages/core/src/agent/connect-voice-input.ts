import { SwitchboardError } from '@switchboard/shared';
import { AgentValidationError } from './errors';
import { AGENT_VOICE_METHODS, type AgentCommand, type AgentVoiceMethod } from './types';
import type { VoiceAttempt } from './voice';

const MAX_NUMBER_LENGTH = 64;
const MAX_REASON_LENGTH = 200;

export const VOICE_METHOD_LABELS: Record<AgentVoiceMethod, string> = {
  'call-in': 'Call in',
  'call-me': 'Call me',
  web: 'Web Connect',
};

/**
 * Checks a connect-voice command the way protocol's schema does (the server
 * has parsed it already; this keeps core safe on its own). The number's
 * format (E.164, a SIP user) is the server's to check: it knows the region.
 */
export function parseConnectVoice(cmd: Extract<AgentCommand, { type: 'connect-voice' }>): VoiceAttempt {
  const method = cmd.method;
  if (!AGENT_VOICE_METHODS.includes(method)) {
    throw new AgentValidationError(`Unknown connection method "${String(method)}"`, { field: 'method' });
  }
  if (cmd.number !== undefined && typeof cmd.number !== 'string') {
    throw new AgentValidationError('The number must be text', { field: 'number' });
  }
  const typed = cmd.number?.trim() ?? '';
  if (typed.length > MAX_NUMBER_LENGTH) {
    throw new AgentValidationError(`The number is longer than ${MAX_NUMBER_LENGTH} characters`, { field: 'number' });
  }
  if (method === 'call-me' && typed === '') {
    throw new AgentValidationError('Call me to connect needs the number to call', { field: 'number' });
  }
  // Web Connect rings nobody: a number sent with it means nothing.
  const number = method === 'web' || typed === '' ? null : typed;
  return { method, number, persistent: cmd.persistent !== false };
}

/** A failure reason fit to show an agent: ours are meant for people; anything else is hidden. */
export function failureReason(err: unknown, fallback = 'The voice connection could not be set up'): string {
  if (err instanceof SwitchboardError) return cleanReason(err.message, fallback);
  return fallback;
}

export function cleanReason(reason: unknown, fallback: string): string {
  if (typeof reason !== 'string') return fallback;
  const text = reason.trim();
  if (text === '') return fallback;
  return text.length > MAX_REASON_LENGTH ? `${text.slice(0, MAX_REASON_LENGTH - 1)}…` : text;
}
