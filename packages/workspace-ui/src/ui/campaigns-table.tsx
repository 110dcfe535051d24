import type { FloorCampaign } from '@switchboard/protocol';
import { percent } from '../state/format';

const NOT_LIVE = 'not live yet: the outbound dialler does not run in the server';

/** Per campaign what the server knows now; the dialler's own figures are marked as not live yet. */
export function CampaignsTable({ campaigns, engine }: { campaigns: FloorCampaign[]; engine: boolean }) {
  const dialler = (v: number | null, c: FloorCampaign) =>
    c.direction === 'inbound' ? (
      <span class="muted">n/a</span>
    ) : v === null ? (
      <span class="muted" title={NOT_LIVE}>
        not live yet
      </span>
    ) : (
      v
    );
  return (
    <div class="table-wrap" role="region" aria-labelledby="campaigns-caption" tabIndex={0}>
      <table class="floor" data-testid="campaigns-table">
        <caption id="campaigns-caption">Campaigns</caption>
        <thead>
          <tr>
            <th scope="col">Campaign</th>
            <th scope="col">Type</th>
            <th scope="col">Agents logged in</th>
            <th scope="col">Available</th>
            <th scope="col">Calls in progress</th>
            <th scope="col">Waiting</th>
            <th scope="col">Abandon rate today</th>
            <th scope="col">Dial level</th>
            <th scope="col">Lines in use</th>
            <th scope="col">Leads left</th>
          </tr>
        </thead>
        <tbody>
          {campaigns.length === 0 && (
            <tr>
              <td colSpan={10} class="empty">
                No campaigns here.
              </td>
            </tr>
          )}
          {campaigns.map((c) => (
            <tr key={c.campaignId} data-testid={`campaign-row-${c.campaignId}`}>
              <th scope="row">{c.name}</th>
              <td>{c.direction === 'inbound' ? 'Inbound' : `Outbound (${c.dialMode ?? '—'})`}</td>
              <td class="num">{c.agentsLoggedIn}</td>
              <td class="num">{c.agentsAvailable}</td>
              <td class="num">{c.callsInProgress}</td>
              <td class="num">{c.waiting ?? '—'}</td>
              <td class="num">{c.abandonRate === null ? engine ? '—' : <span class="muted">engine off</span> : percent(c.abandonRate)}</td>
              <td class="num">{dialler(c.dialLevel, c)}</td>
              <td class="num">{dialler(c.linesInUse, c)}</td>
              <td class="num">{dialler(c.leadsLeft, c)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
