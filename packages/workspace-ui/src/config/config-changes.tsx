import { useEffect, useState } from 'preact/hooks';
import type { ConfigChangeRow } from '@switchboard/protocol';
import { describeError } from '../state/messages';
import type { Workspace } from '../state/workspace-session';

/** Admins: the audit of configuration changes (who, when, what), newest first; `version` reloads it. */
export function ConfigChanges({ ws, version }: { ws: Workspace; version: string }) {
  const [rows, setRows] = useState<ConfigChangeRow[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    ws.api()
      ?.config()
      .changes(20)
      .then(setRows, (e: unknown) => {
        ws.failed(e);
        setError(describeError(e));
      });
  }, [version]);
  if (error) return <p class="error">{error}</p>;
  if (!rows) return null;
  return (
    <details class="cfg-changes">
      <summary>Recent changes ({rows.length})</summary>
      <div class="table-wrap" role="region" aria-labelledby="cfg-changes-caption" tabIndex={0}>
        <table class="floor" data-testid="config-changes">
          <caption id="cfg-changes-caption">Configuration changes, newest first</caption>
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Who</th>
              <th scope="col">What</th>
            </tr>
          </thead>
          <tbody>
            {rows.length === 0 ? (
              <tr>
                <td colSpan={3} class="empty">
                  No changes through the API yet.
                </td>
              </tr>
            ) : (
              rows.map((r) => (
                <tr key={r.id}>
                  <th scope="row">{new Date(r.at).toLocaleString()}</th>
                  <td>
                    {r.userId} ({r.role})
                  </td>
                  <td>{r.action === 'import' ? 'imported the workspace file' : `${r.action}d ${r.section} ${r.itemId ?? ''}`}</td>
                </tr>
              ))
            )}
          </tbody>
        </table>
      </div>
    </details>
  );
}
