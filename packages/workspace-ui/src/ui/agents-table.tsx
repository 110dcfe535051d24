import { Component } from 'preact';
import { useState } from 'preact/hooks';
import type { FloorAgent } from '@switchboard/protocol';
import { callLabel, callStart, monitorMark, monitoredByOther, stateLabel, voiceLabel } from '../state/format';
import type { MonitorControl } from '../state/call-monitor';
import { Duration } from './duration';
import { MonitorButtons } from './monitor-controls';

/**
 * Rows per page. An admin's floor may list a thousand agents: the browser lays the whole table out
 * again on every update, so a page keeps each change on screen within a frame or two (bench/floor-view.ts).
 */
export const AGENTS_PER_PAGE = 100;

/** One row per logged-in agent, a page at a time; times count against the server's clock (`serverNow`). */
export function AgentsTable({
  agents,
  serverNow,
  filteredBy,
  monitor,
  me = null,
}: {
  agents: FloorAgent[];
  serverNow: number;
  filteredBy: string;
  monitor?: MonitorControl;
  /** This user's id: their own monitoring reads "by you". */
  me?: string | null;
}) {
  const [wanted, setPage] = useState(0);
  const pages = Math.max(1, Math.ceil(agents.length / AGENTS_PER_PAGE));
  const page = Math.min(wanted, pages - 1);
  const first = page * AGENTS_PER_PAGE;
  const shownAgents = pages > 1 ? agents.slice(first, first + AGENTS_PER_PAGE) : agents;
  return (
    <div class="table-wrap" role="region" aria-labelledby="agents-caption" tabIndex={0}>
      {pages > 1 && (
        <nav class="pager" aria-label="Agents pages">
          <button type="button" disabled={page === 0} onClick={() => setPage(page - 1)} aria-label="Previous agents">
            ‹ Previous
          </button>
          <span role="status" data-testid="agents-page">
            {first + 1}–{first + shownAgents.length} of {agents.length} (page {page + 1} of {pages})
          </span>
          <button type="button" disabled={page === pages - 1} onClick={() => setPage(page + 1)} aria-label="Next agents">
            Next ›
          </button>
        </nav>
      )}
      <table class="floor" data-testid="agents-table">
        <caption id="agents-caption">
          Agents logged in: {agents.length}
          {filteredBy ? ` (filtered by ${filteredBy})` : ''}
          {pages > 1 ? `, showing ${first + 1}–${first + shownAgents.length}` : ''}
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
          {shownAgents.map((a) => (
            <AgentRow key={a.agentId} a={a} serverNow={serverNow} monitor={monitor} me={me} />
          ))}
        </tbody>
      </table>
    </div>
  );
}

type RowProps = { a: FloorAgent; serverNow: number; monitor: MonitorControl | undefined; me: string | null };

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
    return next.a !== this.props.a || next.monitor !== this.props.monitor || next.me !== this.props.me || shown(next) !== shown(this.props);
  }
  override render({ a, serverNow, monitor, me }: RowProps) {
    // Pushed on the floor stream to every supervisor who sees the agent (the agent is not told).
    const mark = a.call ? monitorMark(a.call.monitor, me) : null;
    const other = monitoredByOther(a.call?.monitor, me);
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
        <td>
          {a.call ? callLabel(a.call) : <span class="muted">None</span>}
          {mark && (
            <span class={`monitor-mark ${a.call!.monitor!.mode}`} role="note" aria-label={mark} title={mark} data-testid="monitor-mark">
              <span aria-hidden="true">◉ </span>
              {mark}
            </span>
          )}
        </td>
        <td>{a.call ? <Duration ms={serverNow - Date.parse(callStart(a.call))} /> : <span class="muted">—</span>}</td>
        <td>{voiceLabel(a.voice)}</td>
        {monitor && (
          <td>
            {a.call?.presentation === 'live' ? <MonitorButtons monitor={monitor} interactionId={a.call.id} who={a.displayName} takenBy={other} /> : <span class="muted">—</span>}
          </td>
        )}
      </tr>
    );
  }
}
