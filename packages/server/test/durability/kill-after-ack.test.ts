import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { removeDir } from '../helpers';
import { ServerProcess, engineEnv, pgExec, pgSchemaName, query, storeEnv, type StoreTarget } from './server-process';

// Ports: engine SIP 43100 (sandbox 43110), RTP 43120-43159, sandbox RTP 43160-43199 (SQLite);
// 43200-43299 the same for PostgreSQL. One server process at a time per store.
//
// Each round: a real server process with the engine and its sandbox carrier; alice connects
// by call-me to a sandbox number that answers, dials another one, and then sends the note
// (during the call) or the wrap with an outcome (after hanging up). The moment the 200
// arrives the process gets SIGKILL; the call record must already hold what was acknowledged.

const ROUNDS = Number(process.env.KILL_ROUNDS ?? 20); // of each kind (note, wrap), per store

type Kind = 'note' | 'wrap';

async function round(target: StoreTarget, base: number, dir: string, kind: Kind, n: number): Promise<{ kept: boolean; detail: string }> {
  const server = await ServerProcess.start({ ...engineEnv(base), ...storeEnv(target) }, dir);
  try {
    const token = await server.login('alice');
    let r = await server.command(token, { type: 'connect-voice', method: 'call-me', number: '1000', persistent: true, saveAsDefault: false });
    assert.equal(r.status, 200, JSON.stringify(r.json));
    await server.until(token, 'voice connected', (s) => s.voice.status === 'connected');
    r = await server.command(token, { type: 'dial', number: '0491 570 101', campaignId: 'care-inbound' });
    assert.equal(r.status, 200, JSON.stringify(r.json));
    const live = await server.until(token, 'call connected', (s) => s.interaction?.state === 'connected');
    const interactionId = live.interaction.id as string;
    const text = `note ${kind} ${n} ${Date.now()}`;
    if (kind === 'wrap') {
      r = await server.command(token, { type: 'hang-up', interactionId });
      assert.equal(r.status, 200, JSON.stringify(r.json));
      await server.until(token, 'wrap', (s) => s.interaction?.state === 'wrap' && s.interaction.wrap !== null);
      r = await server.command(token, { type: 'wrap', interactionId, outcomeId: 'follow-up' });
    } else {
      r = await server.command(token, { type: 'set-notes', interactionId, text });
    }
    // Nothing between the answer and the kill.
    if (r.status === 200) await server.kill9();
    assert.equal(r.status, 200, JSON.stringify(r.json));
    assert.equal(r.json.applied, true);
    const rows = await query<{ outcome_id: string | null; data: string }>(target, 'select outcome_id, data from call_records where interaction_id = ?', [interactionId]);
    const rec = rows[0] ? (JSON.parse(rows[0].data) as { notes: Array<{ text: string }>; outcomeId: string | null }) : null;
    const kept = kind === 'wrap' ? rows[0]?.outcome_id === 'follow-up' && rec?.outcomeId === 'follow-up' : Boolean(rec?.notes.some((x) => x.text === text));
    return { kept, detail: `${kind} #${n} ${interactionId}: ${rows[0] ? `outcome_id=${rows[0].outcome_id} notes=${JSON.stringify(rec?.notes.map((x) => x.text))}` : 'no record'}` };
  } finally {
    await server.kill9();
  }
}

async function run(target: StoreTarget, base: number, dir: string): Promise<void> {
  const lost: string[] = [];
  for (let n = 0; n < ROUNDS; n++) {
    for (const kind of ['note', 'wrap'] as const) {
      const r = await round(target, base, dir, kind, n);
      if (!r.kept) lost.push(r.detail);
    }
  }
  assert.deepEqual(lost, [], `acknowledged changes lost after kill -9 (${lost.length} of ${2 * ROUNDS})`);
}

test(`SQLite: a wrap outcome or a note answered 200 survives a kill -9 right after (${ROUNDS} of each)`, { timeout: 900_000 }, async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'sb-kill-'));
  t.after(() => removeDir(dir));
  await run({ kind: 'sqlite', dir: join(dir, 'data') }, 43100, dir);
});

test(`PostgreSQL: a wrap outcome or a note answered 200 survives a kill -9 right after (${ROUNDS} of each)`, { timeout: 900_000 }, async (t) => {
  const schema = pgSchemaName('kill');
  await pgExec(`create schema "${schema}"`);
  const dir = mkdtempSync(join(tmpdir(), 'sb-kill-'));
  t.after(async () => {
    removeDir(dir);
    await pgExec(`drop schema if exists "${schema}" cascade`);
  });
  await run({ kind: 'postgres', schema }, 43200, dir);
});
