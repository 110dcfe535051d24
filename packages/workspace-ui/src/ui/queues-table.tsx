import type { FloorQueue, FloorSample } from '@switchboard/protocol';
import { Duration } from './duration';
import { QueueChart } from './queue-chart';
import { percent } from '../state/format';

/**
 * Calls waiting and the longest wait come from the router; null (engine off) shows "—", not 0.
 * The longest wait grows from when the figures were computed (`queueAt`, server time) to `serverNow`.
 * Service level: the share of calls that left the queue today answered within its target.
 */
export function QueuesTable({
  queues,
  queueAt,
  serverNow,
  engine,
  history,
}: {
  queues: FloorQueue[];
  queueAt: Record<string, number>;
  serverNow: number;
  engine: boolean;
  history: Record<string, FloorSample[]>;
}) {
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
            <th scope="col">Service level</th>
            <th scope="col">Abandoned today</th>
            <th scope="col">Agents available</th>
            <th scope="col">Last hour</th>
          </tr>
        </thead>
        <tbody>
          {queues.length === 0 && (
            <tr>
              <td colSpan={8} class="empty">
                No queues here.
              </td>
            </tr>
          )}
          {queues.map((q) => (
            <tr key={q.queueId} data-testid={`queue-row-${q.queueId}`}>
              <th scope="row">{q.name}</th>
              <td>{q.campaignName ?? q.campaignId}</td>
              <td class="num" data-testid="queue-waiting">
                {q.waiting ?? '—'}
              </td>
              <td>
                {q.longestWaitMs === null ? (
                  '—'
                ) : q.waiting ? (
                  <Duration ms={q.longestWaitMs + Math.max(0, serverNow - (queueAt[q.queueId] ?? serverNow))} />
                ) : (
                  <span class="num">0:00</span>
                )}
              </td>
              <td class="num" data-testid="queue-service-level">
                {q.today ? (
                  <span title={`Answered within ${q.targetSeconds} s: ${q.today.answeredWithinTarget} of ${q.today.answered + q.today.abandoned + q.today.overflowed}`}>
                    {q.today.serviceLevel === null ? '—' : percent(q.today.serviceLevel)} <small class="muted">in {q.targetSeconds} s</small>
                  </span>
                ) : (
                  '—'
                )}
              </td>
              <td class="num" data-testid="queue-abandoned">
                {q.today ? q.today.abandoned : '—'}
              </td>
              <td class="num" data-testid="queue-available">
                {q.agentsAvailable}
              </td>
              <td>
                <QueueChart name={`${q.name} chart`} points={history[q.queueId] ?? []} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <p class="legend muted">
        <span class="swatch waiting" aria-hidden="true" /> calls waiting <span class="swatch available" aria-hidden="true" /> agents available (a point every 10 s)
      </p>
    </div>
  );
}
