import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { hashSecret, verifySecret } from '@switchboard/shared';
import { loadWorkspaceFile, WorkspaceError } from '../src/index';
import { fastHash } from './helpers/fixtures';
import { workspaceDir } from './helpers/workspace-dir';

const { dir, write } = workspaceDir('sb-ws-');

/** A small valid workspace; tests append to or replace parts of it. Line numbers below refer to this text. */
const BASE = `name: Test Centre
region: AU
callInNumber: "+61290000000"
teams:
  - id: care
    name: Care
pauseReasons:
  - id: break
    name: Break
campaigns:
  - id: inbound
    name: Inbound
    direction: inbound
    wrapCodes:
      - id: done
        name: Done
    defaultWrapCode: done
  - id: outbound
    name: Outbound
    direction: outbound
    dialMode: preview
agents:
  - username: alice
    displayName: Alice
    password: pw-alice
    agentNumber: 1001
    pin: "1234"
    team: care
    campaigns: [inbound]
staff:
  - username: sam
    displayName: Sam
    role: supervisor
    password: pw-sam
queues:
  - id: q1
    name: Q1
    campaign: inbound
`;

async function problems(text: string): Promise<{ file: string; err: WorkspaceError }> {
  const file = write(text);
  try {
    await loadWorkspaceFile(file, { hash: fastHash });
  } catch (err) {
    assert.ok(err instanceof WorkspaceError, `expected a WorkspaceError, got ${String(err)}`);
    assert.equal(err.code, 'WORKSPACE_INVALID');
    assert.ok(err.message.includes(file), `message names the file: ${err.message}`);
    return { file, err };
  }
  assert.fail('expected the workspace to be rejected');
}

/** The message has a line for `path` (with its line number when given) that contains `problem`. */
function assertProblem(err: WorkspaceError, path: string, problem: string | RegExp, line?: number): void {
  const lines = err.message.split('\n').filter((l) => l.startsWith(`  - ${path} (`) || l.startsWith(`  - ${path}:`));
  const hit = lines.find((l) => (typeof problem === 'string' ? l.includes(problem) : problem.test(l)));
  assert.ok(hit, `no problem matching ${String(problem)} at ${path} in:\n${err.message}`);
  if (line !== undefined) assert.ok(hit.includes(`(line ${line}`), `expected line ${line} in: ${hit}`);
}

test('the base workspace is valid and takes the documented defaults', async () => {
  const ws = await loadWorkspaceFile(write(BASE), { hash: fastHash });
  const alice = ws.agents[0]!;
  assert.equal(alice.id, 'alice');
  assert.equal(alice.agentNumber, '1001');
  assert.equal(alice.passwordHash, 'test-hash:pw-alice');
  assert.equal(alice.pinHash, 'test-hash:1234');
  assert.equal(alice.transfersWhilePaused, false);
  assert.equal(alice.defaultNumber, null);
  assert.equal(alice.region, null);
  const out = ws.campaigns[1]!;
  assert.equal(out.recording, 'off');
  assert.equal(out.bookmarks, false);
  assert.equal(out.autoWrapSeconds, null);
  assert.deepEqual(out.wrapCodes, []);
  assert.equal(ws.campaigns[0]!.dialMode, null);
  assert.equal(ws.staff[0]!.teamId, null);
});

test('a YAML syntax error names the file, line and column', async () => {
  const { err } = await problems('name: X\nteams:\n  - id: [care\n    name: Care\n');
  assert.match(err.message, /line \d+, column \d+: YAML syntax error/);
});

test('a duplicate key is a YAML error with its line', async () => {
  const { err } = await problems('name: A\nregion: AU\nname: B\n');
  assert.match(err.message, /line 3, column 1: YAML syntax error: Map keys must be unique/);
});

test('an empty file or a list at the top is refused', async () => {
  const { err } = await problems('');
  assert.match(err.message, /must be a YAML mapping/);
  const { err: err2 } = await problems('- a\n- b\n');
  assert.match(err2.message, /must be a YAML mapping/);
});

test('a missing file names the file', async () => {
  const file = join(dir, 'nope.yaml');
  await assert.rejects(loadWorkspaceFile(file), (err: WorkspaceError) => err.code === 'WORKSPACE_INVALID' && err.message.includes(file) && err.message.includes('ENOENT'));
});

test('a missing required field is named', async () => {
  const { err } = await problems(BASE.replace('region: AU\n', ''));
  assertProblem(err, 'region', 'is required', 1);
});

test('an unknown key (a typo) is named with its line', async () => {
  const { err } = await problems(BASE.replace('    password: pw-alice\n', '    pasword: pw-alice\n'));
  assertProblem(err, 'agents[0].pasword', 'unknown key "pasword"', 25);
  assert.match(err.message, /column 5\)/, 'points at the key itself');
});

