import assert from 'node:assert/strict';
import { FakeClock, silentLogger } from '@switchboard/shared';
import { AgentSession, CallDesk, MemoryCallRecordStore, MemoryCallbackStore, type AgentSessionEvent, type WorkspaceConfig } from '../../src/index';
import { FakeConnector } from '../agent/helpers';
import { FakeLeg, FakeLines, FakePort } from './fake-port';

/** A workspace with three agents, a care queue, a transfer-target workflow and a campaign transfer number. */
export const TRANSFER_WS = {
  name: 'test',
  region: 'AU',
  callInNumber: '+61290000000',
  teams: [],
  pauseReasons: [],
  agents: [
    { id: 'alice', username: 'alice', agentNumber: '1001', displayName: 'Alice', region: null, transfersWhilePaused: false },
    { id: 'bob', username: 'bob', agentNumber: '1002', displayName: 'Bob', region: null, transfersWhilePaused: false },
    { id: 'carol', username: 'carol', agentNumber: '1003', displayName: 'Carol', region: null, transfersWhilePaused: true },
    { id: 'dan', username: 'dan', agentNumber: '1004', displayName: 'Dan', region: null, transfersWhilePaused: false },
  ],
  staff: [],
  campaigns: [
    {
      id: 'care-inbound',
      name: 'Care',
      direction: 'inbound',
      dialMode: null,
      wrapCodes: [{ id: 'done', name: 'Done' }],
      defaultWrapCodeId: 'done',
      autoWrapSeconds: 30,
      extendSeconds: null,
      recording: 'off',
      bookmarks: false,
      announcements: [],
      transferNumbers: [{ label: 'Billing', number: '+61299990000' }],
    },
  ],
  queues: [{ id: 'care', name: 'Care', campaignId: 'care-inbound', reofferAfterSeconds: 0 }],
  workflows: [
    { id: 'wf', name: 'Care line', start: 'q', objects: [{ id: 'q', type: 'queue', queueId: 'care' }] },
    {
      id: 'pay',
      name: 'Payments',
      transferTarget: true,
      start: 'acct',
      objects: [
        {
          id: 'acct',
          type: 'collect',
          label: 'account',
          prompt: 'account.wav',
          minDigits: 4,
          maxDigits: 4,
          terminator: '#',
          timeoutSeconds: 5,
          attempts: 1,
          next: 'q',
          noInputNext: null,
        },
        { id: 'q', type: 'queue', queueId: 'care' },
      ],
    },
  ],
  dnis: [{ number: '+61290000001', workflowId: 'wf' }],
} as unknown as WorkspaceConfig;

export const tick = async (n = 3) => {
  for (let k = 0; k < n; k++) await new Promise((r) => setImmediate(r));
};

export interface Agent {
  id: string;
  session: AgentSession;
  events: AgentSessionEvent[];
  line: FakeLeg;
}

/**
 * A desk with agents on open call-me lines (each a FakeLeg), all Available; `call()` puts a
 * caller through the care DNIS to whoever is free (alice first when only she is available).
 */
export function transferDesk(ids: readonly string[] = ['alice', 'bob', 'carol'], ws: WorkspaceConfig = TRANSFER_WS) {
  const clock = new FakeClock();
  const port = new FakePort();
  const lines = new FakeLines();
  const agents = new Map<string, Agent>();
  const desk: CallDesk = new CallDesk({
    port,
    lines,
    clock,
    logger: silentLogger,
    records: new MemoryCallRecordStore(),
    callbacks: new MemoryCallbackStore(),
    workspace: () => ws,
    session: (id) => {
      const a = agents.get(id);
      return a && !a.events.some((e) => e.name === 'session.ended') ? a.session : undefined;
    },
    agentRingMs: 10_000,
  });
  for (const id of ids) {
    const events: AgentSessionEvent[] = [];
    const session = new AgentSession({
      clock,
      sessionId: `ses_${id}`,
      agent: { id, username: id, displayName: id, agentNumber: '1', teamId: 'care' },
      pauseReasons: [{ id: 'break', name: 'Break' }],
      campaigns: [{ id: 'care-inbound', name: 'Care', direction: 'inbound' }],
      defaults: null,
      voice: new FakeConnector(),
      onEvent: (e) => {
        events.push(e);
        desk.sessionEvent(id, e);
      },
    });
    session.apply({ type: 'connect-voice', method: 'call-me', number: '+61412345678', persistent: true, saveAsDefault: false });
    session.voiceConnected();
    const line = new FakeLeg(`${id}-line`, port.log);
    lines.lines.set(id, { method: 'call-me', persistent: true, number: '+61412345678', leg: line });
    agents.set(id, { id, session, events, line });
  }
  const agent = (id: string) => agents.get(id)!;
  /** A caller reaches `to` (the only available agent at that moment). */
  async function call(to = 'alice') {
    const live = () => [...agents.values()].filter((a) => !a.events.some((e) => e.name === 'session.ended'));
    const idle = (a: Agent) => a.session.view().activity === 'idle';
    for (const a of live()) if (a.id !== to && idle(a) && a.session.view().presence.kind === 'available') a.session.apply({ type: 'pause', reasonId: 'break' });
    if (agent(to).session.view().presence.kind === 'paused') agent(to).session.apply({ type: 'set-available' });
    const caller = new FakeLeg(`caller${++n}`, port.log);
    assert.equal(desk.takeInbound({ leg: caller, from: '+61491570156', to: '+61290000001' }), true);
    await tick();
    const c = desk.callOf(to);
    assert.ok(c?.connected, `${to} took the call`);
    for (const a of live()) if (a.id !== to && idle(a) && a.session.view().presence.kind === 'paused') a.session.apply({ type: 'set-available' });
    return { caller, call: c, connected: c.connected, iid: c.interaction.id };
  }
  let n = 0;
  return { clock, port, lines, desk, agent, call };
}
