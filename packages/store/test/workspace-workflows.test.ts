import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { WorkflowRunner, type WorkflowCollectObject } from '@switchboard/core';
import { FakeClock } from '@switchboard/shared';
import { loadWorkspaceFile, WorkspaceError } from '../src/index';
import { fastHash } from './helpers/fixtures';
import { workspaceDir } from './helpers/workspace-dir';

const { dir, write } = workspaceDir(
  'sb-wf-',
  ['welcome', 'account', 'menu', 'thanks'].map((f) => `prompts/${f}.wav`),
);

const HEAD = `name: Test Centre
region: AU
callInNumber: "+61290000000"
campaigns:
  - id: care
    name: Care
    direction: inbound
queues:
  - id: care-queue
    name: Care queue
    campaign: care
`;

/** A valid flow: welcome, account then #, a menu (1 care, 2 callback), queue or callback. Line numbers below refer to HEAD + this. */
const FLOW = `workflows:
  - id: care-line
    name: Care line
    start: welcome
    objects:
      - id: welcome
        type: play
        file: prompts/welcome.wav
        next: account
      - id: account
        type: collect
        label: account
        prompt: prompts/account.wav
        maxDigits: 8
        terminator: "#"
        next: menu
        noInputNext: menu
      - id: menu
        type: collect
        label: menu
        prompt: prompts/menu.wav
        maxDigits: 1
        attempts: 2
        next: route
        noInputNext: to-queue
      - id: route
        type: branch
        label: menu
        cases:
          - digits: 1
            next: to-queue
          - digits: "2"
            next: callback
        default: to-queue
      - id: to-queue
        type: queue
        queue: care-queue
      - id: callback
        type: callback
        queue: care-queue
        next: thanks
      - id: thanks
        type: play
        file: prompts/thanks.wav
        next: bye
      - id: bye
        type: hangup
dnis:
  - number: "+61290000001"
    workflow: care-line
`;

const TRUNK = `trunks:
  - name: carrier
    address: sip.carrier.example:5080
    transport: tcp
    credentials:
      username: acct-1
      passwordEnv: CARRIER_PW
    callerId: "+61290000000"
    outboundRewrite:
      - match: '\\+61(\\d{9})'
        replace: '0$1'
    inboundRewrite:
      - match: '0(\\d{9})'
        replace: '+61$1'
    ringTimeoutSec: 45
    maxCalls: 30
`;

async function problems(text: string, env: NodeJS.ProcessEnv = {}): Promise<WorkspaceError> {
  try {
    await loadWorkspaceFile(write(text), { hash: fastHash, env });
  } catch (err) {
    assert.ok(err instanceof WorkspaceError, `expected a WorkspaceError, got ${String(err)}`);
    assert.equal(err.code, 'WORKSPACE_INVALID');
    return err;
  }
  assert.fail('expected the workspace to be rejected');
}

function assertProblem(err: WorkspaceError, path: string, problem: string | RegExp, line?: number): void {
  const lines = err.message.split('\n').filter((l) => l.startsWith(`  - ${path} (`) || l.startsWith(`  - ${path}:`));
  const hit = lines.find((l) => (typeof problem === 'string' ? l.includes(problem) : problem.test(l)));
  assert.ok(hit, `no problem matching ${String(problem)} at ${path} in:\n${err.message}`);
  if (line !== undefined) assert.ok(hit.includes(`(line ${line}`), `expected line ${line} in: ${hit}`);
}

