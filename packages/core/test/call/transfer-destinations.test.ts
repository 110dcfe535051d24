import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  AGENT_ACTIVITIES,
  canTakeTransfer,
  listTransferDestinations,
  presenceTakesTransfers,
  transferAgentState,
  type TransferAgentState,
  type WorkspaceConfig,
} from '../../src/index';
import { callMe, harness } from '../agent/helpers';

const agent = (id: string, transfersWhilePaused = false) => ({ id, username: id, displayName: id, transfersWhilePaused });

const WS = {
  name: 'test',
  region: 'AU',
  callInNumber: '+61290000000',
  teams: [],
  pauseReasons: [
    { id: 'break', name: 'Break' },
    { id: 'admin', name: 'Admin', takesTransfers: true },
    { id: 'lunch', name: 'Lunch', takesTransfers: false },
  ],
  agents: [agent('alice'), agent('bob'), agent('carol'), agent('dave'), agent('erin', true), agent('frank')],
  staff: [],
  campaigns: [
    {
      id: 'care',
      name: 'Care',
      transferNumbers: [
        { label: 'Billing', number: '+61290001111' },
        { label: 'Tech', number: '+61290002222' },
      ],
    },
    { id: 'sales', name: 'Sales', transferNumbers: [] },
  ],
  queues: [],
  workflows: [
    { id: 'ivr', name: 'Main menu', start: 'a', objects: [], transferTarget: true },
    { id: 'internal', name: 'Internal', start: 'a', objects: [] },
    { id: 'pay', name: 'Payments', start: 'a', objects: [], transferTarget: true },
  ],
} as unknown as WorkspaceConfig;

const T0 = '2026-12-06T10:00:00.000Z';
function state(agentId: string, over: Partial<TransferAgentState> = {}): TransferAgentState {
  return { agentId, name: agentId.toUpperCase(), presence: 'available', pauseReason: null, activity: 'idle', voiceConnected: true, since: T0, ...over };
}
const paused = (id: string, name: string) => ({ presence: 'paused' as const, pauseReason: { id, name } });

test('canTakeTransfer: idle with voice, and Available or Paused with a reason that takes transfers (or an agent set to)', () => {
  assert.equal(canTakeTransfer(state('bob'), WS), true);
  assert.equal(canTakeTransfer(state('bob', paused('admin', 'Admin')), WS), true, 'takesTransfers reason');
  assert.equal(canTakeTransfer(state('bob', paused('break', 'Break')), WS), false, 'flag absent: false');
  assert.equal(canTakeTransfer(state('bob', paused('lunch', 'Lunch')), WS), false, 'flag false');
  assert.equal(canTakeTransfer(state('bob', paused('not-ready', 'Not Ready')), WS), false, 'a system reason never does');
  assert.equal(canTakeTransfer(state('erin', paused('break', 'Break')), WS), true, 'transfersWhilePaused agent');
  assert.equal(canTakeTransfer(state('erin', paused('not-ready', 'Not Ready')), WS), true);
  assert.equal(canTakeTransfer(state('bob', { voiceConnected: false }), WS), false, 'no voice path');
  assert.equal(canTakeTransfer(state('bob', { ...paused('admin', 'Admin'), voiceConnected: false }), WS), false);
  // The presence half alone (a busy agent who would take transfers when free).
  assert.equal(presenceTakesTransfers(state('bob', { activity: 'on-call', ...paused('admin', 'Admin') }), WS), true);
  assert.equal(presenceTakesTransfers(state('bob', { activity: 'on-call' }), WS), true);
  assert.equal(presenceTakesTransfers(state('bob', paused('break', 'Break')), WS), false);
  assert.equal(presenceTakesTransfers(state('erin', paused('break', 'Break')), WS), true);
  // Every activity but idle refuses, whatever the presence.
  for (const activity of AGENT_ACTIVITIES.filter((a) => a !== 'idle')) {
    assert.equal(canTakeTransfer(state('bob', { activity }), WS), false, activity);
    assert.equal(canTakeTransfer(state('bob', { activity, ...paused('admin', 'Admin') }), WS), false, `${activity} (paused, takes transfers)`);
    assert.equal(canTakeTransfer(state('erin', { activity, ...paused('break', 'Break') }), WS), false, `${activity} (transfersWhilePaused)`);
  }
});

