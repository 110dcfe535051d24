import type { Workspace } from '../state/workspace-session';
import { AgentsTable } from './agents-table';
import { QueuesTable } from './queues-table';

/** The live floor: who is logged in and in what state, and how the queues stand. */
export function FloorPage({ ws }: { ws: Workspace }) {
  const user = ws.login.value!.user;
  const snap = ws.floor.value;
  const serverNow = ws.now.value + ws.offsetMs.value;
  const team = ws.team.value;
  const agents = snap ? snap.agents.filter((a) => !team || a.teamId === team) : [];
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
        <p class={`link ${ws.link.value}`} role="status" data-testid="link-status">
          {ws.link.value === 'live' ? 'Live' : 'Connection lost: retrying…'}
        </p>
        <button type="button" onClick={() => void ws.logOut()}>
          Log out
        </button>
      </header>
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
              <QueuesTable queues={snap.queues} engine={snap.engine} sinceSnapshotMs={Math.max(0, serverNow - Date.parse(snap.at))} />
            </section>
            <section aria-labelledby="agents-heading">
              <h2 id="agents-heading">Agents</h2>
              <AgentsTable agents={agents} serverNow={serverNow} filtered={team !== ''} />
            </section>
          </>
        )}
      </main>
    </div>
  );
}
