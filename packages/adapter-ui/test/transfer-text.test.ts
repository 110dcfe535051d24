import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { TransferDestinations } from '@switchboard/protocol';
import { agentStateText, destinationOptions, elapsed, kindsFor, numberInput, numberProblem, phaseText, showParties } from '../src/state/transfer-text';

const T0 = Date.parse('2026-12-06T10:00:00.000Z');
const at = (secondsAgo: number) => new Date(T0 - secondsAgo * 1000).toISOString();

const lists: TransferDestinations = {
  agents: [
    { agentId: 'agt_bob', name: 'Bob Smith', state: 'available', reason: null, since: at(75) },
    { agentId: 'agt_carol', name: 'Carol Jones', state: 'paused', reason: 'Training', since: at(3700) },
    { agentId: 'agt_dave', name: 'Dave Brown', state: 'available', reason: null, since: at(5) },
  ],
  numbers: [
    { label: 'Billing desk', number: '+61 2 9000 0099' },
    { label: 'After hours', number: '+61290000100' },
  ],
  workflows: [
    { id: 'payments', name: 'Payments' },
    { id: 'survey', name: 'Post-call survey' },
  ],
};

describe('time in state and phases', () => {
  it('counts m:ss, then h:mm:ss, never below zero', () => {
    assert.equal(elapsed(at(0), T0), '0:00');
    assert.equal(elapsed(at(75), T0), '1:15');
    assert.equal(elapsed(at(3700), T0), '1:01:40');
    assert.equal(elapsed(at(-30), T0), '0:00', 'a since a little ahead (clock skew) shows 0:00');
  });
  it('says an agent’s state as the dialog shows it', () => {
    assert.equal(agentStateText({ state: 'available', reason: null }), 'Available');
    assert.equal(agentStateText({ state: 'paused', reason: 'Training' }), 'Paused: Training');
    assert.equal(agentStateText({ state: 'paused', reason: null }), 'Paused');
  });
  it('words each consult phase; the wait in queue ticks', () => {
    assert.equal(phaseText({ phase: 'ringing', since: at(3), failure: null }, T0), 'Ringing');
    assert.equal(phaseText({ phase: 'waiting', since: at(12), failure: null }, T0), 'Waiting in queue 0:12');
    assert.equal(phaseText({ phase: 'waiting', since: at(12), failure: null }, T0 + 2000), 'Waiting in queue 0:14');
    assert.equal(phaseText({ phase: 'talking', since: at(1), failure: null }, T0), 'Talking');
    assert.equal(phaseText({ phase: 'failed', since: at(1), failure: 'No answer' }, T0), 'Failed: No answer');
    assert.equal(phaseText({ phase: 'failed', since: at(1), failure: null }, T0), 'Failed');
  });
});

describe('destinations', () => {
  it('lists each type with where it sends the call', () => {
    assert.deepEqual(
      destinationOptions(lists, 'agent', '').map((o) => [o.label, o.detail, o.destination]),
      [
        ['Bob Smith', 'Available', { type: 'agent', agentId: 'agt_bob' }],
        ['Carol Jones', 'Paused: Training', { type: 'agent', agentId: 'agt_carol' }],
        ['Dave Brown', 'Available', { type: 'agent', agentId: 'agt_dave' }],
      ],
    );
    assert.deepEqual(destinationOptions(lists, 'number', '')[0]!.destination, { type: 'number', number: '+61 2 9000 0099' });
    assert.deepEqual(
      destinationOptions(lists, 'workflow', '').map((o) => o.destination),
      [
        { type: 'workflow', workflowId: 'payments' },
        { type: 'workflow', workflowId: 'survey' },
      ],
    );
    assert.equal(destinationOptions(lists, 'agent', '')[0]!.since, at(75), 'agents carry their time in state');
  });
  it('filters by every word typed, in any case, on the name or the state', () => {
    assert.deepEqual(
      destinationOptions(lists, 'agent', 'bo').map((o) => o.label),
      ['Bob Smith'],
    );
    assert.deepEqual(
      destinationOptions(lists, 'agent', '  AVAILABLE ').map((o) => o.label),
      ['Bob Smith', 'Dave Brown'],
    );
    assert.deepEqual(
      destinationOptions(lists, 'agent', 'paused train').map((o) => o.label),
      ['Carol Jones'],
    );
    assert.deepEqual(destinationOptions(lists, 'agent', 'zed'), []);
    assert.deepEqual(
      destinationOptions(lists, 'workflow', 'SURV').map((o) => o.label),
      ['Post-call survey'],
    );
  });
  it('finds a number by its digits whatever the spacing', () => {
    assert.deepEqual(
      destinationOptions(lists, 'number', '90000099').map((o) => o.label),
      ['Billing desk'],
    );
    assert.deepEqual(
      destinationOptions(lists, 'number', '9000 0100').map((o) => o.label),
      ['After hours'],
    );
    assert.deepEqual(
      destinationOptions(lists, 'number', 'billing').map((o) => o.label),
      ['Billing desk'],
    );
  });
  it('offers Assisted transfer only for workflows, and Consult only for agents and numbers', () => {
    assert.deepEqual(kindsFor('agent'), ['blind', 'consult']);
    assert.deepEqual(kindsFor('number'), ['blind', 'consult']);
    assert.deepEqual(kindsFor('workflow'), ['blind', 'assisted']);
  });
});

describe('a typed number (the manual dial’s checks)', () => {
  it('keeps only what a number may hold, up to 40 characters', () => {
    assert.equal(numberInput('+61 (2) 9000-0099 ext'), '+61 (2) 9000-0099 ');
    assert.equal(numberInput('9'.repeat(50)).length, 40);
  });
  it('accepts national and international numbers; refuses empty, letters, a + inside, too few or too many digits', () => {
    assert.equal(numberProblem('0412 345 678'), null);
    assert.equal(numberProblem('+1 (202) 555-0143'), null);
    assert.equal(numberProblem('  '), 'Enter a number');
    assert.equal(numberProblem('12a4'), 'Use digits, with + only at the start');
    assert.equal(numberProblem('04+12345'), 'Use digits, with + only at the start');
    assert.equal(numberProblem('*21#'), 'Use digits, with + only at the start');
    assert.equal(numberProblem('12'), 'That number is too short');
    assert.equal(numberProblem('+1234567890123456'), 'That number is too long');
  });
});

describe('parties list', () => {
  const party = (id: string) => ({ id, role: 'agent' as const, label: id, agentId: null, number: null, state: 'connected' as const, me: false, joinedAt: at(1), endedAt: null });
  it('shows beyond the agent and the caller, or in a conference', () => {
    assert.equal(showParties({ parties: [party('a'), party('b')], conference: false }), false);
    assert.equal(showParties({ parties: [party('a'), party('b'), party('c')], conference: false }), true);
    assert.equal(showParties({ parties: [party('a'), party('b')], conference: true }), true);
  });
});