test('workflows, DNIS and trunks load into what core runs and the engine takes, with their defaults', async () => {
  const ws = await loadWorkspaceFile(write(HEAD + FLOW + TRUNK), { hash: fastHash, env: { CARRIER_PW: 's3cret' } });
  assert.deepEqual(ws.dnis, [{ number: '+61290000001', workflowId: 'care-line' }]);
  const wf = ws.workflows![0]!;
  assert.equal(wf.start, 'welcome');
  const account = wf.objects[1] as WorkflowCollectObject;
  assert.deepEqual(
    [account.minDigits, account.maxDigits, account.terminator, account.timeoutSeconds, account.attempts, account.prompt],
    [1, 8, '#', 5, 1, 'prompts/account.wav'],
    'collect defaults: 1 digit minimum, 5 s, one try',
  );
  assert.deepEqual(wf.objects[3], {
    id: 'route',
    type: 'branch',
    label: 'menu',
    cases: [
      { digits: '1', next: 'to-queue' },
      { digits: '2', next: 'callback' },
    ],
    defaultNext: 'to-queue',
  });
  assert.deepEqual(wf.objects[4], { id: 'to-queue', type: 'queue', queueId: 'care-queue', priority: 0 });
  assert.deepEqual(wf.objects[5], { id: 'callback', type: 'callback', queueId: 'care-queue', numberFrom: 'caller', next: 'thanks' });
  assert.deepEqual(ws.trunks, [
    {
      name: 'carrier',
      address: 'sip.carrier.example:5080',
      transport: 'tcp',
      srtp: false,
      tlsFingerprints: [],
      credentials: { username: 'acct-1', password: 's3cret' },
      callerId: '+61290000000',
      outboundRewrite: [{ match: '\\+61(\\d{9})', replace: '0$1' }],
      inboundRewrite: [{ match: '0(\\d{9})', replace: '+61$1' }],
      ringTimeoutSec: 45,
      maxCalls: 30,
      inbandDtmf: false,
      sourcePorts: null,
      inboundCredentials: null,
    },
  ]);

  // Core's runner takes the loaded workflow as it is: menu 2 stores a callback with the IVR data, thanks, hangs up.
  const runner = new WorkflowRunner({ workflow: wf, clock: new FakeClock(5000), callerNumber: '+61491570110', campaignOfQueue: () => 'care' });
  assert.deepEqual(runner.start(), [{ type: 'play', objectId: 'welcome', file: 'prompts/welcome.wav' }]);
  assert.equal(runner.promptFinished()[0]!.type, 'collect');
  assert.equal(runner.digitsCollected('4321#')[1]!.type, 'collect');
  const acts = runner.digitsCollected('2');
  assert.deepEqual(acts[0], { type: 'ivr-data', label: 'menu', value: '2' });
  assert.deepEqual(acts[1], {
    type: 'store-callback',
    objectId: 'callback',
    request: {
      number: '+61491570110',
      queueId: 'care-queue',
      campaignId: 'care',
      requestedAt: 5000,
      workflowId: 'care-line',
      ivrData: [
        { label: 'account', value: '4321' },
        { label: 'menu', value: '2' },
      ],
    },
  });
  assert.deepEqual(acts[2], { type: 'play', objectId: 'thanks', file: 'prompts/thanks.wav' });
  assert.deepEqual(runner.promptFinished(), [{ type: 'hangup', reason: 'hangup-object' }]);
});

test('a file without workflows has none (the sections are optional)', async () => {
  const ws = await loadWorkspaceFile(write(HEAD), { hash: fastHash });
  assert.deepEqual([ws.workflows, ws.dnis, ws.trunks], [[], [], []]);
});

test('broken references are all listed, each at its path and line: start, next, branch targets, queues, DNIS workflows', async () => {
  const text =
    HEAD +
    FLOW.replace('    start: welcome', '    start: hello')
      .replace('        next: account', '        next: acount')
      .replace('            next: callback', '            next: call-back')
      .replace('        default: to-queue', '        default: nowhere')
      .replace('        queue: care-queue\n        next: thanks', '        queue: sales-queue\n        next: thanks')
      .replace('    workflow: care-line', '    workflow: care-main');
  const err = await problems(text);
  assertProblem(err, 'workflows[0].start', '"hello" is not an object of workflow "care-line"', 15);
  assertProblem(err, 'workflows[0].objects[0].next', '"acount" is not an object', 20);
  assertProblem(err, 'workflows[0].objects[3].cases[1].next', '"call-back" is not an object', 44);
  assertProblem(err, 'workflows[0].objects[3].default', '"nowhere" is not an object', 45);
  assertProblem(err, 'workflows[0].objects[5].queue', 'unknown queue "sales-queue"', 51);
  assertProblem(err, 'dnis[0].workflow', 'unknown workflow "care-main"', 61);
  assert.equal(err.problems.length, 6, err.message);
});

