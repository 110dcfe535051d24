import { test } from 'node:test';
import assert from 'node:assert/strict';
import { names, ready, REASONS } from './helpers';

const CAMPAIGNS = [{ id: 'care-inbound', name: 'Customer Care', direction: 'inbound' as const }];

test('a workspace reload gives a live session new pause reasons and campaigns, with one notice', () => {
  const h = ready();
  h.take();
  const reasons = [...REASONS.filter((r) => r.id !== 'meeting'), { id: 'coaching', name: 'Coaching' }];
  const campaigns = [...CAMPAIGNS, { id: 'sales', name: 'Sales', direction: 'outbound' as const }];
  assert.equal(h.session.updateWorkspace({ pauseReasons: reasons, campaigns }), true);
  const ev = h.take();
  assert.deepEqual(names(ev), ['notice']);
  assert.equal(ev[0]!.notice!.code, 'WORKSPACE_UPDATED');
  const view = ev[0]!.state!;
  assert.deepEqual(
    view.pauseReasons.map((r) => r.id),
    ['break', 'lunch', 'coaching'],
  );
  assert.deepEqual(
    view.campaigns.map((c) => c.id),
    ['care-inbound', 'sales'],
  );
  // The same lists again: nothing to tell.
  assert.equal(h.session.updateWorkspace({ pauseReasons: reasons, campaigns }), false);
  assert.deepEqual(h.take(), []);
  // A new reason can be chosen; a removed one is refused.
  h.session.apply({ type: 'pause', reasonId: 'coaching' });
  assert.throws(
    () => h.session.apply({ type: 'pause', reasonId: 'meeting' }),
    (e: { code?: string }) => e.code === 'UNKNOWN_PAUSE_REASON',
  );
});

test('a pending pause whose reason is removed is cleared; a pause in effect stays', () => {
  const h = ready();
  h.session.callOffered();
  h.session.callAnswered();
  h.session.apply({ type: 'pause', reasonId: 'lunch' }); // pending until the call ends
  h.take();
  h.session.updateWorkspace({ pauseReasons: REASONS.filter((r) => r.id !== 'lunch'), campaigns: CAMPAIGNS });
  const ev = h.take();
  assert.deepEqual(names(ev), ['pending-pause.changed', 'notice']);
  assert.equal(ev.at(-1)!.state!.pendingPause, null);

  const p = ready();
  p.session.apply({ type: 'pause', reasonId: 'break' });
  p.session.updateWorkspace({ pauseReasons: REASONS.filter((r) => r.id !== 'break'), campaigns: CAMPAIGNS });
  const presence = p.take().at(-1)!.state!.presence;
  assert.deepEqual(presence.kind === 'paused' ? presence.reason.id : presence.kind, 'break', 'the agent stays on the break they took');
});
