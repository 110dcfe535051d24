import type { WorkspaceConfig } from '@switchboard/core';
import { compareAssist, type AssistRecipients, type AssistRequest, type AssistSend, type ServerMessage, type FloorServerMessage } from '@switchboard/protocol';
import { newId, type Clock, type Logger } from '@switchboard/shared';
import type { AssistRecord, Store } from '@switchboard/store';
import { apiError } from '../http/api-error';

export interface AssistDeps {
  store: Pick<Store, 'assist'>;
  workspace(): WorkspaceConfig;
  clock: Clock;
  logger: Logger;
  /** Whether a staff member has the workspace open now (a floor socket): "logged in" for the dropdown. */
  isOnline(userId: string): boolean;
  /** The agent's open call, to attach to the request. */
  currentCall(agentId: string): { id: string; customerNumber: string | null } | null;
  /** Sends to the agent's event sockets (SessionHub.notifyAgent). */
  toAgent(agentId: string, json: string): void;
  /** Sends to the staff member's floor sockets (FloorHub.sendToUser). */
  toStaff(userId: string, json: string): void;
}

const DAY_MS = 86_400_000;

/**
 * Request assistance (manual 17): an agent of a team that has it enabled (workspace file, team
 * `requestAssistance`) sends a message to a supervisor of the same team who is logged in to the
 * workspace. It is stored first (a restart loses none), then pushed to the supervisor's workspace;
 * marking it viewed stores the time once and tells the agent.
 */
export class AssistService {
  constructor(private readonly d: AssistDeps) {}

  recipients(agentId: string): AssistRecipients {
    const ws = this.d.workspace();
    const agent = ws.agents.find((a) => a.id === agentId);
    const team = agent?.teamId ? ws.teams.find((t) => t.id === agent.teamId) : undefined;
    if (!team || team.requestAssistance !== true) return { enabled: false, recipients: [] };
    const recipients = ws.staff
      .filter((s) => s.teamId === team.id && this.d.isOnline(s.id))
      .map((s) => ({ userId: s.id, displayName: s.displayName }))
      .sort((a, b) => a.displayName.localeCompare(b.displayName));
    return { enabled: true, recipients };
  }

  async send(agentId: string, body: Required<Pick<AssistSend, 'toUserId' | 'message'>> & { priority: 'high' | 'medium' | 'low' }): Promise<AssistRequest> {
    const { enabled, recipients } = this.recipients(agentId);
    if (!enabled) throw apiError('FORBIDDEN', 'Request assistance is not enabled for your team');
    const to = recipients.find((r) => r.userId === body.toUserId);
    if (!to) throw apiError('RECIPIENT_UNAVAILABLE', 'That supervisor is not logged in to the workspace, or not in your team: pick another', { toUserId: body.toUserId });
    const ws = this.d.workspace();
    const agent = ws.agents.find((a) => a.id === agentId)!;
    const call = this.d.currentCall(agentId);
    const rec: AssistRecord = {
      id: newId('ast'),
      agentId,
      agentName: agent.displayName,
      teamId: agent.teamId,
      toUserId: to.userId,
      toName: to.displayName,
      message: body.message,
      priority: body.priority,
      interactionId: call?.id ?? null,
      customerNumber: call?.customerNumber ?? null,
      createdAt: this.d.clock.now(),
      viewedAt: null,
    };
    await this.d.store.assist.add(rec);
    const out = toWire(rec);
    this.push(out);
    this.d.logger.info({ id: rec.id, agentId, toUserId: rec.toUserId, priority: rec.priority }, 'assistance requested');
    return out;
  }

  /** Requests addressed to the user in the last 7 days, by priority then newest first. */
  async inbox(userId: string): Promise<AssistRequest[]> {
    const rows = await this.d.store.assist.listForRecipient(userId, this.d.clock.now() - 7 * DAY_MS);
    return rows.map(toWire).sort(compareAssist);
  }

  async mine(agentId: string): Promise<AssistRequest[]> {
    const rows = await this.d.store.assist.listForAgent(agentId, this.d.clock.now() - DAY_MS);
    return rows.map(toWire);
  }

  /** The recipient read it: stored once (a second call keeps the first time), and the agent is told. */
  async viewed(userId: string, id: string): Promise<AssistRequest> {
    const rec = await this.d.store.assist.get(id);
    if (!rec) throw apiError('NOT_FOUND', `No assistance request ${id}`);
    if (rec.toUserId !== userId) throw apiError('FORBIDDEN', 'This assistance request was sent to someone else');
    if (rec.viewedAt !== null) return toWire(rec);
    const now = await this.d.store.assist.markViewed(id, this.d.clock.now());
    const out = toWire(now ?? rec);
    this.push(out);
    return out;
  }

  private push(r: AssistRequest): void {
    this.d.toStaff(r.toUserId, JSON.stringify({ type: 'assist', request: r } satisfies FloorServerMessage));
    this.d.toAgent(r.agentId, JSON.stringify({ type: 'assist', request: r } satisfies ServerMessage));
  }
}

function toWire(r: AssistRecord): AssistRequest {
  return {
    id: r.id,
    agentId: r.agentId,
    agentName: r.agentName,
    teamId: r.teamId,
    toUserId: r.toUserId,
    toName: r.toName,
    message: r.message,
    priority: r.priority,
    interactionId: r.interactionId,
    customerNumber: r.customerNumber,
    createdAt: new Date(r.createdAt).toISOString(),
    viewedAt: r.viewedAt === null ? null : new Date(r.viewedAt).toISOString(),
  };
}
