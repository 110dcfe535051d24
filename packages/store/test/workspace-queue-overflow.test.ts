import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadWorkspaceFile, WorkspaceError } from '../src/index';
import { fastHash } from './helpers/fixtures';
import { workspaceDir } from './helpers/workspace-dir';

/** Issue 14.1: every queue may have a maximum wait and an overflow action in the workspace file. */
const { write } = workspaceDir(
  'sb-qo-',
  ['offer', 'thanks', 'closed'].map((f) => `prompts/${f}.wav`),
);

const HEAD = `name: Test Centre
region: AU
callInNumber: "+61290000000"
campaigns:
  - id: care
    name: Care
    direction: inbound
workflows:
  - id: after-hours
    name: After hours
    start: bye
    objects:
      - id: bye
        type: hangup
`;

const QUEUES = `queues:
  - id: care-queue
    name: Care queue
    campaign: care
    maxWaitSeconds: 120
    reofferAfterSeconds: 15
    overflow:
      type: queue
      queue: spill
  - id: spill
    name: Spill
    campaign: care
    maxWaitSeconds: 300
    overflow:
      type: callback
      prompt: prompts/offer.wav
      confirm: prompts/thanks.wav
  - id: late
    name: Late
    campaign: care
    maxWaitSeconds: 60
    overflow:
      type: workflow
      workflow: after-hours
  - id: closing
    name: Closing
    campaign: care
    maxWaitSeconds: 30
    overflow:
      type: message
      file: prompts/closed.wav
  - id: plain
    name: Plain
    campaign: care
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

test('max wait, overflow actions and the reoffer time load into core terms', async () => {
  const ws = await loadWorkspaceFile(write(HEAD + QUEUES), { hash: fastHash });
  assert.deepEqual(
    ws.queues.map((q) => [q.id, q.maxWaitSeconds, q.overflow, q.reofferAfterSeconds]),
    [
      ['care-queue', 120, { type: 'queue', queueId: 'spill' }, 15],
      ['spill', 300, { type: 'callback', prompt: 'prompts/offer.wav', confirm: 'prompts/thanks.wav' }, 20],
      ['late', 60, { type: 'workflow', workflowId: 'after-hours' }, 20],
      ['closing', 30, { type: 'message', file: 'prompts/closed.wav' }, 20],
      ['plain', null, null, 20],
    ],
  );
});

test('overflow targets must exist, a max wait needs an action and the reverse, and values are checked', async () => {
  const bad = QUEUES.replace('      queue: spill', '      queue: nowhere')
    .replace('      workflow: after-hours', '      workflow: nothing')
    .replace('    maxWaitSeconds: 30\n', '')
    .replace('  - id: plain\n    name: Plain\n    campaign: care\n', '  - id: plain\n    name: Plain\n    campaign: care\n    maxWaitSeconds: 60\n');
  const err = await problems(HEAD + bad);
  const msg = err.message;
  assert.match(msg, /queues\[0\]\.overflow\.queue.*unknown queue "nowhere"/);
  assert.match(msg, /queues\[2\]\.overflow\.workflow.*unknown workflow "nothing"/);
  assert.match(msg, /queues\[3\]\.maxWaitSeconds.*needs maxWaitSeconds/);
  assert.match(msg, /queues\[4\]\.overflow.*maxWaitSeconds needs an overflow action/);
  assert.equal(err.problems.length, 4, msg);

  const self = await problems(HEAD + QUEUES.replace('      queue: spill', '      queue: care-queue'));
  assert.match(self.message, /a queue cannot overflow into itself/);
  const schema = await problems(
    HEAD + QUEUES.replace('maxWaitSeconds: 120', 'maxWaitSeconds: 2').replace('type: message', 'type: voicemail').replace('reofferAfterSeconds: 15', 'reofferAfterSeconds: -1'),
  );
  assert.match(schema.message, /maxWaitSeconds/);
  assert.match(schema.message, /type must be one of queue, workflow, callback, message/);
  assert.match(schema.message, /reofferAfterSeconds/);
  const missing = await problems(HEAD + QUEUES.replace('prompts/closed.wav', 'prompts/gone.wav'));
  assert.match(missing.message, /queues\[3\]\.overflow\.file.*file not found/);
});
