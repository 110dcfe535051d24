import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FakeClock, IllegalTransitionError, SwitchboardError } from '@switchboard/shared';
import { Interaction, RECORDING_ICON_COLOURS, formatDuration, interactionCapabilities, interactionInfo } from '../../src/index';
import { careCampaign, inboundCall } from './helpers';

const code = (c: string) => (e: unknown) => e instanceof SwitchboardError && e.code === c;

test('inbound: IVR data, queue times and time in queue measured from leaving the IVR to acceptance', () => {
  const { clock, i, events } = inboundCall();
  assert.equal(i.state, 'ivr');
  assert.equal(i.direction, 'IN');
  assert.equal(i.customerLeg()?.state, 'connected');
  clock.advance(4000);
  i.addIvrData('account', '123456');
  clock.advance(2000);
  i.joinQueue('care-queue');
  clock.advance(45_000);
  i.offer('alice');
  clock.advance(5000);
  i.answer('alice');
  const v = i.view();
  assert.equal(v.state, 'connected');
  assert.equal(v.timeInQueueMs, 50_000, 'left IVR at 6s, accepted at 56s');
  assert.deepEqual(
    v.ivrData.map((e) => [e.label, e.value]),
    [['account', '123456']],
  );
  assert.equal(v.platformNumber, '+61290000000');
  assert.equal(v.customerNumber, '+61400111222');
  assert.equal(v.campaignName, 'Customer Care');
  assert.deepEqual(
    v.legs.map((l) => [l.role, l.state]),
    [
      ['customer', 'connected'],
      ['agent', 'connected'],
    ],
  );
  assert.deepEqual(
    events.filter((e) => e.name === 'state.changed').map((e) => `${e.detail.from}→${e.detail.to}`),
    ['ivr→queued', 'queued→offered', 'offered→connected'],
  );
});

test('an offer that is not answered goes back to the queue; only the offered agent can answer', () => {
  const { i } = inboundCall();
  i.joinQueue('care-queue');
  i.offer('alice');
  assert.throws(() => i.answer('bob'), code('ACTION_NOT_ALLOWED'));
  i.offerReturned('missed');
  assert.equal(i.state, 'queued');
  assert.equal(i.agentId, null);
  i.offer('bob');
  i.answer('bob');
  assert.equal(i.agentId, 'bob');
});

test('caller hanging up in the queue abandons the interaction and ends the customer leg', () => {
  const { clock, i } = inboundCall();
  i.joinQueue('care-queue');
  clock.advance(10_000);
  i.abandon('caller-hangup');
  const v = i.view();
  assert.equal(v.state, 'abandoned');
  assert.equal(v.legs[0]!.state, 'ended');
  assert.equal(v.legs[0]!.endCause, 'caller-hangup');
  assert.equal(v.times.closedAt, v.times.endedAt);
  assert.throws(() => i.offer('alice'), IllegalTransitionError);
  assert.throws(() => i.setNotes('x', 'alice'), code('ACTION_NOT_ALLOWED'));
});

test('hold and resume move the customer leg; capabilities follow', () => {
  const { i } = inboundCall();
  i.joinQueue('q');
  i.offer('alice');
  assert.equal(interactionCapabilities('alice', i).canHangUp, false, 'ringing: nothing to hang up yet');
  i.answer('alice');
  assert.equal(interactionCapabilities('alice', i).canHold, true);
  i.hold();
  assert.equal(i.customerLeg()?.state, 'held');
  const caps = interactionCapabilities('alice', i);
  assert.equal(caps.canHold, false);
  assert.equal(caps.canResume, true);
  assert.equal(caps.canPlayAnnouncement, false, 'not to a held customer');
  assert.throws(() => i.hold(), code('ACTION_NOT_ALLOWED'));
  i.resume();
  assert.equal(i.customerLeg()?.state, 'connected');
  assert.deepEqual(interactionCapabilities('bob', i), { ...interactionCapabilities('bob', i), canHangUp: false, canHold: false });
  assert.ok(
    Object.values(interactionCapabilities('bob', i)).every((v) => v === false),
    'another agent gets nothing',
  );
});

