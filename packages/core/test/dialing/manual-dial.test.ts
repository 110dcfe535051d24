import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SwitchboardError } from '@switchboard/shared';
import {
  DIAL_FAILURE_CAUSES,
  DIAL_FAILURE_CODES,
  DIAL_FAILURE_MESSAGES,
  ManualDial,
  canManualDial,
  dialFailureFromSipStatus,
  dialFailureMessage,
  planManualDial,
} from '../../src/index';
import { harness } from '../agent/helpers';

const code = (c: string) => (e: unknown) => e instanceof SwitchboardError && e.code === c;
const REGIONS = { agent: null, workspace: 'AU' };

function connected(presence: 'available' | 'paused') {
  const h = harness({
    campaigns: [
      { id: 'care-inbound', name: 'Customer Care', direction: 'inbound' },
      { id: 'sales-outbound', name: 'Sales', direction: 'outbound', dialMode: 'preview' },
    ],
  });
  h.session.apply({ type: 'connect-voice', method: 'web', persistent: true, saveAsDefault: false });
  h.session.voiceConnected();
  if (presence === 'available') h.session.apply({ type: 'set-available' });
  else h.session.apply({ type: 'pause', reasonId: 'break' });
  return h;
}

test('manual dial is allowed when Available or Paused, with voice and nothing open', () => {
  for (const p of ['available', 'paused'] as const) {
    const h = connected(p);
    assert.equal(canManualDial(h.session.view()), true);
    const plan = planManualDial({ number: '0412 345 678', campaignId: 'sales-outbound' }, h.session.view(), REGIONS);
    assert.deepEqual([plan.number.e164, plan.campaignId, plan.skipCampaign], ['+61412345678', 'sales-outbound', false]);
  }
  const h = harness();
  assert.equal(canManualDial(h.session.view()), false);
  assert.throws(() => planManualDial({ number: '0412345678', campaignId: null }, h.session.view(), REGIONS), code('ACTION_NOT_ALLOWED'));
});

test('Skip campaign, unknown campaigns, bad numbers and a busy agent are all refused or planned clearly', () => {
  const h = connected('available');
  const skip = planManualDial({ number: '+61290001111', campaignId: null }, h.session.view(), { agent: 'GB', workspace: 'AU' });
  assert.equal(skip.skipCampaign, true);
  assert.throws(() => planManualDial({ number: '0412345678', campaignId: 'renewals-predictive' }, h.session.view(), REGIONS), code('VALIDATION_FAILED'));
  assert.throws(() => planManualDial({ number: '12', campaignId: null }, h.session.view(), REGIONS), code('INVALID_PHONE_NUMBER'));
  // The agent's region reads national numbers: a UK agent's 020 number.
  assert.equal(planManualDial({ number: '020 7946 0018', campaignId: null }, h.session.view(), { agent: 'GB', workspace: 'AU' }).number.e164, '+442079460018');
  h.session.callOffered();
  assert.throws(() => planManualDial({ number: '0412345678', campaignId: null }, h.session.view(), REGIONS), code('ACTION_NOT_ALLOWED'));
});

test('answered: interaction connected OUT, agent on-call', () => {
  const h = connected('available');
  const plan = planManualDial({ number: '0412 345 678', campaignId: null }, h.session.view(), REGIONS);
  const dial = new ManualDial(h.session, { id: 'int_m', clock: h.clock, agentId: 'alice', plan, campaign: null, callerId: '+61290000000' });
  assert.equal(h.session.view().activity, 'dialling');
  assert.equal(dial.interaction.state, 'dialling');
  h.clock.advance(8000);
  dial.answered();
  assert.equal(h.session.view().activity, 'on-call');
  const v = dial.interaction.view();
  assert.deepEqual([v.direction, v.state, v.customerNumber, v.platformNumber, v.campaignId], ['OUT', 'connected', '+61412345678', '+61290000000', null]);
});

test("each failure cause gives its own toast and never changes the agent's presence", () => {
  const messages = new Set<string>();
  for (const cause of DIAL_FAILURE_CAUSES) {
    for (const p of ['available', 'paused'] as const) {
      const h = connected(p);
      const before = h.session.view().presence;
      const plan = planManualDial({ number: '0412345678', campaignId: null }, h.session.view(), REGIONS);
      const dial = new ManualDial(h.session, { id: `int_${cause}`, clock: h.clock, agentId: 'alice', plan, campaign: null, callerId: null });
      h.take();
      const msg = dial.failed(cause);
      messages.add(msg);
      const after = h.session.view();
      assert.deepEqual(after.presence, before, `${cause}: presence unchanged (${p})`);
      assert.equal(after.activity, 'idle');
      assert.equal(dial.interaction.state, 'closed');
      assert.equal(dial.interaction.view().endCause, cause);
      const toast = h.take().find((e) => e.name === 'notice');
      assert.equal(toast?.notice?.message, msg);
      assert.equal(toast?.notice?.code, DIAL_FAILURE_CODES[cause], 'a code of its own per cause');
    }
  }
  assert.equal(messages.size, DIAL_FAILURE_CAUSES.length, 'distinct messages');
  assert.equal(new Set(Object.values(DIAL_FAILURE_CODES)).size, DIAL_FAILURE_CAUSES.length, 'distinct codes');
  assert.equal(DIAL_FAILURE_MESSAGES['no-answer'], 'Called party did not answer the call');
  assert.equal(DIAL_FAILURE_MESSAGES.busy, 'Called party is busy');
  assert.equal(DIAL_FAILURE_MESSAGES['invalid-number'], 'You dialled an invalid number or incorrect number format');
  assert.equal(dialFailureMessage('kaboom'), 'The call could not be connected');
});

test('a pause chosen while dialling applies when the dial fails', () => {
  const h = connected('available');
  const plan = planManualDial({ number: '0412345678', campaignId: null }, h.session.view(), REGIONS);
  const dial = new ManualDial(h.session, { id: 'int_p', clock: h.clock, agentId: 'alice', plan, campaign: null, callerId: null });
  h.session.apply({ type: 'pause', reasonId: 'lunch' });
  dial.failed('busy');
  const v = h.session.view();
  assert.equal(v.presence.kind === 'paused' && v.presence.reason.id, 'lunch', "the agent's own choice");
});

test('SIP final responses map to causes', () => {
  assert.deepEqual([486, 600, 408, 480, 404, 484, 604, 403, 603, 487, 503, 500, 488].map(dialFailureFromSipStatus), [
    'busy',
    'busy',
    'no-answer',
    'no-answer',
    'invalid-number',
    'invalid-number',
    'invalid-number',
    'rejected',
    'rejected',
    'cancelled',
    'network',
    'network',
    'rejected',
  ]);
});
