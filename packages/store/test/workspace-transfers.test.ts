import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadWorkspaceFile, parseWorkspace, WorkspaceError } from '../src/index';
import { DEFAULT_MUSIC_ON_HOLD } from '../src/workspace/transfer-config';
import { DEMO_WORKSPACE, fastHash } from './helpers/fixtures';
import { workspaceDir } from './helpers/workspace-dir';

/** Issue 18: the transfer settings of the workspace file. */
const { dir, write } = workspaceDir('sb-xfer-', ['sounds/hold.wav']);

const WS = `name: Test Centre
region: AU
callInNumber: "+61290000000"
pauseReasons:
  - id: break
    name: Break
  - id: admin
    name: Admin
    takesTransfers: true
campaigns:
  - id: care
    name: Care
    direction: inbound
    transferNumbers:
      - label: Billing
        number: "(02) 9374 4000"
      - label: Mobile desk
        number: "+61 412 345 678"
      - label: London office
        number: "+44 20 7946 0958"
  - id: sales
    name: Sales
    direction: inbound
queues:
  - id: care-queue
    name: Care queue
    campaign: care
workflows:
  - id: care-line
    name: Care line
    start: q
    objects:
      - id: q
        type: queue
        queue: care-queue
  - id: survey
    name: Survey
    transferTarget: true
    start: bye
    objects:
      - id: bye
        type: hangup
`;

async function problems(text: string): Promise<WorkspaceError> {
  try {
    await loadWorkspaceFile(write(text), { hash: fastHash });
  } catch (err) {
    assert.ok(err instanceof WorkspaceError, `expected a WorkspaceError, got ${String(err)}`);
    return err;
  }
  assert.fail('expected the workspace to be rejected');
}

test('pause reasons take transfers only when marked; workflows are transfer targets only when marked; numbers become E.164', async () => {
  const ws = await loadWorkspaceFile(write(WS), { hash: fastHash });
  assert.deepEqual(ws.pauseReasons, [
    { id: 'break', name: 'Break', takesTransfers: false },
    { id: 'admin', name: 'Admin', takesTransfers: true },
  ]);
  assert.deepEqual(
    ws.workflows!.map((w) => [w.id, w.transferTarget]),
    [
      ['care-line', false],
      ['survey', true],
    ],
  );
  // National numbers are read in the workspace's region, as manual dial reads them.
  assert.deepEqual(ws.campaigns[0]!.transferNumbers, [
    { label: 'Billing', number: '+61293744000' },
    { label: 'Mobile desk', number: '+61412345678' },
    { label: 'London office', number: '+442079460958' },
  ]);
  assert.deepEqual(ws.campaigns[1]!.transferNumbers, []);
});

test('bad transfer numbers, duplicate labels and numbers, and unknown keys are each reported where they are', async () => {
  const bad = WS.replace('"(02) 9374 4000"', '"12"')
    .replace('"+61 412 345 678"', '"call me"')
    .replace('label: London office', 'label: billing')
    .replace('"+44 20 7946 0958"', '"0293744000"');
  let err = await problems(bad);
  assert.match(err.message, /campaigns\[0\]\.transferNumbers\[0\]\.number.*"12" is not a valid phone number: The number is too short/);
  assert.match(err.message, /campaigns\[0\]\.transferNumbers\[1\]\.number.*"call me" is not a valid phone number/);
  assert.match(err.message, /campaigns\[0\]\.transferNumbers\[2\]\.label.*duplicate transfer number label "billing"/);
  assert.equal(err.problems.length, 3, err.message);
  // The same number twice (written two ways).
  err = await problems(WS.replace('"+44 20 7946 0958"', '"+61 2 9374 4000"'));
  assert.match(err.message, /campaigns\[0\]\.transferNumbers\[2\]\.number.*duplicate transfer number \+61293744000 \(also at index 0\)/);
  // The old key `name` is refused with its place (the label is `label` now), as is a non-boolean flag.
  err = await problems(
    WS.replace('label: Billing', 'name: Billing').replace('takesTransfers: true', 'takesTransfers: sometimes').replace('transferTarget: true', 'transferTarget: 1'),
  );
  assert.match(err.message, /campaigns\[0\]\.transferNumbers\[0\]\.name.*unknown key "name"/);
  assert.match(err.message, /campaigns\[0\]\.transferNumbers\[0\]\.label.*is required/);
  assert.match(err.message, /pauseReasons\[1\]\.takesTransfers/);
  assert.match(err.message, /workflows\[1\]\.transferTarget/);
});

test('music on hold: a WAV beside the file (resolved to its full path), else the shipped default; a missing or outside file is refused', async () => {
  const own = await loadWorkspaceFile(write(`${WS}musicOnHold: sounds/hold.wav\n`), { hash: fastHash });
  assert.equal(own.musicOnHoldFile, join(dir, 'sounds', 'hold.wav'));
  const dflt = await loadWorkspaceFile(write(WS), { hash: fastHash });
  assert.equal(dflt.musicOnHoldFile, DEFAULT_MUSIC_ON_HOLD);
  assert.equal(DEFAULT_MUSIC_ON_HOLD, join(DEMO_WORKSPACE, '..', 'prompts', 'music-on-hold.wav'));
  // Parsed without a folder (no file checks): kept as written.
  assert.equal((await parseWorkspace(`${WS}musicOnHold: sounds/hold.wav\n`, 'inline', { hash: fastHash })).musicOnHoldFile, 'sounds/hold.wav');

  let err = await problems(`${WS}musicOnHold: sounds/none.wav\n`);
  assert.match(err.message, /musicOnHold.*file not found/);
  err = await problems(`${WS}musicOnHold: ../hold.wav\n`);
  assert.match(err.message, /musicOnHold.*relative path inside the workspace folder/);
  err = await problems(`${WS}musicOnHold: sounds/hold.mp3\n`);
  assert.match(err.message, /musicOnHold.*\.wav/);
});

test('the shipped music on hold is a ten-second loop the media player takes: 16-bit PCM, 8 kHz, mono, starting and ending in silence', () => {
  assert.ok(existsSync(DEFAULT_MUSIC_ON_HOLD), DEFAULT_MUSIC_ON_HOLD);
  const wav = readFileSync(DEFAULT_MUSIC_ON_HOLD);
  assert.deepEqual([wav.toString('ascii', 0, 4), wav.toString('ascii', 8, 12), wav.toString('ascii', 36, 40)], ['RIFF', 'WAVE', 'data']);
  assert.deepEqual([wav.readUInt16LE(20), wav.readUInt16LE(22), wav.readUInt32LE(24), wav.readUInt16LE(34)], [1, 1, 8000, 16]);
  const samples = wav.readUInt32LE(40) / 2;
  assert.equal(samples, 80_000, '10 s');
  const at = (i: number) => wav.readInt16LE(44 + 2 * i);
  let peak = 0;
  let edge = 0;
  for (let i = 0; i < samples; i++) {
    const v = Math.abs(at(i));
    peak = Math.max(peak, v);
    if (i < 40 || i >= samples - 40) edge = Math.max(edge, v);
  }
  // Audible but soft (peaks near -9 dBFS), and the loop joins without a click.
  assert.ok(peak > 8000 && peak < 16_384, `peak ${peak}`);
  assert.ok(edge < 100, `edges ${edge}`);
});
