import type { AssistRequest } from '@switchboard/protocol';
import type { Workspace } from '../state/workspace-session';
import { formatDuration } from '../state/format';
import type { MonitorControl } from '../state/call-monitor';

const PRIORITY: Record<AssistRequest['priority'], string> = { high: 'High', medium: 'Medium', low: 'Low' };

/** Assistance requests sent to this user (manual 17), by priority then newest; unread ones first in weight. */
export function Inbox({
  ws,
  serverNow,
  monitor,
  live,
  taken,
}: {
  ws: Workspace;
  serverNow: number;
  monitor?: MonitorControl;
  live?: ReadonlySet<string>;
  /** Calls another supervisor monitors now, with their name: Listen waits until they stop. */
  taken?: ReadonlyMap<string, string>;
}) {
  const list = ws.assists.value;
  return (
    <section aria-labelledby="inbox-heading" class="inbox" data-testid="inbox">
      <h2 id="inbox-heading">
        Assistance requests{' '}
        <span class="muted">
          ({ws.unread.value} unread of {list.length})
        </span>
      </h2>
      {list.length === 0 ? (
        <p class="muted">No requests. Agents of your team can ask for help from a call.</p>
      ) : (
        <ul class="requests">
          {list.map((r) => (
            <li
              key={r.id}
              class={`request ${r.priority} ${r.viewedAt ? 'viewed' : 'unread'}`}
              data-testid={`assist-${r.id}`}
              aria-label={`${PRIORITY[r.priority]} priority from ${r.agentName}${r.viewedAt ? ', viewed' : ', unread'}`}
            >
              <p class="request-head">
                <span class={`priority ${r.priority}`}>{PRIORITY[r.priority]}</span> <strong>{r.agentName}</strong>
                <span class="muted">
                  {' '}
                  · {formatDuration(serverNow - Date.parse(r.createdAt))} ago{r.customerNumber ? ` · on a call with ${r.customerNumber}` : ''}
                </span>
              </p>
              <p class="request-message" data-testid="assist-message">
                {r.message}
              </p>
              <p class="request-actions">
                {r.viewedAt ? (
                  <span class="muted" data-testid="assist-viewed">
                    Viewed
                  </span>
                ) : (
                  <button type="button" onClick={() => void ws.markViewed(r.id)}>
                    Mark as viewed
                  </button>
                )}{' '}
                {monitor && r.interactionId && (
                  <button
                    type="button"
                    disabled={monitor.busy.value || !live?.has(r.interactionId) || taken?.has(r.interactionId)}
                    title={
                      !live?.has(r.interactionId)
                        ? 'The call is over'
                        : taken?.has(r.interactionId)
                          ? `${taken.get(r.interactionId)} is on this call`
                          : 'You hear both sides; nobody hears you'
                    }
                    onClick={() => void monitor.start(r.interactionId!, 'listen')}
                  >
                    Listen to this call
                  </button>
                )}
              </p>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
