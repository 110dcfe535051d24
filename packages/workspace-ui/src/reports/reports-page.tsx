import { useState } from 'preact/hooks';
import type { IntervalsReport } from '@switchboard/protocol';
import { describeError } from '../state/messages';
import type { Workspace } from '../state/workspace-session';
import { fromLocalInput, toLocalInput } from '../recordings/local-time';
import { IntervalChart } from './interval-chart';

const DAY = 86_400_000;
const pct = (v: number | null) => (v === null ? '—' : `${Math.round(v * 100)}%`);

/** Reports (issue 20.7): the call detail records as CSV, and per-queue or per-agent figures per 15 minutes with a chart. */
export function ReportsPage({ ws }: { ws: Workspace }) {
  const midnight = new Date();
  midnight.setHours(0, 0, 0, 0);
  const [from, setFrom] = useState(toLocalInput(midnight.getTime()));
  const [to, setTo] = useState(toLocalInput(midnight.getTime() + DAY));
  const [by, setBy] = useState<'queue' | 'agent'>('queue');
  const [sl, setSl] = useState('20');
  const [report, setReport] = useState<IntervalsReport | null>(null);
  const [key, setKey] = useState('');
  const [status, setStatus] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  const range = (): { from: string; to: string } | null => {
    const f = fromLocalInput(from);
    const t = fromLocalInput(to);
    if (!f || !t) {
      setError('Give a start and an end time.');
      return null;
    }
    return { from: f, to: t };
  };

  async function run(e: Event): Promise<void> {
    e.preventDefault();
    const r = range();
    if (!r) return;
    setError(null);
    try {
      const rep = await ws.api()?.intervalsReport({ ...r, by, serviceLevelSeconds: Number(sl) || 20 });
      if (rep) {
        setReport(rep);
        setKey('');
      }
    } catch (err) {
      ws.failed(err);
      setError(describeError(err));
    }
  }

  async function downloadCsv(): Promise<void> {
    const r = range();
    if (!r) return;
    setError(null);
    setStatus('Preparing the CSV…');
    try {
      const csv = await ws.api()?.cdrCsv(r.from, r.to);
      if (csv === undefined) return;
      const url = URL.createObjectURL(new Blob([csv], { type: 'text/csv' }));
      const a = document.createElement('a');
      a.href = url;
      a.download = `calls-${r.from.slice(0, 10)}-to-${r.to.slice(0, 10)}.csv`;
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
      setStatus(`CSV downloaded: ${Math.max(0, csv.trim().split('\n').length - 1)} calls.`);
    } catch (err) {
      ws.failed(err);
      setStatus(null);
      setError(describeError(err));
    }
  }

  const keys = report ? [...new Map(report.rows.map((r) => [r.key, r.name])).entries()] : [];
  const rows = report ? report.rows.filter((r) => !key || r.key === key) : [];
  const what = report?.by === 'agent' ? 'Agent' : 'Queue';
  return (
    <div class="page">
      <header class="top">
        <h1>Reports</h1>
        <button type="button" onClick={() => void ws.logOut()}>
          Log out
        </button>
      </header>
      <main>
        <form class="search" onSubmit={(e) => void run(e)} aria-label="Report range">
          <label>
            From <input type="datetime-local" value={from} onInput={(e) => setFrom(e.currentTarget.value)} required />
          </label>
          <label>
            To <input type="datetime-local" value={to} onInput={(e) => setTo(e.currentTarget.value)} required />
          </label>
          <label>
            Per{' '}
            <select value={by} onChange={(e) => setBy(e.currentTarget.value as 'queue' | 'agent')}>
              <option value="queue">Queue</option>
              <option value="agent">Agent</option>
            </select>
          </label>
          <label>
            Service level within (s) <input type="number" min={1} max={3600} value={sl} onInput={(e) => setSl(e.currentTarget.value)} />
          </label>
          <button type="submit" class="primary">
            Show intervals
          </button>
          <button type="button" onClick={() => void downloadCsv()}>
            Download call records (CSV)
          </button>
        </form>
        <p role="status" data-testid="reports-status">
          {status}
        </p>
        {error && (
          <p class="error" role="alert">
            {error}
          </p>
        )}
        {report && (
          <section aria-labelledby="intervals-heading">
            <h2 id="intervals-heading">
              Per {report.by}, every {report.intervalMinutes} minutes
            </h2>
            {keys.length > 1 && (
              <label class="filter">
                {what}{' '}
                <select value={key} onChange={(e) => setKey(e.currentTarget.value)}>
                  <option value="">All</option>
                  {keys.map(([k, n]) => (
                    <option key={k} value={k}>
                      {n}
                    </option>
                  ))}
                </select>
              </label>
            )}
            {rows.length > 0 && <IntervalChart rows={rows} title={`Calls offered, answered and abandoned per ${report.intervalMinutes} minutes`} />}
            <div class="table-wrap" role="region" aria-labelledby="intervals-caption" tabIndex={0}>
              <table class="floor" data-testid="intervals-table">
                <caption id="intervals-caption">
                  Intervals: {rows.length} (service level: answered within {report.serviceLevelSeconds} s)
                </caption>
                <thead>
                  <tr>
                    <th scope="col">Interval</th>
                    <th scope="col">{what}</th>
                    <th scope="col">Offered</th>
                    <th scope="col">Answered</th>
                    <th scope="col">Abandoned</th>
                    <th scope="col">Service level</th>
                    <th scope="col">Avg handle (s)</th>
                    <th scope="col">Occupancy</th>
                  </tr>
                </thead>
                <tbody>
                  {rows.length === 0 ? (
                    <tr>
                      <td colSpan={8} class="empty">
                        No calls or logged-in agents in this range.
                      </td>
                    </tr>
                  ) : (
                    rows.map((r) => (
                      <tr key={`${r.start}|${r.key}`}>
                        <th scope="row">{new Date(r.start).toLocaleString()}</th>
                        <td>{r.name}</td>
                        <td class="num">{r.offered}</td>
                        <td class="num">{r.answered}</td>
                        <td class="num">{r.abandoned}</td>
                        <td class="num">{pct(r.serviceLevel)}</td>
                        <td class="num">{r.ahtSeconds === null ? '—' : Math.round(r.ahtSeconds)}</td>
                        <td class="num">{pct(r.occupancy)}</td>
                      </tr>
                    ))
                  )}
                </tbody>
              </table>
            </div>
          </section>
        )}
      </main>
    </div>
  );
}
