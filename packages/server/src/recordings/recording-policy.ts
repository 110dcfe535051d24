import type { RecordingsPolicyConfig, WorkspaceConfig } from '@switchboard/core';
import type { Principal } from '../auth/token-service';
import { callInScope, staffScope } from './staff-scope';

/** play covers finding, seeing the markers and listening; download saving the WAV. */
export type RecordingUse = 'play' | 'download';

export const DEFAULT_RECORDINGS_POLICY: RecordingsPolicyConfig = { retentionDays: null, play: ['supervisor', 'admin'], download: ['supervisor', 'admin'] };

export function recordingsPolicy(ws: WorkspaceConfig): RecordingsPolicyConfig {
  return ws.recordings ?? DEFAULT_RECORDINGS_POLICY;
}

/** Why a use is refused (said to the user), or null when it is allowed. */
export function roleRefusal(policy: RecordingsPolicyConfig, role: Principal['role'], use: RecordingUse): string | null {
  if (policy[use].includes(role)) return null;
  return role === 'agent'
    ? `This workspace does not let agents ${use} recordings (recordings.${use} in the workspace file)`
    : `This workspace does not let the role ${role} ${use} recordings (recordings.${use})`;
}

/**
 * The per-recording check: the role may do this at all (the workspace's `recordings` policy), and
 * the call is the user's to see: an agent's own, a supervisor's team's, any for an admin.
 */
export function recordingRefusal(
  ws: WorkspaceConfig,
  p: Pick<Principal, 'userId' | 'role'>,
  call: { agentId: string | null; queueId: string | null },
  use: RecordingUse,
): string | null {
  const byRole = roleRefusal(recordingsPolicy(ws), p.role, use);
  if (byRole) return byRole;
  if (callInScope(staffScope(ws, p), call)) return null;
  return p.role === 'agent' ? 'Agents may only open recordings of their own calls' : 'This recording is of a call outside your team';
}
