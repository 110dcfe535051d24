import { test } from 'node:test';
import assert from 'node:assert/strict';
import { WorkspaceError } from '../src/index';
import { workspaceDir } from './helpers/workspace-dir';

/** The workspace file's `recordings` section: defaults, a given policy, and what is refused. */

const BASE = 'name: Test Centre\nregion: AU\ncallInNumber: "+61290000000"\n';
const ws = workspaceDir('sb-ws-rec-');
const load = (extra: string) => ws.load(BASE + extra);

test('recordings: supervisors and admins play and download by default, kept forever', async () => {
  assert.deepEqual((await load('')).recordings, { retentionDays: null, play: ['supervisor', 'admin'], download: ['supervisor', 'admin'] });
});

test('recordings: a given policy is kept as written', async () => {
  const ws = await load('recordings:\n  retentionDays: 90\n  play: [agent, supervisor, admin]\n  download: [admin]\n');
  assert.deepEqual(ws.recordings, { retentionDays: 90, play: ['agent', 'supervisor', 'admin'], download: ['admin'] });
});

test('recordings: an unknown role, a retention under a day, an unknown key are errors naming the path', async () => {
  await assert.rejects(load('recordings:\n  play: [everyone]\n  retentionDays: 0.5\n  keep: forever\n'), (err: unknown) => {
    assert.ok(err instanceof WorkspaceError);
    const paths = err.problems.map((p) => p.path);
    assert.ok(
      paths.some((p) => p.startsWith('recordings.play')),
      JSON.stringify(err.problems),
    );
    assert.ok(paths.includes('recordings.retentionDays'), JSON.stringify(err.problems));
    assert.ok(
      err.problems.some((p) => p.path.startsWith('recordings') && /keep/.test(p.message + p.path)),
      JSON.stringify(err.problems),
    );
    return true;
  });
});
