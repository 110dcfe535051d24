import { Component } from 'preact';
import type { FloorAgent } from '@switchboard/protocol';
import { callLabel, callStart, stateLabel, voiceLabel } from '../state/format';
import type { MonitorControl } from '../state/call-monitor';
import { Duration } from './duration';
import { MonitorButtons } from './monitor-controls';

/** One row per logged-in agent; times count against the server's clock (`serverNow`). */
export function AgentsTable({ agents, serverNow, filteredBy, monitor }: { agents: FloorAgent[]; serverNow: number; filteredBy: string; monitor?: MonitorControl }) {
  return (
    <div class="table-wrap" role="region" aria-labelledby="agents-caption" tabIndex={0}>
      <table class="floor" data-testid="agents-table">
        <caption id="agents-caption">
          Agents logged in: {agents.length}
          {filteredBy ? ` (filtered by ${filteredBy})` : ''}
        </caption>
        <thead>
          <tr>
            <th scope="col">Agent</th>
            <th scope="col">Team</th>
            <th scope="col">State</th>
            <th scope="col">Time in state</th>
            <th scope="col">Current call</th>
            <th scope="col">Call time</th>
            <th scope="col">Voice path</th>
            {monitor && <th scope="col">Monitor</th>}
          </tr>
        </thead>
        <tbody>
          {agents.length === 0 && (
            <tr>
              <td colSpan={monitor ? 8 : 7} class="empty">
                No agents logged in{filteredBy ? ` for this ${filteredBy}` : ''}.
              </td>
            </tr>
          )}
          {agents.map((a) => (
            <AgentRow key={a.agentId} a={a} serverNow={serverNow} monitor={monitor} />
          ))}
        </tbody>
      </table>
    </div>
  );
}

type RowProps = { a: FloorAgent; serverNow: number; monitor: MonitorControl | undefined };

/** Whole seconds shown for the time in state and the call time: a row re-renders only when one of them or the agent changes. */
const shown = ({ a, serverNow }: RowProps): string =>
  `${Math.floor((serverNow - Date.parse(a.since)) / 1000)}|${a.call ? Math.floor((serverNow - Date.parse(callStart(a.call))) / 1000) : ''}`;

/**
 * One agent's row. With 1,000 agents on an admin's floor, a changes message (up to 20 a second)
 * re-rendered every row; now the rows whose agent object is the same (applyChanges keeps it) and
 * whose shown times are the same are skipped, so a message costs the changed rows only. The
 * monitor buttons follow the monitor's signals on their own.
 */
class AgentRow extends Component<RowProps> {
  override shouldComponentUpdate(next: RowProps): boolean {
    return next.a !== this.props.a || next.monitor !== this.props.monitor || shown(next) !== shown(this.props);
  }
  override render({ a, serverNow, monitor }: RowProps) {
    return (
      <tr data-testid={`agent-row-${a.username}`}>
        <th scope="row">
          {a.displayName}
          <small class="muted">{a.username}</small>
        </th>
        <td>{a.teamName ?? a.teamId ?? '—'}</td>
        <td data-testid="agent-state">
          <span class={`dot ${a.dot}`} aria-hidden="true" />
          {stateLabel(a)}
        </td>
        <td>
          <Duration ms={serverNow - Date.parse(a.since)} testId="agent-time-in-state" />
        </td>
        <td>{a.call ? callLabel(a.call) : <span class="muted">None</span>}</td>
        <td>{a.call ? <Duration ms={serverNow - Date.parse(callStart(a.call))} /> : <span class="muted">—</span>}</td>
        <td>{voiceLabel(a.voice)}</td>
        {monitor && <td>{a.call?.presentation === 'live' ? <MonitorButtons monitor={monitor} interactionId={a.call.id} who={a.displayName} /> : <span class="muted">—</span>}</td>}
      </tr>
    );
  }
}