test('duplicates: DNIS numbers, workflow ids, object ids, branch cases, trunk names; the call-in number and "sandbox" are taken', async () => {
  const flow = FLOW.replace('      - id: thanks\n', '      - id: bye\n        type: hangup\n      - id: thanks\n')
    .replace('          - digits: "2"\n            next: callback\n', '          - digits: "2"\n            next: callback\n          - digits: "1"\n            next: callback\n')
    .replace('dnis:\n', '  - id: care-line\n    name: Again\n    start: x\n    objects:\n      - id: x\n        type: hangup\ndnis:\n');
  const more = `  - number: "+61290000001"
    workflow: care-line
  - number: "+61290000000"
    workflow: care-line
trunks:
  - name: sandbox
    address: 127.0.0.1:5070
  - name: carrier
    address: 10.0.0.1
  - name: carrier
    address: 10.0.0.2:70000
`;
  const err = await problems(HEAD + flow + more);
  assertProblem(err, 'workflows[0].objects[8].id', 'duplicate object id "bye" (also at index 6)');
  assertProblem(err, 'workflows[0].objects[3].cases[2].digits', 'case "1" appears twice');
  assertProblem(err, 'workflows[1].id', 'duplicate workflow id "care-line" (also at index 0)');
  assertProblem(err, 'dnis[1].number', 'duplicate DNIS "+61290000001" (also at index 0)');
  assertProblem(err, 'dnis[2].number', 'is the callInNumber');
  assertProblem(err, 'trunks[0].name', '"sandbox" is reserved for the sandbox carrier');
  assertProblem(err, 'trunks[2].name', 'duplicate trunk name "carrier" (also at index 1)');
  assertProblem(err, 'trunks[2].address', 'port 70000 is not 1-65535');
});

test("the graph as core's validator sees it: unreachable objects, loops that never wait, branches on labels nothing collects, digit ranges", async () => {
  const text =
    HEAD +
    `workflows:
  - id: w
    name: W
    start: a
    objects:
      - id: a
        type: play
        file: prompts/welcome.wav
        next: b
      - id: b
        type: branch
        label: colour
        cases:
          - digits: "1"
            next: a
        default: a
      - id: lonely
        type: hangup
  - id: v
    name: V
    start: c
    objects:
      - id: c
        type: collect
        label: x
        minDigits: 4
        maxDigits: 2
        next: q
      - id: q
        type: queue
        queue: care-queue
`;
  const err = await problems(text);
  assertProblem(err, 'workflows[0].objects[1]', 'no collect object gathers "colour"');
  assertProblem(err, 'workflows[0].objects[2]', 'cannot be reached from the start');
  assertProblem(err, 'workflows[0].objects[0]', 'loops without asking the caller for input: a → b → a');
  assert.equal(err.problems.length, 4, err.message);
  assertProblem(err, 'workflows[1].objects[0].minDigits', 'is more than maxDigits (4 > 2)');
});

test('object fields: unknown type, unknown key, bad keys and paths, and missing prompt files', async () => {
  const text =
    HEAD +
    FLOW.replace('        type: hangup\n', '        type: transfer\n')
      .replace('        maxDigits: 1\n', '        maxDigits: 1\n        maxDigit: 2\n')
      .replace('          - digits: "2"', '          - digits: "2a"')
      .replace('        file: prompts/thanks.wav', '        file: ../thanks.wav')
      .replace('        prompt: prompts/menu.wav', '        prompt: prompts/missing-menu.wav');
  const err = await problems(text);
  assertProblem(err, 'workflows[0].objects[7].type', /play, collect, branch, queue, callback, hangup/);
  assertProblem(err, 'workflows[0].objects[2].maxDigit', 'unknown key "maxDigit"');
  assertProblem(err, 'workflows[0].objects[3].cases[1].digits', 'must be keypad keys');
  assertProblem(err, 'workflows[0].objects[6].file', 'relative path inside the workspace folder');
  // Schema problems stop the load before files are looked for; fix them and the missing prompt shows.
  const fixed =
    HEAD +
    FLOW.replace('        prompt: prompts/menu.wav', '        prompt: prompts/missing-menu.wav').replace('        file: prompts/welcome.wav', '        file: prompts/gone.wav');
  const missing = await problems(fixed);
  assertProblem(missing, 'workflows[0].objects[2].prompt', `file not found: ${join(dir, 'prompts', 'missing-menu.wav')}`);
  assertProblem(missing, 'workflows[0].objects[0].file', `file not found: ${join(dir, 'prompts', 'gone.wav')}`);
  assert.equal(missing.problems.length, 2);
});

