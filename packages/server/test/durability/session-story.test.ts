import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { removeDir } from '../helpers';
import { ServerProcess, bundleChild, query, type StoreTarget } from './server-process';

// No fixed ports: ENGINE=off, HTTP on an ephemeral port.

type Row = { session_id: string; to_state: string; detail: string | null };

async function sessionRows(target: StoreTarget, sessionId: string): Promise<Array<{ to: string; reason: string | null }>> {
  const rows = await query<Row>(target, "select session_id, to_state, detail from audit where kind = 'session' and session_id = ? order by id", [sessionId]);
  return rows.map((r) => ({ to: r.to_state, reason: r.detail ? ((JSON.parse(r.detail) as { reason?: string }).reason ?? null) : null }));
}

test('the audit closes every session: SIGTERM writes "server stopped", and the start after a kill -9 writes "server restarted"', async (t) => {
  const bundle = await bundleChild();
  const dir = mkdtempSync(join(tmpdir(), 'sb-story-'));
  t.after(() => {
    bundle.remove();
    removeDir(dir);
  });
  const target: StoreTarget = { kind: 'sqlite', dir: join(dir, 'data') };
  const env = { ENGINE: 'off', DATA_DIR: target.dir };
  const startSession = async (s: ServerProcess): Promise<string> => {
    const token = await s.login('alice');
    const r = await s.command(token, { type: 'skip-voice' });
    assert.equal(r.status, 200, JSON.stringify(r.json));
    return r.json.state.sessionId as string;
  };

  // kill -9: nothing can be written then; the next start closes the session.
  let s = await ServerProcess.start(env, dir, bundle.script);
  const killed = await startSession(s);
  await s.kill9();
  assert.deepEqual(await sessionRows(target, killed), [{ to: 'started', reason: null }]);
  s = await ServerProcess.start(env, dir, bundle.script);
  assert.deepEqual(await sessionRows(target, killed), [
    { to: 'started', reason: null },
    { to: 'ended', reason: 'server restarted' },
  ]);

  // SIGTERM: the server ends its sessions itself before it exits.
  const stopped = await startSession(s);
  await s.stop('SIGTERM');
  assert.equal(s.exitCode, 0, s.log.slice(-2000));
  assert.deepEqual(await sessionRows(target, stopped), [
    { to: 'started', reason: null },
    { to: 'ended', reason: 'server stopped' },
  ]);
  // ...so the next start finds nothing to close (and writes no second row).
  s = await ServerProcess.start(env, dir, bundle.script);
  await s.kill9();
  assert.equal((await sessionRows(target, stopped)).length, 2);
  assert.equal((await sessionRows(target, killed)).length, 2);
});
