import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { removeDir } from '../helpers';
import { PreparedServer, bundleChild, engineEnv, pgExec, pgSchemaName, query, storeEnv, type StoreTarget } from './server-process';

/**
 * Kill -9 right after a 200, many times. Each round: a real server process with the engine
 * and its sandbox carrier; alice connects by call-me to a sandbox number that answers (+61491570101),
 * dials another (0491 570 101 → 1000) and then sends the note (during the call) or the wrap
 * with an outcome that is not the campaign's default (after hanging up). The moment the 200
 * arrives the process gets SIGKILL; the call record must already hold what was acknowledged.
 *
 * Rounds run in `lanes` (each its own ports, base + 100 × lane, and its own store), and the
 * next process of a lane loads its modules while the current round runs: on a loaded machine
 * the rounds would not fit the test timeout one after another.
 */

export type Kind = 'note' | 'wrap';

export const ROUNDS = Number(process.env.KILL_ROUNDS ?? 20);
const LANES = 4;

async function round(prepared: PreparedServer, target: StoreTarget, base: number, kind: Kind, n: number): Promise<string | null> {
  const server = await prepared.start({ ...engineEnv(base), ...storeEnv(target) });
  try {
    const token = await server.login('alice');
    let r = await server.command(token, { type: 'connect-voice', method: 'call-me', number: '+61491570101', persistent: true, saveAsDefault: false });
    assert.equal(r.status, 200, JSON.stringify(r.json));
    await server.until(token, 'voice connected', (s) => s.voice.status === 'connected');
    r = await server.command(token, { type: 'dial', number: '0491 570 101', campaignId: 'care-inbound' });
    assert.equal(r.status, 200, JSON.stringify(r.json));
    const live = await server.until(token, 'call connected', (s) => s.interaction?.state === 'connected');
    const interactionId = live.interaction.id as string;
    const text = `note ${n} ${Date.now()}`;
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
    return kept ? null : `${kind} #${n} ${interactionId}: ${rows[0] ? `outcome_id=${rows[0].outcome_id} notes=${JSON.stringify(rec?.notes.map((x) => x.text))}` : 'no record'}`;
  } finally {
    await server.kill9();
  }
}

/** Four lanes on SQLite (each its own data folder). */
export function onSqlite(kind: Kind, base: number): Promise<{ rounds: number; seconds: number }> {
  return killRounds({ kind, base, lanes: LANES, targetOf: async (_lane, dir) => ({ kind: 'sqlite', dir: join(dir, 'data') }) });
}

/** Four lanes on PostgreSQL (each its own schema, dropped afterwards). */
export async function onPostgres(kind: Kind, base: number): Promise<{ rounds: number; seconds: number }> {
  const schemas: string[] = [];
  try {
    return await killRounds({
      kind,
      base,
      lanes: LANES,
      targetOf: async (lane) => {
        const schema = pgSchemaName(`${kind}${lane}`);
        schemas.push(schema);
        await pgExec(`create schema "${schema}"`);
        return { kind: 'postgres', schema };
      },
    });
  } finally {
    for (const s of schemas) await pgExec(`drop schema if exists "${s}" cascade`);
  }
}

/** Runs ROUNDS rounds of one kind; `targetOf(lane)` gives each lane its store. */
export async function killRounds(o: {
  kind: Kind;
  base: number;
  lanes: number;
  targetOf: (lane: number, dir: string) => Promise<StoreTarget>;
}): Promise<{ rounds: number; seconds: number }> {
  const bundle = await bundleChild();
  const dir = mkdtempSync(join(tmpdir(), 'sb-kill-'));
  const jobs: Array<{ kind: Kind; n: number }> = [];
  for (let n = 0; n < ROUNDS; n++) jobs.push({ kind: o.kind, n });
  const lost: string[] = [];
  let done = 0;
  const started = Date.now();
  try {
    const lanes = await Promise.allSettled(
      Array.from({ length: o.lanes }, async (_, lane) => {
        const laneDir = join(dir, `lane${lane}`);
        const target = await o.targetOf(lane, laneDir);
        let next = new PreparedServer(laneDir, bundle.script);
        try {
          for (let job = jobs.shift(); job; job = jobs.shift()) {
            const prepared = next;
            next = new PreparedServer(laneDir, bundle.script);
            const r = await round(prepared, target, o.base + 100 * lane, job.kind, job.n);
            if (r) lost.push(r);
            done++;
          }
        } finally {
          next.kill();
        }
      }),
    );
    // Every lane finishes (or fails) before the bundle and folders go.
    for (const l of lanes) if (l.status === 'rejected') throw l.reason;
  } finally {
    bundle.remove();
    removeDir(dir);
  }
  assert.equal(done, ROUNDS);
  assert.deepEqual(lost, [], `acknowledged ${o.kind}s lost after kill -9: ${lost.length} of ${ROUNDS}`);
  return { rounds: done, seconds: (Date.now() - started) / 1000 };
}
