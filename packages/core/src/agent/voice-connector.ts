import type { AgentCallInInstructions, AgentVoiceMethod } from './types';

/** What the session asks the telephony side to do when the agent picks a method. */
export interface VoiceConnectRequest {
  sessionId: string;
  agentId: string;
  /** Increases with every attempt in this session; pass it back to voiceConnected/voiceFailed. */
  attemptId: number;
  method: AgentVoiceMethod;
  /** call-me: the number to ring; call-in: the number the agent said they call from, if any; web: null. */
  number: string | null;
  persistent: boolean;
}

/** The immediate answer; the outcome arrives later through voiceConnected() / voiceFailed(). */
export type VoiceConnectResult =
  /** Show these on screen; the agent dials in and keys them when asked. */
  | ({ kind: 'awaiting-call-in' } & AgentCallInInstructions)
  /** The platform is ringing the agent's number (call-me). */
  | { kind: 'dialling' }
  /** The browser is to set up its WebRTC leg (web). */
  | { kind: 'awaiting-web' }
  /** Cannot even start: the reason is shown to the agent, who may try again. */
  | { kind: 'failed'; reason: string };

/**
 * The port to the telephony engine, declared here and implemented by the
 * server. connect() may answer at once or with a promise; a thrown error or
 * rejected promise counts as a failure (its message is shown only when it is
 * a SwitchboardError, so internals do not leak to agents).
 */
export interface VoiceConnector {
  /**
   * Call me: checks and normalises the number before anything changes (E.164 in the agent's
   * region and allowed by the dial plan, or the agent's own phone); throws a SwitchboardError
   * (INVALID_PHONE_NUMBER, DIAL_PLAN_REFUSED) that refuses the command. Optional: a connector
   * without it takes the number as typed.
   */
  prepareNumber?(agentId: string, number: string): string;
  connect(request: VoiceConnectRequest): VoiceConnectResult | Promise<VoiceConnectResult>;
  /** Tear down (or abandon) the agent's voice path: disconnect, cancel, skip, sign-out. */
  disconnect(request: { sessionId: string; agentId: string; attemptId: number }): void;
}
