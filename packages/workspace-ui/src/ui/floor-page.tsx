import { useEffect, useMemo } from 'preact/hooks';
import { createMonitorControl } from '../state/call-monitor';
import type { Workspace } from '../state/workspace-session';
import { AgentsTable } from './agents-table';
import { CampaignsTable } from './campaigns-table';
import { Inbox } from './inbox';
import { MonitorBar } from './monitor-controls';
import { monitoredByOther } from '../state/format';
import { QueuesTable } from './queues-table';

/** The live floor: queues, agents and campaigns as they change, filters, and the assistance inbox. */
export function FloorPage({ ws }: { ws: Workspace }) {
  const user = ws.login.value!.user;
  const snap = ws.floor.value;
  const serverNow = ws.now.value + ws.offsetMs.value;
  const team = ws.team.value;
  const campaign = ws.campaign.value;
  const unread = ws.unread.value;
  const monitor = useMemo(
    () =>
      createMonitorControl(
        () => ws.api(),
        (e) => ws.failed(e),
        ws.floor,
      ),
    [ws],
  );
  useEffect(() => () => monitor.dispose(), [monitor]);
  useEffect(() => {
    document.title = unread ? `(${unread}) Floor · Switchboard` : 'Floor · Switchboard';
  }, [unread]);
  const agents = snap ? snap.agents.filter((a) => (!team || a.teamId === team) && (!campaign || a.campaignIds.includes(campaign))) : [];
  const queues = snap ? snap.queues.filter((q) => !campaign || q.campaignId === campaign) : [];
  const campaigns = snap ? snap.campaigns.filter((c) => !campaign || c.campaignId === campaign) : [];
  const filteredBy = [team && 'team', campaign && 'campaign'].filter(Boolean).join(' and ');
  // Calls a request's Listen may reach: live ones on this floor.
  const liveCalls = new Set((snap?.agents ?? []).flatMap((a) => (a.call?.presentation === 'live' ? [a.call.id] : [])));
  // And who else is on one now (the server would refuse a second supervisor with 409).
  const takenCalls = new Map(
    (snap?.agents ?? []).flatMap((a) => (a.call && monitoredByOther(a.call.monitor, user.id) ? [[a.call.id, monitoredByOther(a.call.monitor, user.id)!] as const] : [])),
  );
  return (
    <div class="page">
      <header class="top">
        <h1>Floor</h1>
        <p class="who">
          {user.displayName}{' '}
          <span class="muted">({user.role === 'admin' ? 'admin: every team' : `supervisor${snap?.teams.length ? `: ${snap.teams.map((t) => t.name).join(', ')}` : ''}`})</span>
        </p>
        {snap && snap.teams.length > 1 && (
          <label class="filter">
            Team{' '}
            <select value={team} onChange={(e) => (ws.team.value = e.currentTarget.value)}>
              <option value="">All teams</option>
              {snap.teams.map((t) => (
                <option key={t.id} value={t.id}>
                  {t.name}
                </option>
              ))}
            </select>
          </label>
        )}
        {snap && snap.campaigns.length > 1 && (
          <label class="filter">
            Campaign{' '}
            <select value={campaign} onChange={(e) => (ws.campaign.value = e.currentTarget.value)}>
              <option value="">All campaigns</option>
              {snap.campaigns.map((c) => (
                <option key={c.campaignId} value={c.campaignId}>
                  {c.name}
                </option>
              ))}
            </select>
          </label>
        )}
        <a class="inbox-link" href="#inbox-heading" data-testid="inbox-badge" aria-label={`Assistance requests: ${unread} unread`}>
          Requests{' '}
          <span class={`badge ${unread ? 'on' : ''}`} aria-hidden="true">
            {unread}
          </span>
        </a>
        <p class={`link ${ws.link.value}`} role="status" data-testid="link-status">
          {ws.link.value === 'live' ? 'Live' : 'Connection lost: reconnecting…'}
        </p>
        <button type="button" onClick={() => void ws.logOut()}>
          Log out
        </button>
      </header>
      <p class="sr-only" aria-live="polite" data-testid="announcement">
        {ws.announcement.value}
      </p>
      <main>
        {!snap ? (
          <p role="status">Loading the floor…</p>
        ) : (
          <>
            {snap.scope.teamIds?.length === 0 && (
              <p class="banner" role="status">
                You are not linked to a team in the workspace file (staff <code>team</code>), so no agents are shown.
              </p>
            )}
            <section aria-labelledby="queues-heading">
              <h2 id="queues-heading">Queues</h2>
              <QueuesTable queues={queues} queueAt={ws.queueAt.value} serverNow={serverNow} engine={snap.engine} history={ws.history.value} />
            </section>
            <section aria-labelledby="agents-heading">
              <h2 id="agents-heading">Agents</h2>
              <AgentsTable agents={agents} serverNow={serverNow} filteredBy={filteredBy} monitor={monitor} me={user.id} />
              <MonitorBar monitor={monitor} agentName={(id) => snap.agents.find((a) => a.agentId === id)?.displayName} />
            </section>
            <section aria-labelledby="campaigns-heading">
              <h2 id="campaigns-heading">Campaigns</h2>
              <CampaignsTable campaigns={campaigns} engine={snap.engine} />
            </section>
            <Inbox ws={ws} serverNow={serverNow} monitor={monitor} live={liveCalls} taken={takenCalls} />
          </>
        )}
      </main>
    </div>
  );
}
