import { StateMachine, type TransitionTable } from '@switchboard/shared';
import type { AgentCallInInstructions, AgentVoiceMethod, AgentVoiceStatus, AgentVoiceView } from './types';

/**
 * The agent's voice path (manual section 1): the phone or browser leg that
 * calls are bridged to. Nothing here pretends: `connected` only follows the
 * server's voiceConnected().
 *
 * ```
 *            connect-voice                voiceConnected()
 *   ┌──────┐ ───────────▶ ┌────────────┐ ───────────────▶ ┌───────────┐
 *   │ none │              │ connecting │                  │ connected │
 *   └──────┘ ◀─────────── └────────────┘                  └───────────┘
 *     ▲  ▲   cancel/skip      │    ▲                            │
 *     │  │                    │    │ connect-voice (retry)      │
 *     │  │     voiceFailed()  ▼    │                            │
 *     │  └─────skip──────  ┌────────┐                           │
 *     │                    │ failed │                           │
 *     │                    └────────┘                           │
 *     └─────────────── disconnect-voice / voiceDropped() ───────┘
 * ```
 */
export const VOICE_TRANSITIONS: TransitionTable<AgentVoiceStatus> = {
  none: ['connecting'],
  connecting: ['connected', 'failed', 'none'],
  connected: ['none'],
  failed: ['connecting', 'none'],
};

export interface VoiceAttempt {
  method: AgentVoiceMethod;
  number: string | null;
  persistent: boolean;
}

/** The voice machine and what the view shows about the current or last attempt. */
export class VoiceLine {
  private readonly machine = new StateMachine<AgentVoiceStatus>('voice', VOICE_TRANSITIONS, 'none');
  private attempt: VoiceAttempt | null = null;
  private callIn: AgentCallInInstructions | null = null;
  private failure: string | null = null;
  /** Counts attempts so a late answer about an abandoned attempt is ignored. */
  private attemptNo = 0;
  prompt = true;

  get status(): AgentVoiceStatus {
    return this.machine.state;
  }

  get current(): VoiceAttempt | null {
    return this.attempt;
  }

  get attemptId(): number {
    return this.attemptNo;
  }

  connecting(attempt: VoiceAttempt): number {
    this.machine.transition('connecting');
    this.attempt = { ...attempt };
    this.callIn = null;
    this.failure = null;
    return ++this.attemptNo;
  }

  awaitingCallIn(info: AgentCallInInstructions): void {
    this.callIn = { ...info };
  }

  connected(): void {
    this.machine.transition('connected');
    this.callIn = null;
    this.failure = null;
    this.prompt = false;
  }

  failed(reason: string): void {
    this.machine.transition('failed');
    this.callIn = null;
    this.failure = reason;
  }

  /** Cancel, skip, disconnect or drop: forget the attempt entirely. */
  none(): void {
    this.machine.transition('none');
    this.attempt = null;
    this.callIn = null;
    this.failure = null;
    this.attemptNo++;
  }

  view(): AgentVoiceView {
    return {
      status: this.status,
      method: this.attempt?.method ?? null,
      number: this.attempt?.number ?? null,
      persistent: this.attempt?.persistent ?? false,
      prompt: this.prompt,
      callIn: this.callIn ? { ...this.callIn } : null,
      failure: this.failure,
    };
  }
}
