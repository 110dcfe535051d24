import type { FloorQueue } from '@switchboard/protocol';
import { Duration } from './duration';

/**
 * Calls waiting and the longest wait come from the router; null (engine off) shows "—", not 0.
 * The longest wait grows between polls by the time since the snapshot (`sinceSnapshotMs`).
 */
export function QueuesTable({ queues, sinceSnapshotMs, engine }: { queues: FloorQueue[]; sinceSnapshotMs: number; engine: boolean }) {
  return (
    <div class="table-wrap" role="region" aria-labelledby="queues-caption" tabIndex={0}>
      <table class="floor" data-testid="queues-table">
        <caption id="queues-caption">Queues{engine ? '' : ' (telephony engine off: no calls can queue)'}</caption>
        <thead>
          <tr>
            <th scope="col">Queue</th>
            <th scope="col">Campaign</th>
            <th scope="col">Calls waiting</th>
            <th scope="col">Longest wait</th>
            <th scope="col">Agents available</th>
          </tr>
        </thead>
        <tbody>
          {queues.length === 0 && (
            <tr>
              <td colSpan={5} class="empty">
                No queues for your team.
              </td>
            </tr>
          )}
          {queues.map((q) => (
            <tr key={q.queueId} data-testid={`queue-row-${q.queueId}`}>
              <th scope="row">{q.name}</th>
              <td>{q.campaignName ?? q.campaignId}</td>
              <td class="num">{q.waiting ?? '—'}</td>
              <td>{q.longestWaitMs === null ? '—' : q.waiting ? <Duration ms={q.longestWaitMs + sinceSnapshotMs} /> : <span class="num">0:00</span>}</td>
              <td class="num">{q.agentsAvailable}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
