import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AGENT_SESSION_EVENT_NAMES, type AgentSessionView, type AgentCommand } from '@switchboard/core';
import type { AgentView, SessionCommand as Command } from '@switchboard/protocol';
import { AGENT_EVENT_NAMES, agentViewSchema } from '@switchboard/protocol';

/**
 * Core may not import protocol, so it re-declares the view and command shapes.
 * These assignments fail `tsc` (part of `npm test`) the moment the two drift.
 */
type Assert<T extends true> = T;
type IsAssignable<A, B> = [A] extends [B] ? true : false;

export type ViewFitsProtocol = Assert<IsAssignable<AgentSessionView, AgentView>>;
export type ProtocolViewFitsCore = Assert<IsAssignable<AgentView, AgentSessionView>>;
export type CommandFitsCore = Assert<IsAssignable<Command, AgentCommand>>;
export type CoreCommandFitsProtocol = Assert<IsAssignable<AgentCommand, Command>>;

test('a core view value passes the protocol schema', () => {
  const view: AgentSessionView = {
    sessionId: 'ses_1',
    agent: { id: 'alice', username: 'alice', displayName: 'Alice Nguyen', agentNumber: '1001', teamId: 'care' },
    presence: { kind: 'paused', reason: { id: 'not-ready', name: 'Not Ready', system: true } },
    activity: 'no-voice',
    voice: { status: 'none', method: null, number: null, persistent: true, prompt: true, callIn: null, failure: null },
    dot: 'red',
    statusText: 'Not Ready',
    pendingPause: null,
    pauseReasons: [{ id: 'break', name: 'Break', system: false }],
    defaults: null,
    campaigns: [{ id: 'care-inbound', name: 'Customer Care', direction: 'inbound' }],
    allowed: ['connect-voice', 'skip-voice', 'sign-out'],
    since: new Date(0).toISOString(),
  };
  const asProtocol: AgentView = view;
  assert.equal(agentViewSchema.safeParse(asProtocol).success, true);
});

test('core names the agent events exactly as protocol does (same names, same order)', () => {
  assert.deepEqual([...AGENT_SESSION_EVENT_NAMES], [...AGENT_EVENT_NAMES]);
});
