import { runCallInFlow, type AgentVoiceLines, type WorkspaceConfig } from '@switchboard/core';
import type { LegHandle, LegInfo } from '@switchboard/telephony';
import type { Logger } from '@switchboard/shared';

/**
 * Calls to the workspace's call-in number go to core's call-in flow; the agent number and PIN it
 * collects are checked by the voice connector, which opens that agent's waiting call-in attempt.
 */
export class CallInIvr {
  constructor(
    private readonly voice: AgentVoiceLines,
    private readonly workspace: () => WorkspaceConfig,
    private readonly logger: Logger,
  ) {}

  /** True if the call is for the call-in number (then it is taken). */
  take(leg: LegHandle, info: LegInfo): boolean {
    const digits = (s: string) => s.replace(/\D/g, '');
    if (digits(info.to) !== digits(this.workspace().callInNumber)) return false;
    const verify = async (agentNumber: string, pin: string): Promise<boolean> => {
      const agent = this.workspace().agents.find((a) => a.agentNumber === agentNumber);
      return agent ? this.voice.callIn(leg, agent.id, pin) : false;
    };
    runCallInFlow({ logger: this.logger, verify }, leg).catch((err: unknown) => {
      this.logger.warn({ err, legId: leg.id }, 'call-in IVR failed');
      leg.hangup('normal');
    });
    return true;
  }
}