test('a badly formed value is named with its line', async () => {
  const { err } = await problems(
    BASE.replace('agentNumber: 1001', 'agentNumber: 10a1').replace('callInNumber: "+61290000000"', 'callInNumber: "0290000000"').replace('region: AU', 'region: au'),
  );
  assertProblem(err, 'agents[0].agentNumber', 'agentNumber must be 2-12 digits', 26);
  assertProblem(err, 'callInNumber', 'E.164', 3);
  assertProblem(err, 'region', 'two-letter country code', 2);
});

test("an agent's unknown team and campaign are named with their path and line", async () => {
  const { err } = await problems(
    BASE.replace('    team: care\n    campaigns: [inbound]', '    team: nowhere\n    campaigns: [inbound, ghost]').replace(
      '    role: supervisor\n',
      '    role: supervisor\n    team: elsewhere\n',
    ),
  );
  assertProblem(err, 'agents[0].team', 'unknown team "nowhere"', 28);
  assertProblem(err, 'agents[0].campaigns[1]', 'unknown campaign "ghost"', 29);
  assertProblem(err, 'staff[0].team', 'unknown team "elsewhere"', 34);
  assert.match(err.message, /has 3 problems/);
});

test("the default wrap code must be one of the campaign's wrap codes", async () => {
  const { err } = await problems(BASE.replace('defaultWrapCode: done', 'defaultWrapCode: gone'));
  assertProblem(err, 'campaigns[0].defaultWrapCode', `"gone" is not one of this campaign's wrapCodes`, 17);
});

test('ids, usernames and agent numbers must be unique (staff against agents too)', async () => {
  const extraAgent = `  - username: alice
    displayName: Alice Two
    password: x
    agentNumber: "1001"
    pin: "9999"
`;
  const text = BASE.replace('staff:\n', `${extraAgent}staff:\n`)
    .replace('  - username: sam', '  - username: ALICE\n    id: sam')
    .replace('teams:\n', 'teams:\n  - id: care\n    name: Care again\n');
  const { err } = await problems(text);
  assertProblem(err, 'teams[1].id', 'duplicate team id "care"');
  assertProblem(err, 'agents[1].username', 'duplicate user id "alice"');
  assertProblem(err, 'agents[1].username', 'duplicate username "alice"');
  assertProblem(err, 'agents[1].agentNumber', 'duplicate agentNumber "1001"');
  assertProblem(err, 'staff[0].username', 'duplicate username "ALICE"');
});

test('pause reasons may not reuse the system ids', async () => {
  const { err } = await problems(
    BASE.replace('  - id: break\n    name: Break\n', '  - id: break\n    name: Break\n  - id: auto-pause\n    name: Mine\n  - id: not-ready\n    name: Mine too\n'),
  );
  assertProblem(err, 'pauseReasons[1].id', '"auto-pause" is a system pause reason', 10);
  assertProblem(err, 'pauseReasons[2].id', '"not-ready" is a system pause reason', 12);
});

test('secrets: one of plaintext or hash, and a hash must be a scrypt hash', async () => {
  const { err } = await problems(
    BASE.replace('    pin: "1234"\n', '    pin: "1234"\n    pinHash: "scrypt$1$2$3$abc$def"\n').replace('    password: pw-sam\n', '    passwordHash: md5-abc\n'),
  );
  assertProblem(err, 'agents[0].pinHash', 'give pin or pinHash, not both');
  assertProblem(err, 'staff[0].passwordHash', 'is not a scrypt hash');
  const { err: none } = await problems(BASE.replace('    pin: "1234"\n', ''));
  assertProblem(none, 'agents[0]', 'needs pin or pinHash', 23);
});

test('campaign direction and dial mode must agree; extend needs auto-wrap', async () => {
  const { err } = await problems(
    BASE.replace('    dialMode: preview\n', '').replace('    direction: inbound\n', '    direction: inbound\n    dialMode: predictive\n    extendSeconds: 30\n'),
  );
  assertProblem(err, 'campaigns[1]', 'needs dialMode');
  assertProblem(err, 'campaigns[0].dialMode', 'an inbound campaign has no dialMode');
  assertProblem(err, 'campaigns[0].extendSeconds', 'needs autoWrapSeconds');
});

test("a queue's campaign must exist", async () => {
  const { err } = await problems(BASE.replace('    campaign: inbound\n', '    campaign: elsewhere\n'));
  assertProblem(err, 'queues[0].campaign', 'unknown campaign "elsewhere"', 38);
});

