import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { FloorAgent } from '@switchboard/protocol';
import { callLabel, callStart, formatDuration, spokenDuration, stateLabel, voiceLabel } from '../src/state/format';

const agent = (over: Partial<FloorAgent>): FloorAgent => ({
  agentId: 'alice',
  username: 'alice',
  displayName: 'Alice',
  teamId: 'care',
  teamName: 'Customer Care',
  presence: 'available',
  pauseReason: null,
  activity: 'idle',
  dot: 'green',
  statusText: 'Available',
  since: '2026-12-06T05:00:00.000Z',
  voice: { status: 'connected', method: 'web' },
  call: null,
  ...over,
});

test('durations: m:ss under an hour, h:mm:ss above, never negative; spoken in words', () => {
  assert.equal(formatDuration(0), '0:00');
  assert.equal(formatDuration(7_999), '0:07');
  assert.equal(formatDuration(754_000), '12:34');
  assert.equal(formatDuration(3_723_000), '1:02:03');
  assert.equal(formatDuration(-1500), '0:00', 'a browser clock a little ahead of the server shows 0, not -1');
  assert.equal(spokenDuration(3_723_000), '1 hour 2 minutes 3 seconds');
  assert.equal(spokenDuration(60_000), '1 minute');
  assert.equal(spokenDuration(0), '0 seconds');
});

test('labels: voice path, state with the pause reason, the call', () => {
  assert.equal(voiceLabel({ status: 'connected', method: 'web' }), 'Web Connect');
  assert.equal(voiceLabel({ status: 'connecting', method: 'call-me' }), 'Call me (connecting)');
  assert.equal(voiceLabel({ status: 'none', method: null }), 'Not connected');
  assert.equal(stateLabel(agent({ presence: 'paused', pauseReason: 'Break', statusText: 'Break' })), 'Break');
  assert.equal(stateLabel(agent({ presence: 'paused', pauseReason: 'Lunch', statusText: 'Disconnected' })), 'Disconnected · Paused: Lunch');
  // Presence stays Available through a call: the floor says what the agent is doing.
  assert.equal(stateLabel(agent({ presence: 'available', statusText: 'Available', activity: 'on-call' })), 'Available · On call');
  assert.equal(stateLabel(agent({ presence: 'available', statusText: 'Available', activity: 'offered' })), 'Available · Ringing');
  assert.equal(stateLabel(agent({ presence: 'paused', pauseReason: 'Break', statusText: 'Break', activity: 'wrap' })), 'Break · Wrap');
  assert.equal(stateLabel(agent({ presence: 'available', statusText: 'Available', activity: 'idle' })), 'Available');
  const call = {
    id: 'i1',
    direction: 'IN' as const,
    state: 'offered' as const,
    presentation: 'ringing' as const,
    customerNumber: '+61412345678',
    campaignId: 'c',
    campaignName: 'Care',
    startedAt: 'S',
    answeredAt: null,
  };
  assert.equal(callLabel(call), 'Inbound · +61412345678 · Care · (ringing)');
  assert.equal(callStart(call), 'S');
  assert.equal(callStart({ ...call, answeredAt: 'A', presentation: 'live' }), 'A');
});
