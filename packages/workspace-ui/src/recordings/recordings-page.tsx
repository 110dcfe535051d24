import { useEffect, useState } from 'preact/hooks';
import type { AgentStatusRow, RecordingDetail, RecordingSummary } from '@switchboard/protocol';
import type { RecordingSearchInput } from '@switchboard/sdk';
import { Duration } from '../ui/duration';
import { describeError } from '../state/messages';
import type { Workspace } from '../state/workspace-session';
import { fromLocalInput, toLocalInput } from './local-time';
import { RecordingPlayer } from './recording-player';

const DAY = 86_400_000;

interface Form {
  from: string;
  to: string;
  agentId: string;
  campaignId: string;
  number: string;
  outcomeId: string;
  minSeconds: string;
  maxSeconds: string;
}

/** Recordings (issue 20.5): a search form, the calls found, and a player for the one opened. */
export function RecordingsPage({ ws }: { ws: Workspace }) {
  const [form, setForm] = useState<Form>(() => ({
    from: toLocalInput(Date.now() - 7 * DAY),
    to: toLocalInput(Date.now() + 60_000),
    agentId: '',
    campaignId: '',
    number: '',
    outcomeId: '',
    minSeconds: '',
    maxSeconds: '',
  }));
  const [agents, setAgents] = useState<AgentStatusRow[]>([]);
  const [results, setResults] = useState<{ list: RecordingSummary[]; truncated: boolean } | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [open, setOpen] = useState<RecordingDetail | null>(null);
  const set = (k: keyof Form) => (e: { currentTarget: { value: string } }) => setForm({ ...form, [k]: e.currentTarget.value });

  useEffect(() => {
    ws.api()
      ?.listAgents()
      .then(setAgents, () => setAgents([]));
    void search();
  }, []);

  async function search(e?: Event): Promise<void> {
    e?.preventDefault();
    const from = fromLocalInput(form.from);
    const to = fromLocalInput(form.to);
    if (!from || !to) return setError('Give a start and an end time.');
    const q: RecordingSearchInput = {
      from,
      to,
      agentId: form.agentId,
      campaignId: form.campaignId.trim(),
      number: form.number.replace(/[\s()-]/g, ''),
      outcomeId: form.outcomeId.trim(),
    };
    if (form.minSeconds) q.minDurationSeconds = Number(form.minSeconds);
    if (form.maxSeconds) q.maxDurationSeconds = Number(form.maxSeconds);
    setBusy(true);
    setError(null);
    try {
      const r = await ws.api()?.searchRecordings(q);
      if (r) setResults({ list: r.recordings, truncated: r.truncated });
    } catch (err) {
      ws.failed(err);
      setError(describeError(err));
    } finally {
      setBusy(false);
    }
  }

  async function play(r: RecordingSummary): Promise<void> {
    setError(null);
    try {
      const d = await ws.api()?.recording(r.interactionId);
      if (d) setOpen(d);
    } catch (err) {
      ws.failed(err);
      setError(describeError(err));
    }
  }

  return (
    <div class="page">
      <header class="top">
        <h1>Recordings</h1>
        <button type="button" onClick={() => void ws.logOut()}>
          Log out
        </button>
      </header>
      <main>
        <form class="search" onSubmit={(e) => void search(e)} aria-label="Search recordings">
          <label>
            From <input type="datetime-local" value={form.from} onInput={set('from')} required />
          </label>
          <label>
            To <input type="datetime-local" value={form.to} onInput={set('to')} required />
          </label>
          <label>
            Agent{' '}
            <select value={form.agentId} onChange={set('agentId')}>
              <option value="">Any agent</option>
              {agents.map((a) => (
                <option key={a.agentId} value={a.agentId}>
                  {a.displayName}
                </option>
              ))}
            </select>
          </label>
          <label>
            Campaign ID <input value={form.campaignId} onInput={set('campaignId')} placeholder="care-inbound" />
          </label>
          <label>
            Number <input value={form.number} onInput={set('number')} inputMode="tel" placeholder="+6149157" />
          </label>
          <label>
            Outcome ID <input value={form.outcomeId} onInput={set('outcomeId')} placeholder="resolved" />
          </label>
          <label>
            Min seconds <input type="number" min={0} value={form.minSeconds} onInput={set('minSeconds')} />
          </label>
          <label>
            Max seconds <input type="number" min={0} value={form.maxSeconds} onInput={set('maxSeconds')} />
          </label>
          <button type="submit" class="primary" disabled={busy}>
            {busy ? 'Searching…' : 'Search'}
          </button>
        </form>
        {error && (
          <p class="error" role="alert" data-testid="recordings-error">
            {error}
          </p>
        )}
        {open && <RecordingPlayer ws={ws} rec={open} onClose={() => setOpen(null)} />}
        {results && (
          <div class="table-wrap" role="region" aria-labelledby="recordings-caption" tabIndex={0}>
            <table class="floor">
              <caption id="recordings-caption" aria-live="polite">
                Recordings found: {results.list.length}
                {results.truncated ? ' (more: narrow the search)' : ''}
              </caption>
              <thead>
                <tr>
                  <th scope="col">Started</th>
                  <th scope="col">Agent</th>
                  <th scope="col">Campaign</th>
                  <th scope="col">Number</th>
                  <th scope="col">Outcome</th>
                  <th scope="col">Duration</th>
                  <th scope="col">
                    <span class="sr-only">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {results.list.length === 0 ? (
                  <tr>
                    <td colSpan={7} class="empty">
                      No recordings match.
                    </td>
                  </tr>
                ) : (
                  results.list.map((r) => (
                    <tr key={r.interactionId} data-testid={`recording-row-${r.interactionId}`}>
                      <th scope="row">{new Date(r.startedAt).toLocaleString()}</th>
                      <td>{r.agentName ?? r.agentId ?? '—'}</td>
                      <td>{r.campaignName ?? '—'}</td>
                      <td>{r.customerNumber ?? '—'}</td>
                      <td>{r.outcomeName ?? r.outcomeId ?? '—'}</td>
                      <td>{r.durationMs === null ? '—' : <Duration ms={r.durationMs} />}</td>
                      <td>
                        <button
                          type="button"
                          onClick={() => void play(r)}
                          aria-label={`Play the recording of ${r.customerNumber ?? 'the call'} at ${new Date(r.startedAt).toLocaleString()}`}
                        >
                          Play
                        </button>
                      </td>
                    </tr>
                  ))
                )}
              </tbody>
            </table>
          </div>
        )}
      </main>
    </div>
  );
}
