import { FakeClock } from '@switchboard/shared';
import {
  AgentSession,
  type AgentCommand,
  type AgentSessionEvent,
  type AgentSessionOptions,
  type VoiceConnectRequest,
  type VoiceConnectResult,
  type VoiceConnector,
} from '../../src/index';

/** A voice connector that records what it was asked and answers as told. */
export class FakeConnector implements VoiceConnector {
  readonly connects: VoiceConnectRequest[] = [];
  readonly disconnects: Array<{ sessionId: string; agentId: string; attemptId: number }> = [];
  /** Set to check call-me numbers as the server's connector does. */
  prepareNumber?: (agentId: string, number: string) => string;
  answer: (req: VoiceConnectRequest) => VoiceConnectResult | Promise<VoiceConnectResult> = (req) =>
    req.method === 'call-in'
      ? { kind: 'awaiting-call-in', dialNumber: '+61290000000', agentNumber: '1001', pin: '1234' }
      : req.method === 'call-me'
        ? { kind: 'dialling' }
        : { kind: 'awaiting-web' };

  connect(req: VoiceConnectRequest): VoiceConnectResult | Promise<VoiceConnectResult> {
    this.connects.push(req);
    return this.answer(req);
  }

  disconnect(req: { sessionId: string; agentId: string; attemptId: number }): void {
    this.disconnects.push(req);
  }
}

export interface Harness {
  clock: FakeClock;
  connector: FakeConnector;
  session: AgentSession;
  events: AgentSessionEvent[];
  /** Events recorded since the last call. */
  take(): AgentSessionEvent[];
}

export const ALICE = { id: 'alice', username: 'alice', displayName: 'Alice Nguyen', agentNumber: '1001', teamId: 'care' };

export const REASONS = [
  { id: 'break', name: 'Break' },
  { id: 'lunch', name: 'Lunch' },
  { id: 'meeting', name: 'Meeting' },
];

export function harness(overrides: Partial<AgentSessionOptions> = {}): Harness {
  const clock = new FakeClock();
  const connector = new FakeConnector();
  const events: AgentSessionEvent[] = [];
  let taken = 0;
  const session = new AgentSession({
    clock,
    sessionId: 'ses_1',
    agent: ALICE,
    pauseReasons: REASONS,
    campaigns: [{ id: 'care-inbound', name: 'Customer Care', direction: 'inbound' }],
    defaults: null,
    voice: connector,
    onEvent: (e) => events.push(e),
    ...overrides,
  });
  return {
    clock,
    connector,
    session,
    events,
    take() {
      const out = events.slice(taken);
      taken = events.length;
      return out;
    },
  };
}

export const callIn: AgentCommand = { type: 'connect-voice', method: 'call-in', persistent: true, saveAsDefault: false };
export const callMe = (number = '+61412345678', persistent = true): AgentCommand => ({
  type: 'connect-voice',
  method: 'call-me',
  number,
  persistent,
  saveAsDefault: false,
});

/** Logged in and connected by call-in: activity idle, still paused Not Ready. */
export function connected(overrides: Partial<AgentSessionOptions> = {}): Harness {
  const h = harness(overrides);
  h.session.apply(callIn);
  h.session.voiceConnected();
  h.take();
  return h;
}

/** Connected and Available. */
export function ready(overrides: Partial<AgentSessionOptions> = {}): Harness {
  const h = connected(overrides);
  h.session.apply({ type: 'set-available' });
  h.take();
  return h;
}

export function names(events: AgentSessionEvent[]): string[] {
  return events.map((e) => e.name);
}
