import type { AgentSession } from '../agent/agent-session';
import type { Interaction } from '../interaction/interaction';

/**
 * A transfer step in an interaction becomes an ordered event on its agent's stream (a CRM
 * follows transfers from it); a failure also carries a toast with the reason.
 */
export function forwardTransferStep(session: (agentId: string) => AgentSession | undefined, i: Interaction, detail: Readonly<Record<string, unknown>>): void {
  const agentId = i.agentId;
  if (!agentId) return;
  const s = session(agentId);
  if (!s) return;
  const to = detail.to as { label?: string } | null | undefined;
  const event = { interactionId: i.id, ...detail };
  if (detail.step === 'failed') {
    const reason = String((detail.detail as { reason?: string } | undefined)?.reason ?? 'The transfer failed');
    s.transferStep(event, { level: 'error', code: 'TRANSFER_FAILED', message: to?.label ? `${to.label}: ${reason}` : reason });
  } else if (detail.step === 'returned') {
    s.transferStep(event, { level: 'warning', code: 'TRANSFER_RETURNED', message: `The transfer to ${to?.label ?? 'the target'} failed: the caller is back with you` });
  } else if (detail.step === 'caller-left') {
    s.transferStep(event, { level: 'warning', code: 'CALLER_LEFT', message: `The caller hung up during the consult: you are still talking to ${to?.label ?? 'the target'}` });
  } else s.transferStep(event);
}