test('a branch case keeps its leading zero', async () => {
  const ws = await loadWorkspaceFile(write(HEAD + FLOW.replace('          - digits: 1\n', '          - digits: 01\n')), { hash: fastHash });
  const route = ws.workflows![0]!.objects[3]!;
  assert.equal(route.type === 'branch' && route.cases[0]!.digits, '01');
});

test('trunks: address, transport, credentials (one of password or passwordEnv, the variable set), rewrite patterns', async () => {
  const bad = `trunks:
  - name: a
    address: "sip carrier"
    transport: sctp
  - name: b
    address: 10.0.0.1
    credentials:
      username: u
  - name: c
    address: 10.0.0.2
    credentials:
      username: u
      password: p
      passwordEnv: C_PW
    outboundRewrite:
      - match: '(\\d+'
        replace: '$1'
`;
  const err = await problems(HEAD + bad);
  assertProblem(err, 'trunks[0].address', 'must be host or host:port');
  assertProblem(err, 'trunks[0].transport', /udp|tcp|tls/);
  const fixed = bad.replace('    address: "sip carrier"\n    transport: sctp\n', '    address: 10.0.0.9\n');
  const err2 = await problems(HEAD + fixed);
  assertProblem(err2, 'trunks[1].credentials', 'needs password or passwordEnv');
  assertProblem(err2, 'trunks[2].credentials', 'needs password or passwordEnv');
  assertProblem(err2, 'trunks[2].outboundRewrite[0].match', 'is not a valid regular expression');
  assertProblem(err2, 'trunks[2].credentials.passwordEnv', 'environment variable C_PW is not set');
  // With the variable set and the rest fixed, the file loads; the password in the file is taken as written.
  const good = fixed
    .replace('      username: u\n  - name: c', '      username: u\n      password: inline\n  - name: c')
    .replace('      password: p\n', '')
    .replace("'(\\d+'", "'(\\d+)'");
  const ws = await loadWorkspaceFile(write(HEAD + good), { hash: fastHash, env: { C_PW: 'from-env' } });
  assert.deepEqual(
    ws.trunks!.map((t) => [t.name, t.address, t.transport, t.credentials?.password ?? null]),
    [
      ['a', '10.0.0.9', 'udp', null],
      ['b', '10.0.0.1', 'udp', 'inline'],
      ['c', '10.0.0.2', 'udp', 'from-env'],
    ],
  );
});

test('trunks: transport tls, srtp and tlsFingerprints load; srtp or fingerprints over udp or tcp are refused (the SDES keys would travel in clear)', async () => {
  const file = `trunks:
  - name: secure
    address: sip.carrier.example:5061
    transport: tls
    srtp: true
    tlsFingerprints: ['${'ab:'.repeat(31)}ab']
  - name: leaky
    address: 10.0.0.3
    transport: tcp
    srtp: true
    tlsFingerprints: ['${'ab'.repeat(32)}', 'AB:CD']
`;
  const err = await problems(HEAD + file);
  assertProblem(err, 'trunks[1].srtp', 'needs transport: tls');
  assertProblem(err, 'trunks[1].tlsFingerprints[1]', 'must be a SHA-256 fingerprint');
  assertProblem(err, 'trunks[1].tlsFingerprints', 'needs transport: tls');
  assert.equal(err.problems.length, 3, JSON.stringify(err.problems));
  const ws = await loadWorkspaceFile(write(HEAD + file.replace(/    transport: tcp\n[\s\S]*$/, '')), { hash: fastHash });
  assert.deepEqual(
    ws.trunks!.map((t) => [t.name, t.transport, t.srtp, t.tlsFingerprints]),
    [
      ['secure', 'tls', true, [`${'ab:'.repeat(31)}ab`]],
      ['leaky', 'udp', false, []],
    ],
  );
});
