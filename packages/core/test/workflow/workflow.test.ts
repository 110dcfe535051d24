import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FakeClock, IllegalTransitionError, StateMachine, SwitchboardError, allowedMoves, forbiddenMoves } from '@switchboard/shared';
import {
  DnisDirectory,
  WORKFLOW_RUN_STATES,
  WORKFLOW_RUN_TRANSITIONS,
  WorkflowInvalidError,
  WorkflowRunner,
  validateWorkflows,
  workflowProblems,
  type WorkflowConfig,
} from '../../src/index';
import { careWorkflow } from './fixtures';

const runner = (clock = new FakeClock()) =>
  new WorkflowRunner({ workflow: careWorkflow(), clock, callerNumber: '+61400111222', campaignOfQueue: (q) => (q === 'care-queue' ? 'care-inbound' : null) });

test('run table: every allowed move works, every other one throws', () => {
  for (const [from, to] of allowedMoves(WORKFLOW_RUN_TRANSITIONS)) new StateMachine('wf', WORKFLOW_RUN_TRANSITIONS, from).transition(to);
  for (const [from, to] of forbiddenMoves(WORKFLOW_RUN_TRANSITIONS)) {
    assert.throws(() => new StateMachine('wf', WORKFLOW_RUN_TRANSITIONS, from).transition(to), IllegalTransitionError);
  }
  assert.deepEqual(Object.keys(WORKFLOW_RUN_TRANSITIONS).sort(), [...WORKFLOW_RUN_STATES].sort());
});

test('the demo workflow is valid', () => {
  assert.deepEqual(workflowProblems(careWorkflow(), new Set(['care-queue'])), []);
});

test('press 1, key the account number with #: IVR data kept, then the queue', () => {
  const r = runner();
  assert.deepEqual(r.start(), [{ type: 'play', objectId: 'welcome', file: 'prompts/welcome.wav' }]);
  const [collect] = r.promptFinished();
  assert.deepEqual(collect, {
    type: 'collect',
    objectId: 'menu',
    label: 'menu',
    prompt: 'prompts/menu.wav',
    minDigits: 1,
    maxDigits: 1,
    terminator: null,
    timeoutMs: 5000,
    attempt: 1,
  });
  assert.deepEqual(
    r.digitsCollected('1').map((a) => a.type),
    ['ivr-data', 'collect'],
  );
  assert.deepEqual(r.digitsCollected('123456#'), [
    { type: 'ivr-data', label: 'account', value: '123456' },
    { type: 'join-queue', objectId: 'to-queue', queueId: 'care-queue', priority: 1 },
  ]);
  assert.equal(r.state, 'queued');
  assert.deepEqual(
    [...r.ivrData],
    [
      ['menu', '1'],
      ['account', '123456'],
    ],
  );
  assert.throws(
    () => r.promptFinished(),
    (e: unknown) => e instanceof SwitchboardError && e.code === 'ACTION_NOT_ALLOWED',
  );
});

test('press 2: a callback request is stored with the caller number and the queue campaign, then thanks and hang up', () => {
  const clock = new FakeClock();
  const r = runner(clock);
  r.start();
  r.promptFinished();
  clock.advance(3000);
  const acts = r.digitsCollected('2');
  assert.equal(acts[1]!.type, 'store-callback');
  assert.deepEqual(acts[1]!.type === 'store-callback' && acts[1]!.request, {
    number: '+61400111222',
    queueId: 'care-queue',
    campaignId: 'care-inbound',
    requestedAt: clock.now(),
    workflowId: 'care-main',
    ivrData: [{ label: 'menu', value: '2' }],
  });
  assert.deepEqual(acts[2], { type: 'play', objectId: 'thanks', file: 'prompts/thanks.wav' });
  assert.deepEqual(r.promptFinished(), [{ type: 'hangup', reason: 'hangup-object' }]);
  assert.equal(r.state, 'ended');
});

test('a wrong key plays "invalid" and asks again; no input twice goes to the queue anyway', () => {
  const r = runner();
  r.start();
  r.promptFinished();
  assert.deepEqual(r.digitsCollected('9').slice(1), [{ type: 'play', objectId: 'invalid', file: 'prompts/invalid.wav' }]);
  assert.equal(r.promptFinished()[0]!.type, 'collect');
  const retry = r.collectTimeout('');
  assert.equal(retry[0]!.type === 'collect' && retry[0]!.attempt, 2);
  assert.deepEqual(r.collectTimeout(), [{ type: 'join-queue', objectId: 'to-queue', queueId: 'care-queue', priority: 1 }]);
});

