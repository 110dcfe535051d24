import type { Clock, Logger } from '@switchboard/shared';
import type { AgentSession } from '../agent/agent-session';
import type { WorkspaceConfig } from '../workspace/types';
import type { HandOnPort } from './hand-on-port';
import type { AgentLines, TelephonyPort } from './telephony-port';

/** What every call session is given by the desk that holds it. */
export interface CallHost {
  readonly port: TelephonyPort;
  readonly lines: AgentLines;
  readonly clock: Clock;
  readonly logger: Logger;
  /** The agent's live session, if any. */
  session(agentId: string): AgentSession | undefined;
  /** Something about this agent's call changed that the interaction does not emit (mute, wrap countdown). */
  changed(agentId: string): void;
  /** Transfers, consults and conferences (the desk): absent where a host does not hand calls on. */
  readonly handOn?: HandOnPort;
  readonly workspace?: () => WorkspaceConfig;
}
