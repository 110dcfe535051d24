import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { removeDir } from '../helpers';
import { ServerProcess, bundleChild, engineEnv, query, storeEnv, type StoreTarget } from './server-process';

// Ports 44800-44899: engine SIP 44800, sandbox 44810, RTP 44820-44899.

test('SIGTERM with a live call: the call ends cleanly, its record is final and the session closed in the audit; no error logged', async (t) => {
  const bundle = await bundleChild();
  const dir = mkdtempSync(join(tmpdir(), 'sb-stop-'));
  t.after(() => {
    bundle.remove();
    removeDir(dir);
  });
  const target: StoreTarget = { kind: 'sqlite', dir: join(dir, 'data') };
  const s = await ServerProcess.start({ ...engineEnv(44800), ...storeEnv(target) }, dir, bundle.script);
  try {
    const token = await s.login('alice');
    let r = await s.command(token, { type: 'connect-voice', method: 'call-me', number: '+61491570101', persistent: true, saveAsDefault: false });
    assert.equal(r.status, 200, JSON.stringify(r.json));
    await s.until(token, 'voice connected', (x) => x.voice.status === 'connected');
    r = await s.command(token, { type: 'dial', number: '0491 570 101', campaignId: 'care-inbound' });
    assert.equal(r.status, 200, JSON.stringify(r.json));
    const live = await s.until(token, 'call connected', (x) => x.interaction?.state === 'connected');
    const sessionId = live.sessionId as string;
    await s.stop('SIGTERM');
    assert.equal(s.exitCode, 0, s.log.slice(-3000));
    const errors = s.log.split('\n').filter((l) => /"level":(50|60)/.test(l) || /IllegalTransition|cannot go from/.test(l));
    assert.deepEqual(errors, [], 'nothing logged as an error while stopping');
    const rec = await query<{ final: number; state: string; outcome_id: string | null; end_cause: string | null }>(
      target,
      'select final, state, outcome_id, end_cause from call_records where interaction_id = ?',
      [live.interaction.id],
    );
    assert.equal(rec.length, 1);
    assert.equal(Number(rec[0]!.final), 1, `record final: ${JSON.stringify(rec[0])}`);
    assert.equal(rec[0]!.outcome_id, 'resolved', 'closed by the system with the campaign default');
    const ended = await query<{ detail: string }>(target, "select detail from audit where kind = 'session' and to_state = 'ended' and session_id = ?", [sessionId]);
    assert.deepEqual(
      ended.map((e) => (JSON.parse(e.detail) as { reason: string }).reason),
      ['server stopped'],
    );
  } finally {
    await s.kill9();
  }
});