test('too few digits retries up to attempts; a timeout with enough digits accepts them', () => {
  const r = runner();
  r.start();
  r.promptFinished();
  r.digitsCollected('1');
  // account: 6..8 digits, one attempt, no-input → queue
  assert.deepEqual(
    r.digitsCollected('12#').map((a) => a.type),
    ['join-queue'],
  );
  const r2 = runner();
  r2.start();
  r2.promptFinished();
  r2.digitsCollected('1');
  assert.deepEqual(r2.collectTimeout('1234567')[0], { type: 'ivr-data', label: 'account', value: '1234567' });
});

test('the caller hanging up ends the run; late engine reports are ignored', () => {
  const r = runner();
  r.start();
  assert.deepEqual(r.callerHungUp(), []);
  assert.equal(r.state, 'ended');
  assert.deepEqual(r.promptFinished(), []);
  assert.deepEqual(r.digitsCollected('1'), []);
  assert.throws(
    () => r.start(),
    (e: unknown) => e instanceof SwitchboardError,
  );
});

test('validation names every fault: unknown next, unreachable, cycles without input, bad fields, unknown queue/label', () => {
  const wf: WorkflowConfig = {
    id: 'bad',
    name: 'Bad',
    start: 'a',
    objects: [
      { id: 'a', type: 'play', file: 'a.wav', next: 'b' },
      { id: 'b', type: 'branch', label: 'nothing', cases: [{ digits: '1', next: 'ghost' }], defaultNext: 'a' },
      { id: 'lonely', type: 'hangup' },
      { id: 'c', type: 'collect', label: 'x', prompt: null, minDigits: 5, maxDigits: 2, terminator: 'x', timeoutSeconds: 0, attempts: 0, next: 'lonely', noInputNext: null },
      { id: 'q', type: 'queue', queueId: 'nope' },
      { id: 'a', type: 'hangup' },
    ],
  };
  const codes = workflowProblems(wf, new Set(['care-queue'])).map((p) => `${p.objectId}:${p.code}`);
  for (const c of ['a:DUPLICATE_ID', 'b:UNKNOWN_NEXT', 'b:UNKNOWN_LABEL', 'c:UNREACHABLE', 'q:UNREACHABLE', 'q:UNKNOWN_QUEUE', 'c:BAD_OBJECT']) {
    assert.ok(codes.includes(c), `${c} in ${codes.join(', ')}`);
  }
  const loop: WorkflowConfig = {
    id: 'loop',
    name: 'Loop',
    start: 'p1',
    objects: [
      { id: 'p1', type: 'play', file: '1.wav', next: 'p2' },
      { id: 'p2', type: 'play', file: '2.wav', next: 'p1' },
    ],
  };
  const problems = workflowProblems(loop);
  assert.equal(problems.length, 1);
  assert.equal(problems[0]!.code, 'CYCLE_WITHOUT_INPUT');
  assert.match(problems[0]!.message, /p1 → p2 → p1/);
  assert.throws(
    () => new WorkflowRunner({ workflow: loop, clock: new FakeClock(), callerNumber: null }),
    (e: unknown) => e instanceof WorkflowInvalidError && e.code === 'WORKSPACE_INVALID' && e.problems.length === 1,
  );
  assert.equal(
    workflowProblems({ ...loop, start: 'zz' }).some((p) => p.code === 'UNKNOWN_START'),
    true,
  );
  assert.equal(workflowProblems({ ...loop, objects: [] })[0]!.code, 'BAD_OBJECT');
});

test('DNIS: the dialled number picks the workflow whatever its spacing; unknown numbers and workflows are refused', () => {
  const dir = new DnisDirectory([careWorkflow()], [{ number: '+61290000000', workflowId: 'care-main' }]);
  assert.equal(dir.workflowFor('+61 2 9000 0000')?.id, 'care-main');
  assert.equal(dir.workflowFor('+61299999999'), null);
  assert.throws(
    () =>
      validateWorkflows(
        [careWorkflow()],
        [
          { number: '+61290000000', workflowId: 'missing' },
          { number: '+61290000000', workflowId: 'care-main' },
        ],
      ),
    (e: unknown) => e instanceof WorkflowInvalidError && e.problems.length === 2,
  );
});
