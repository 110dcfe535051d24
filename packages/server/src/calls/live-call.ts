import type { AgentSession, CallRecordStore, CallbackStore, Interaction, QueueJourney, WorkflowRunner, WorkspaceConfig, WrapTimer } from '@switchboard/core';
import type { TelephonyEngine } from '@switchboard/telephony';
import type { Clock, Logger } from '@switchboard/shared';
import type { EngineVoiceConnector } from '../voice/engine-voice-connector';

/** One live inbound or outbound call and what the server keeps about it. */
export interface LiveCall {
  interaction: Interaction;
  customerLegId: string;
  runner: WorkflowRunner | undefined;
  /** The agent's leg while bridged (or ringing, non-persistent call-me). */
  agentLegId: string | undefined;
  /** The agent's leg exists only for this call (non-persistent call-me, manual dial of a per-call path). */
  agentLegPerCall: boolean;
  wrap: WrapTimer | undefined;
  recordingId: string | undefined;
  announcementPlayback: string | undefined;
  muted: boolean;
  /** Inbound: its way through the queues (arrival kept across overflows). */
  journey?: QueueJourney;
}

export interface CallCenterDeps {
  engine: TelephonyEngine;
  voice: EngineVoiceConnector;
  clock: Clock;
  logger: Logger;
  records: CallRecordStore;
  /** Where a workflow's callback objects store their requests. */
  callbacks: CallbackStore;
  workspace(): WorkspaceConfig;
  session(agentId: string): AgentSession | undefined;
  /** An interaction of this agent changed outside a session event: republish their view. */
  publish(agentId: string): void;
  announcementsDir: string;
  recordingsDir: string;
  agentRingMs: number;
}