test('schema problems are all listed, not just the first', async () => {
  const { err } = await problems(BASE.replace('direction: outbound', 'direction: sideways').replace('role: supervisor', 'role: boss').replace('    name: Q1\n', ''));
  assert.equal(err.problems.length, 3);
  assertProblem(err, 'campaigns[1].direction', /inbound|outbound/);
  assertProblem(err, 'staff[0].role', /supervisor|admin/);
  assertProblem(err, 'queues[0].name', /./);
});

test('a PIN with a leading zero keeps it; plaintext secrets are hashed with scrypt by default', async () => {
  const ws = await loadWorkspaceFile(write(BASE.replace('pin: "1234"', 'pin: 0123')));
  const alice = ws.agents[0]!;
  assert.ok(await verifySecret('0123', alice.pinHash));
  assert.ok(await verifySecret('pw-alice', alice.passwordHash));
  assert.equal(await verifySecret('pw-sam', alice.passwordHash), false);
});

test('pre-hashed secrets are kept as given', async () => {
  const ph = await hashSecret('s3cret');
  const ws = await loadWorkspaceFile(write(BASE.replace('    password: pw-alice\n', `    passwordHash: "${ph}"\n`)), { hash: fastHash });
  assert.equal(ws.agents[0]!.passwordHash, ph);
});

test('announcement files are relative .wav paths inside the workspace folder, and exist', async () => {
  const withAnnouncements = (files: string[]) =>
    BASE.replace(
      '    defaultWrapCode: done\n',
      `    defaultWrapCode: done\n    announcements:\n${files.map((f, i) => `      - id: a${i}\n        name: A${i}\n        file: "${f}"\n`).join('')}`,
    );
  mkdirSync(join(dir, 'prompts'), { recursive: true });
  writeFileSync(join(dir, 'prompts', 'terms.wav'), 'RIFF');
  const ok = await loadWorkspaceFile(write(withAnnouncements(['prompts/terms.wav'])), { hash: fastHash });
  assert.equal(ok.campaigns[0]!.announcements[0]!.file, 'prompts/terms.wav');
  const { err } = await problems(withAnnouncements(['/etc/x.wav', '../secret.wav', 'notes.txt']));
  assertProblem(err, 'campaigns[0].announcements[0].file', 'relative path inside the workspace folder');
  assertProblem(err, 'campaigns[0].announcements[1].file', 'relative path inside the workspace folder');
  assertProblem(err, 'campaigns[0].announcements[2].file', 'must be a .wav file');
  const { err: missing } = await problems(withAnnouncements(['prompts/terms.wav', 'prompts/gone.wav']));
  assert.equal(missing.problems.length, 1);
  assertProblem(missing, 'campaigns[0].announcements[1].file', `file not found: ${join(dir, 'prompts', 'gone.wav')}`);
});

test('the dial plan: absent → the region only, premium rate blocked; given → as written (allowCountries defaults to the region); bad values named', async () => {
  const none = await loadWorkspaceFile(write(BASE), { hash: fastHash });
  assert.deepEqual(none.dialPlan, { allowCountries: ['AU'], blockTypes: ['PREMIUM_RATE'], blockNumbers: [] });
  const given = await loadWorkspaceFile(
    write(`${BASE}dialPlan:\n  allowCountries: [AU, NZ]\n  blockTypes: [PREMIUM_RATE, SHARED_COST]\n  blockNumbers: ["+1900", "+61491570999"]\n`),
    { hash: fastHash },
  );
  assert.deepEqual(given.dialPlan, { allowCountries: ['AU', 'NZ'], blockTypes: ['PREMIUM_RATE', 'SHARED_COST'], blockNumbers: ['+1900', '+61491570999'] });
  const partial = await loadWorkspaceFile(write(`${BASE}dialPlan:\n  blockNumbers: ["+61491570999"]\n`), { hash: fastHash });
  assert.deepEqual(partial.dialPlan, { allowCountries: ['AU'], blockTypes: ['PREMIUM_RATE'], blockNumbers: ['+61491570999'] });
  const all = await loadWorkspaceFile(write(`${BASE}dialPlan:\n  allowCountries: all\n`), { hash: fastHash });
  assert.equal(all.dialPlan?.allowCountries, 'all');
  const { err } = await problems(`${BASE}dialPlan:\n  allowCountries: [au]\n  blockTypes: [PREMIUM]\n  blockNumbers: ["1900"]\n  allow: []\n`);
  assertProblem(err, 'dialPlan.allowCountries[0]', 'two-letter country code');
  assertProblem(err, 'dialPlan.blockTypes[0]', /PREMIUM_RATE/);
  assertProblem(err, 'dialPlan.blockNumbers[0]', 'E.164');
  assertProblem(err, 'dialPlan.allow', 'unknown key');
});