test('recording: icon states, bookmarks only while recording, offsets from the recording start', () => {
  const { clock, i, events } = inboundCall();
  i.joinQueue('q');
  i.offer('alice');
  i.answer('alice');
  assert.equal(i.recording.icon, 'paused');
  assert.equal(interactionCapabilities('alice', i).canBookmark, false);
  assert.throws(() => i.bookmark('alice'), code('ACTION_NOT_ALLOWED'));
  i.startRecording('recordings/int_1.wav');
  assert.equal(i.recording.icon, 'recording');
  assert.equal(RECORDING_ICON_COLOURS[i.recording.icon], 'orange');
  clock.advance(12_000);
  const m = i.bookmark('alice');
  assert.deepEqual([m.kind, m.label, m.offsetMs], ['manual', 'Manual', 12_000]);
  assert.equal(interactionCapabilities('alice', i).canToggleRecording, true);
  i.pauseRecording('alice');
  assert.equal(RECORDING_ICON_COLOURS[i.recording.icon], 'dark-grey');
  assert.equal(interactionCapabilities('alice', i).canBookmark, false);
  assert.throws(() => i.bookmark('alice'), code('ACTION_NOT_ALLOWED'));
  clock.advance(3000);
  i.resumeRecording('alice');
  clock.advance(1000);
  i.bookmark('alice');
  assert.deepEqual(
    i.view().recording.markers.map((x) => [x.kind, x.offsetMs]),
    [
      ['manual', 12_000],
      ['pause', 12_000],
      ['resume', 15_000],
      ['manual', 16_000],
    ],
  );
  assert.equal(events.filter((e) => e.name === 'marker.added').length, 2);
});

test('recording modes: off disables the control (light grey); always records without an agent toggle', () => {
  const off = inboundCall(new FakeClock(), careCampaign({ recording: 'off' })).i;
  assert.equal(RECORDING_ICON_COLOURS[off.recording.icon], 'light-grey');
  assert.throws(() => off.startRecording(null), code('ACTION_NOT_ALLOWED'));
  const always = inboundCall(new FakeClock(), careCampaign({ recording: 'always' })).i;
  always.joinQueue('q');
  always.offer('alice');
  always.answer('alice');
  always.startRecording('f.wav');
  const caps = interactionCapabilities('alice', always);
  assert.equal(caps.canToggleRecording, false);
  assert.equal(caps.canBookmark, true);
  const noBookmarks = inboundCall(new FakeClock(), careCampaign({ bookmarks: false })).i;
  noBookmarks.joinQueue('q');
  noBookmarks.offer('alice');
  noBookmarks.answer('alice');
  noBookmarks.startRecording('f.wav');
  assert.equal(interactionCapabilities('alice', noBookmarks).canBookmark, false);
  assert.throws(() => noBookmarks.bookmark('alice'), code('ACTION_NOT_ALLOWED'));
});

test("announcements: only the campaign's, one at a time, start and end markers with the name", () => {
  const { clock, i } = inboundCall();
  i.joinQueue('q');
  i.offer('alice');
  i.answer('alice');
  i.startRecording('f.wav');
  clock.advance(2000);
  assert.equal(interactionCapabilities('alice', i).canPlayAnnouncement, true);
  assert.throws(() => i.announcementStarted('nope', 'alice'), code('VALIDATION_FAILED'));
  const a = i.announcementStarted('terms', 'alice');
  assert.equal(a.file, 'prompts/terms.wav');
  assert.equal(interactionCapabilities('alice', i).canPlayAnnouncement, false);
  assert.equal(interactionCapabilities('alice', i).canStopAnnouncement, true);
  assert.throws(() => i.announcementStarted('recording-notice', 'alice'), code('ACTION_NOT_ALLOWED'));
  clock.advance(8000);
  i.announcementEnded('alice');
  i.announcementEnded('alice');
  assert.deepEqual(
    i.view().recording.markers.map((m) => [m.kind, m.label, m.offsetMs]),
    [
      ['announcement-start', 'Terms and conditions', 2000],
      ['announcement-end', 'Terms and conditions', 10_000],
    ],
  );
  const none = inboundCall(new FakeClock(), careCampaign({ announcements: [] })).i;
  none.joinQueue('q');
  none.offer('alice');
  none.answer('alice');
  assert.equal(interactionCapabilities('alice', none).canPlayAnnouncement, false);
});