test('listTransferDestinations: eligible agents by name (not the asker, not unknown ones), the campaign numbers, the transfer-target workflows', () => {
  const agents = [
    state('alice'), // the asker
    state('dave', { name: 'Dave Brown', since: '2026-12-06T09:58:00.000Z' }),
    state('bob', { name: 'Bob Smith', ...paused('admin', 'Admin'), since: '2026-12-06T09:59:00.000Z' }),
    state('carol', { name: 'Carol Jones', ...paused('break', 'Break') }),
    state('frank', { name: 'Frank', activity: 'on-call' }),
    state('erin', { name: 'Erin', activity: 'wrap' }),
    state('ghost', { name: 'Ghost' }), // not in the workspace (removed)
  ];
  const out = listTransferDestinations({ workspace: WS, campaignId: 'care', agentId: 'alice', agents });
  assert.deepEqual(out, {
    agents: [
      { agentId: 'bob', name: 'Bob Smith', state: 'paused', reason: 'Admin', since: '2026-12-06T09:59:00.000Z' },
      { agentId: 'dave', name: 'Dave Brown', state: 'available', reason: null, since: '2026-12-06T09:58:00.000Z' },
    ],
    numbers: [
      { label: 'Billing', number: '+61290001111' },
      { label: 'Tech', number: '+61290002222' },
    ],
    workflows: [
      { id: 'ivr', name: 'Main menu' },
      { id: 'pay', name: 'Payments' },
    ],
  });
  // Another agent asking sees alice; no campaign (or one without numbers) lists no numbers.
  const fromDave = listTransferDestinations({ workspace: WS, campaignId: null, agentId: 'dave', agents });
  assert.deepEqual(
    fromDave.agents.map((a) => a.agentId),
    ['alice', 'bob'],
  );
  assert.deepEqual(fromDave.numbers, []);
  assert.deepEqual(listTransferDestinations({ workspace: WS, campaignId: 'sales', agentId: 'dave', agents }).numbers, []);
  assert.deepEqual(listTransferDestinations({ workspace: WS, campaignId: 'gone', agentId: 'dave', agents }).numbers, []);
  // A workspace without workflows lists none.
  assert.deepEqual(listTransferDestinations({ workspace: { ...WS, workflows: undefined } as WorkspaceConfig, campaignId: null, agentId: 'x', agents: [] }), {
    agents: [],
    numbers: [],
    workflows: [],
  });
});

test('transferAgentState reads a real agent session: Not Ready without voice, then Available and idle with voice, then paused', () => {
  const h = harness();
  let s = transferAgentState(h.session.view());
  assert.deepEqual(s, {
    agentId: 'alice',
    name: 'Alice Nguyen',
    presence: 'paused',
    pauseReason: { id: 'not-ready', name: 'Not Ready' },
    activity: 'no-voice',
    voiceConnected: false,
    since: h.session.view().since,
  });
  assert.equal(canTakeTransfer(s, WS), false);
  h.session.apply(callMe('+61412345678', true));
  h.session.voiceConnected();
  h.clock.advance(5000);
  h.session.apply({ type: 'set-available' });
  s = transferAgentState(h.session.view());
  assert.deepEqual([s.presence, s.activity, s.voiceConnected, s.since], ['available', 'idle', true, new Date(h.clock.now()).toISOString()]);
  assert.equal(canTakeTransfer(s, WS), true);
  h.session.apply({ type: 'pause', reasonId: 'break' });
  s = transferAgentState(h.session.view());
  assert.deepEqual([s.presence, s.pauseReason], ['paused', { id: 'break', name: 'Break' }]);
  assert.equal(canTakeTransfer(s, WS), false);
});
