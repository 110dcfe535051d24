import type { AgentView } from '@switchboard/protocol';
import { minutesSeconds, useCountdown } from './use-countdown';

/** What the agent is doing now, in the header's words; null when idle (the chosen state says it all). */
export function activityLabel(v: AgentView, wrapLeft: number | null): string | null {
  const call = v.interaction ?? null;
  switch (v.activity) {
    case 'offered':
      return 'Ringing';
    case 'dialling':
      return 'Dialling';
    case 'previewing':
      return 'Previewing';
    case 'on-call':
      return call?.held ? 'On hold' : 'On call';
    case 'wrap':
      return wrapLeft === null ? 'Wrap' : `Wrap ${minutesSeconds(wrapLeft)}`;
    default:
      return null;
  }
}

/**
 * Issue 14 item 5: during a call the header must not just say "Available" in green. The
 * activity (On call, Wrap with its countdown, Dialling, Ringing) comes first, the chosen
 * state beside it. The countdown ticks here silently; the wrap panel says the 10 s warning.
 */
export function HeaderActivity({ v }: { v: AgentView }) {
  const left = useCountdown(v.activity === 'wrap' ? (v.interaction?.wrap?.deadline ?? null) : null);
  const label = activityLabel(v, left);
  if (!label) return null;
  return (
    <span id="status-activity" class="activity-chip" data-activity={v.activity} data-testid="header-activity">
      {label}
    </span>
  );
}
