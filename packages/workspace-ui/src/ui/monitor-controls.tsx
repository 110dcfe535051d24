import type { MonitorModeWire } from '@switchboard/protocol';
import { isActive, type MonitorControl } from '../state/call-monitor';

const MODES: ReadonlyArray<{ mode: MonitorModeWire; label: string; hint: string }> = [
  { mode: 'listen', label: 'Listen', hint: 'You hear both sides; nobody hears you' },
  { mode: 'whisper', label: 'Whisper', hint: 'The agent hears you; the caller does not' },
  { mode: 'barge', label: 'Barge', hint: 'A three-way call: everyone hears you' },
];

const STATE_TEXT: Record<string, string> = {
  calling: 'calling your phone…',
  listening: 'listening',
  whispering: 'whispering to the agent',
  barging: 'in the call (barge)',
};

const END_TEXT: Record<string, string> = {
  stopped: 'You stopped.',
  'supervisor-hangup': 'You hung up.',
  'call-ended': 'The call ended.',
  'no-answer': 'Your phone did not answer.',
  'dial-failed': 'Your phone could not be called.',
  'taken-over': 'Another supervisor is on the call now.',
};

/** Listen / Whisper / Barge (and Stop when on it) for one live call; none while another supervisor is on it (one at a time). */
export function MonitorButtons({ monitor, interactionId, who, takenBy = null }: { monitor: MonitorControl; interactionId: string; who: string; takenBy?: string | null }) {
  const m = monitor.current.value;
  const mine = isActive(m) && m.interactionId === interactionId ? m : null;
  const taken = !mine && takenBy !== null;
  return (
    <span class="monitor-buttons" role="group" aria-label={`Monitor ${who}’s call`} data-testid={`monitor-${interactionId}`}>
      {MODES.map((x) => (
        <button
          key={x.mode}
          type="button"
          title={taken ? `${takenBy} is on this call` : x.hint}
          aria-pressed={mine?.mode === x.mode}
          disabled={monitor.busy.value || taken}
          onClick={() => void monitor.start(interactionId, x.mode)}
        >
          {x.label}
        </button>
      ))}
      {mine && (
        <button type="button" disabled={monitor.busy.value} onClick={() => void monitor.stop()}>
          Stop
        </button>
      )}
    </span>
  );
}

/** The supervisor's phone for monitoring, and what the current monitoring is doing. */
export function MonitorBar({ monitor, agentName }: { monitor: MonitorControl; agentName: (agentId: string) => string | undefined }) {
  const m = monitor.current.value;
  const whose = m ? `${agentName(m.agentId) ?? m.agentId}’s call` : '';
  return (
    <div class="monitor-bar" data-testid="monitor-bar">
      <fieldset class="monitor-path">
        <legend>Listen / Whisper / Barge over</legend>
        <label>
          <input type="radio" name="monitor-path" checked={monitor.path.value === 'call-me'} onChange={() => (monitor.path.value = 'call-me')} /> Call me
        </label>{' '}
        <label>
          <input type="radio" name="monitor-path" checked={monitor.path.value === 'web'} onChange={() => (monitor.path.value = 'web')} /> Web Connect (this browser)
        </label>
      </fieldset>{' '}
      <label hidden={monitor.path.value !== 'call-me'}>
        Your phone for Listen / Whisper / Barge{' '}
        <input type="tel" autoComplete="tel" value={monitor.number.value} placeholder="+61 2 9000 0000" onInput={(e) => (monitor.number.value = e.currentTarget.value)} />
      </label>{' '}
      <span role="status" data-testid="monitor-status">
        {m && m.state !== 'ended' ? `${whose}: ${STATE_TEXT[m.state] ?? m.state}` : m ? `Monitoring ended. ${END_TEXT[m.endCause ?? ''] ?? ''}` : ''}
      </span>
      {monitor.error.value && (
        <span role="alert" class="error">
          {' '}
          {monitor.error.value}
        </span>
      )}
    </div>
  );
}
