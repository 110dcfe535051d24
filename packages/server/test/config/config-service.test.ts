import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { test } from 'node:test';
import { FakeClock, silentLogger } from '@switchboard/shared';
import { WorkspaceError, parseWorkspace, type ConfigChangeInput, type ConfigChangesRepo } from '@switchboard/store';
import { ConfigService, versionOf } from '../../src/config/config-service';
import { demoWorkspaceCopy, removeDir } from '../helpers';

/** The configuration service without the HTTP layer: a holder refusing a change, edits racing, If-Match forms. */

const cheap = async (s: string) => `scrypt$1$1$1$${Buffer.from(s).toString('base64url')}$x`;

function service(file: string, apply: () => Promise<Record<string, number>>) {
  const rows: ConfigChangeInput[] = [];
  const svc = new ConfigService({
    file,
    validate: (text) => parseWorkspace(text, file, { baseDir: dirname(file), hash: cheap }),
    apply,
    changes: { append: async (r: ConfigChangeInput) => void rows.push(r), list: async () => [] } as unknown as ConfigChangesRepo,
    clock: new FakeClock(1_700_000_000_000),
    log: silentLogger,
    hash: cheap,
  });
  return { svc, rows };
}
const admin = { userId: 'admin', role: 'admin' as const };

test('a change a holder refuses while applying it puts the old bytes back and is audited nowhere', async () => {
  const w = demoWorkspaceCopy();
  try {
    const { svc, rows } = service(w.file, async () => {
      throw new WorkspaceError(w.file, [{ path: 'trunks', line: null, column: null, message: 'trunk carrier has calls up' }]);
    });
    await assert.rejects(svc.put(admin, 'pauseReasons', 'lunch', { name: 'Long lunch' }, undefined), (e: Error & { code?: string; details?: { problems: unknown[] } }) => {
      assert.equal(e.code, 'WORKSPACE_INVALID');
      assert.match(e.message, /^Nothing was changed: trunks: trunk carrier has calls up/);
      return true;
    });
    assert.equal(readFileSync(w.file, 'utf8'), w.demo);
    assert.equal(rows.length, 0);
  } finally {
    removeDir(w.dir);
  }
});

test('edits sent at once run one after the other, and both land', async () => {
  const w = demoWorkspaceCopy();
  try {
    let applying = 0;
    let overlap = false;
    const { svc, rows } = service(w.file, async () => {
      overlap ||= ++applying > 1;
      await new Promise((r) => setTimeout(r, 20));
      applying--;
      return {};
    });
    const { version } = await svc.view(admin);
    const results = await Promise.allSettled([
      svc.put(admin, 'pauseReasons', 'lunch', { name: 'Long lunch' }, undefined),
      svc.put(admin, 'pauseReasons', 'break', { name: 'Short break' }, undefined),
      // Read before both: stale by the time it runs.
      svc.put(admin, 'pauseReasons', 'meeting', { name: 'Stand-up' }, version),
    ]);
    assert.equal(overlap, false);
    assert.deepEqual(
      results.map((r) => r.status),
      ['fulfilled', 'fulfilled', 'rejected'],
    );
    assert.equal(((results[2] as PromiseRejectedResult).reason as { code: string }).code, 'CONFIG_VERSION_MISMATCH');
    const text = readFileSync(w.file, 'utf8');
    assert.match(text, /name: Long lunch/);
    assert.match(text, /name: Short break/);
    assert.doesNotMatch(text, /Stand-up/);
    assert.deepEqual(
      rows.map((r) => [r.itemId, r.at]),
      [
        ['lunch', 1_700_000_000_000],
        ['break', 1_700_000_000_000],
      ],
    );
  } finally {
    removeDir(w.dir);
  }
});

test('If-Match: quoted, weak or bare; * or nothing checks nothing', () => {
  assert.equal(versionOf('"abc"'), 'abc');
  assert.equal(versionOf('W/"abc"'), 'abc');
  assert.equal(versionOf('abc'), 'abc');
  assert.equal(versionOf('*'), undefined);
  assert.equal(versionOf(undefined), undefined);
});

test('a file edited by hand into an invalid state refuses every edit until it is fixed', async () => {
  const w = demoWorkspaceCopy();
  try {
    const broken = w.demo.replace('region: AU', 'region: Oz');
    writeFileSync(w.file, broken);
    const { svc } = service(w.file, async () => ({}));
    await assert.rejects(svc.put(admin, 'pauseReasons', 'lunch', { name: 'Long lunch' }, undefined), /region/);
    assert.equal(readFileSync(w.file, 'utf8'), broken);
  } finally {
    removeDir(w.dir);
  }
});

test('a file that cannot be written is refused with a reason, and no temp file is left', async () => {
  const w = demoWorkspaceCopy();
  try {
    mkdirSync(`${w.file}.bak`); // the backup cannot be made: as a read-only folder would refuse it
    let applied = false;
    const { svc, rows } = service(w.file, async () => {
      applied = true;
      return {};
    });
    await assert.rejects(svc.put(admin, 'pauseReasons', 'lunch', { name: 'Long lunch' }, undefined), (e: Error & { code?: string }) => {
      assert.equal(e.code, 'ACTION_NOT_ALLOWED');
      assert.match(e.message, /cannot be written here \(E[A-Z]+\); nothing was changed/);
      return true;
    });
    assert.equal(readFileSync(w.file, 'utf8'), w.demo);
    assert.equal(applied, false);
    assert.equal(rows.length, 0);
    assert.deepEqual(
      readdirSync(w.dir).filter((f) => f.endsWith('.tmp')),
      [],
    );
  } finally {
    removeDir(w.dir);
  }
});

test("an edit keeps the file's mode (a file of secrets kept 0600 stays 0600)", async () => {
  const w = demoWorkspaceCopy();
  try {
    chmodSync(w.file, 0o600);
    const { svc } = service(w.file, async () => ({}));
    await svc.put(admin, 'pauseReasons', 'lunch', { name: 'Long lunch' }, undefined);
    assert.match(readFileSync(w.file, 'utf8'), /Long lunch/);
    assert.equal(statSync(w.file).mode & 0o777, 0o600);
  } finally {
    removeDir(w.dir);
  }
});