test('ending a call ends every leg and moves to wrap; notes stay editable until closed', () => {
  const { clock, i } = inboundCall();
  i.joinQueue('q');
  i.offer('alice');
  i.answer('alice');
  i.setNotes('Customer wants a refund', 'alice');
  i.addThirdParty('+61290001111');
  clock.advance(60_000);
  i.end('customer-hangup');
  const v = i.view();
  assert.equal(v.state, 'wrap');
  assert.ok(v.legs.every((l) => l.state === 'ended' && l.endCause === 'customer-hangup'));
  assert.equal(v.endCause, 'customer-hangup');
  i.setNotes('Customer wants a refund; call back Monday', 'alice');
  assert.equal(i.view().notes[0]!.text, 'Customer wants a refund; call back Monday');
  assert.throws(() => i.setNotes('x'.repeat(10_001), 'alice'), code('VALIDATION_FAILED'));
  const caps = interactionCapabilities('alice', i);
  assert.equal(caps.canWrap, true);
  assert.equal(caps.canHangUp, false);
});

test('outbound: dialling → connected when the customer answers; a failed dial ends the legs', () => {
  const clock = new FakeClock();
  const o = Interaction.outbound({ id: 'int_o', clock, campaign: null, customerNumber: '+61412345678', platformNumber: '+61290000000', agentId: 'alice' });
  assert.equal(o.state, 'dialling');
  assert.equal(o.direction, 'OUT');
  assert.equal(interactionCapabilities('alice', o).canHangUp, true, 'cancel the dial');
  clock.advance(7000);
  o.customerAnswered();
  assert.equal(o.customerLeg()?.state, 'connected');
  assert.equal(o.view().times.answeredAt, clock.now());
  assert.equal(o.view().timeInQueueMs, null);

  const f = Interaction.outbound({ id: 'int_f', clock, campaign: null, customerNumber: '+61412345678', platformNumber: null, agentId: 'alice' });
  f.dialFailed('busy');
  assert.equal(f.state, 'failed');
  assert.ok(f.view().legs.every((l) => l.state === 'ended'));
  f.closeWithoutAgent('busy');
  assert.equal(f.state, 'closed');
  assert.equal(f.view().endCause, 'busy');
});

test('bad input gets a clear error and changes nothing', () => {
  const { i } = inboundCall();
  assert.throws(() => i.addIvrData('  ', '1'), code('VALIDATION_FAILED'));
  assert.throws(() => i.setLegState('nope', 'held'), code('VALIDATION_FAILED'));
  assert.throws(() => i.answer('alice'), IllegalTransitionError);
  assert.equal(i.state, 'ivr');
  assert.throws(() => i.wrapped('resolved', 'agent'), code('ACTION_NOT_ALLOWED'));
  assert.equal(i.state, 'ivr');
});

test('Info tab: time in queue formatting, outbound has no time in queue', () => {
  assert.deepEqual([0, 999, 65_000, 3_600_000 + 7000].map(formatDuration), ['0:00', '0:01', '1:05', '1:00:07']);
  const clock = new FakeClock();
  const o = Interaction.outbound({ id: 'int_o', clock, campaign: null, customerNumber: '+61412345678', platformNumber: null, agentId: 'alice' });
  const rows = interactionInfo(o.view());
  assert.deepEqual(
    rows.map((r) => r.key),
    ['interactionId', 'callType', 'campaign', 'customerPhone', 'platformPhone', 'ivrData'],
  );
  assert.equal(rows[1]!.value, 'OUT');
});
