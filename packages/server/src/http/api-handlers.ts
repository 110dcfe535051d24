import type { FastifyRequest } from 'fastify';
import { verifySecret, hashSecret, type Clock, type Logger } from '@switchboard/shared';
import type { Store, UserRecord } from '@switchboard/store';
import type { LoginThrottle, ThrottleWait } from '../auth/login-throttle';
import type { TokenService } from '../auth/token-service';
import type { Metrics } from '../metrics';
import type { SessionHub } from '../sessions/session-hub';
import type { FloorView } from '../floor/floor-view';
import type { PhoneCredentials } from '../phones/phone-credentials';
import type { AssistService } from '../floor/assist-service';
import { DEMO_CALLER_ID, type DemoCalls } from '../demo/demo-calls';
import { apiError } from './api-error';
import type { StartLimit } from './rate-limits';
import type { ServiceNowTable } from '../crm/servicenow-table';
import type { RouteHandlers } from './register-routes';
import type { ConfigRouteName, MonitorRouteName, RecordingRouteName, TransferDestinations } from '@switchboard/protocol';

export interface HandlerDeps {
  store: Store;
  hub: SessionHub;
  tokens: TokenService;
  throttle: LoginThrottle;
  metrics: Metrics;
  clock: Clock;
  log?: Logger;
  /** Re-reads the workspace file into the store; returns counts per kind. */
  reloadWorkspace(): Promise<Record<string, number>>;
  /** Web Connect on the telephony engine (calls/): the browser's SDP offer → our answer. Absent with ENGINE=off. */
  webrtc?: (agentId: string, sdp: string) => Promise<string>;
  /** The demo caller (demo/): absent when it is off (DEMO_CALLER, or no engine). */
  demo?: DemoCalls;
  /** Demo starts per client address (rate-limits.ts); with demo. */
  demoStarts?: StartLimit;
  /** The supervisors' live floor (floor/). */
  floor: FloorView;
  /** Agents' phone credentials (phones/). */
  phones: PhoneCredentials;
  /** ServiceNow's Table API with the server's credentials (crm/): absent without SERVICENOW_INSTANCE. */
  serviceNow?: ServiceNowTable;
  /** Request assistance (floor/assist-service.ts). */
  assist: AssistService;
  /** The Transfer dialog's lists for one of the agent's calls (calls/transfer-destinations.ts). */
  transferDestinations(agentId: string, interactionId: string): Promise<TransferDestinations>;
}

const CLIENT_ID_RE = /^[A-Za-z0-9_.:-]{8,100}$/;

/** X-Client-Id: which tab sent a command (see TabOwnership.mayCommand). */
function clientIdOf(req: FastifyRequest): string | undefined {
  const raw = req.headers['x-client-id'];
  if (raw === undefined) return undefined;
  if (typeof raw !== 'string' || !CLIENT_ID_RE.test(raw)) {
    throw apiError('VALIDATION_FAILED', 'Invalid header: x-client-id', {
      where: 'headers',
      fields: { 'x-client-id': '8-100 characters: letters, digits, _ . : -' },
    });
  }
  return raw;
}

let dummyHash: Promise<string> | undefined;

function throttledMessage(w: ThrottleWait): string {
  const where = w.scope === 'username-address' ? 'for this username from here' : w.scope === 'username' ? 'for this username' : 'from this address';
  const when = w.seconds < 120 ? `${w.seconds} s` : `${Math.ceil(w.seconds / 60)} min`;
  return `Too many failed logins ${where}: wait ${when} before trying again`;
}

/**
 * Logins for a user started to be slowed down: a row in their audit (the audit belongs to known
 * users; an unknown username or an address spraying many is logged only).
 */
async function auditThrottle(
  d: HandlerDeps,
  user: UserRecord | null,
  a: { username: string; address: string; deviceId?: string | undefined },
  started: ThrottleWait[],
): Promise<void> {
  d.log?.warn({ username: a.username, address: a.address, started }, 'login throttled');
  if (!user) return;
  for (const w of started) {
    if (w.scope === 'address') continue;
    await d.store.audit
      .appendAudit({
        at: d.clock.now(),
        agentId: user.id,
        kind: 'login',
        from: null,
        to: 'throttled',
        detail: { scope: w.scope, address: a.address, knownDevice: a.deviceId !== undefined && d.throttle.isKnown(a), retryAfterSeconds: w.seconds },
      })
      .catch((err: unknown) => d.log?.error({ err }, 'audit of a login throttle failed'));
  }
}

/** Every route but the recordings' and reports' (recordings/recording-handlers.ts), the configuration's (config/) and monitoring's (floor/monitor-handlers.ts). */
export function apiHandlers(d: HandlerDeps): Omit<RouteHandlers, RecordingRouteName | ConfigRouteName | MonitorRouteName> {
  const demo = (): DemoCalls => {
    if (!d.demo) throw apiError('NOT_FOUND', 'The demo caller is off here (DEMO_CALLER=off, or the telephony engine or sandbox carrier is not running)');
    return d.demo;
  };
  const serviceNow = (): ServiceNowTable => {
    if (!d.serviceNow) throw apiError('CRM_NOT_CONFIGURED', 'This server has no ServiceNow instance configured (SERVICENOW_INSTANCE, SERVICENOW_USER, SERVICENOW_PASSWORD)');
    return d.serviceNow;
  };
  return {
    async login({ body, req, reply }) {
      const attempt = { username: body.username, address: req.ip, deviceId: body.deviceId };
      const wait = d.throttle.check(attempt);
      if (wait) {
        d.metrics.loginFailed(true);
        void reply.header('retry-after', String(wait.seconds));
        throw apiError('LOGIN_THROTTLED', throttledMessage(wait), { retryAfterSeconds: wait.seconds, scope: wait.scope });
      }
      const user: UserRecord | null = await d.store.agents.findUserByUsername(body.username);
      // Verify against a dummy hash for unknown users, so timing does not reveal which usernames exist.
      const ok = await verifySecret(body.password, user?.passwordHash ?? (await (dummyHash ??= hashSecret('not-a-password'))));
      if (!user || !ok) {
        const started = d.throttle.recordFailure(attempt);
        d.metrics.loginFailed(false);
        if (started.length) await auditThrottle(d, user, attempt, started);
        throw apiError('INVALID_CREDENTIALS', 'Wrong username or password');
      }
      d.throttle.recordSuccess(attempt);
      if (body.app === 'workspace' && user.role === 'agent') {
        throw apiError('FORBIDDEN', 'The workspace is for supervisors and admins. Agents use the adapter at /.');
      }
      const { token, expiresAt } = await d.tokens.issue(user.id, user.role);
      if (user.role === 'agent') await d.hub.ensure(user.id, expiresAt, true);
      return {
        token,
        expiresAt: new Date(expiresAt).toISOString(),
        user: { id: user.id, username: user.username, displayName: user.displayName, role: user.role },
      };
    },

    async logout({ principal }) {
      if (principal.role === 'agent') {
        d.hub.end(principal.userId, 'signed out');
        // The session is gone: no token of this agent should bring it back.
        await d.tokens.revokeUser(principal.userId);
      }
      await d.tokens.revoke(principal.tokenHash);
      return { ok: true as const };
    },

    async agentState({ principal }) {
      const rt = await d.hub.ensure(principal.userId, principal.expiresAt);
      // The hub's view carries the open call (when the engine runs).
      return d.hub.view(principal.userId) ?? rt.session.view();
    },

    async agentCommand({ principal, body, req }) {
      const res = await d.hub.command(principal.userId, clientIdOf(req), body, principal.expiresAt);
      if (body.command.type === 'sign-out' && res.applied) {
        await d.tokens.revokeUser(principal.userId);
      }
      return res;
    },

    async webrtcOffer({ principal, body }) {
      // Without the engine nothing pretends to connect.
      if (!d.webrtc) throw apiError('VOICE_UNAVAILABLE', 'Web Connect needs the telephony engine, which is not running (ENGINE=off)');
      await d.hub.ensure(principal.userId, principal.expiresAt);
      return { sdp: await d.webrtc(principal.userId, body.sdp) };
    },

    async demoNumbers() {
      return { numbers: demo().numbers(), callerId: DEMO_CALLER_ID };
    },

    async demoCallStart({ body, req, reply }) {
      try {
        return await demo().start({ dnis: body.dnis, sdp: body.sdp, admit: () => (d.demoStarts ? d.demoStarts(req) : Promise.resolve(0)) });
      } catch (err) {
        const wait = (err as { details?: { retryAfterSeconds?: number } }).details?.retryAfterSeconds;
        if (wait) void reply.header('retry-after', String(wait));
        throw err;
      }
    },

    async demoCallStatus({ params }) {
      return demo().status(params.callId);
    },

    async demoCallHangup({ params }) {
      demo().hangup(params.callId);
      return { ok: true as const };
    },

    async agents() {
      const list = await d.store.agents.listAgents();
      return { agents: list.map((a) => d.hub.statusRow(a)) };
    },

    async agentAudit({ params, query }) {
      const agent = await d.store.agents.getAgent(params.agentId);
      if (!agent) throw apiError('NOT_FOUND', `No agent ${params.agentId}`);
      await d.hub.flush();
      const rows = await d.store.audit.listAudit(params.agentId, query.limit);
      return {
        rows: rows.map((r) => ({ id: r.id, at: new Date(r.at).toISOString(), agentId: r.agentId, sessionId: r.sessionId, kind: r.kind, from: r.from, to: r.to, detail: r.detail })),
      };
    },

    async phonePassword({ principal, params, reply }) {
      // An agent for themselves; an admin for anyone (the route table lets no other role in).
      if (principal.role !== 'admin' && principal.userId !== params.agentId) {
        throw apiError('FORBIDDEN', "An agent may only issue their own phone password; an admin may issue anyone's");
      }
      const before = d.phones.originOf(params.agentId);
      const issued = await d.phones.issue(params.agentId);
      if (!issued) throw apiError('NOT_FOUND', `No agent ${params.agentId}`);
      await d.store.audit
        .appendAudit({
          at: d.clock.now(),
          agentId: issued.agentId,
          kind: 'phone-credentials',
          from: before,
          to: 'issued',
          detail: { by: principal.userId, role: principal.role, realm: issued.realm, users: issued.users },
        })
        .catch((err: unknown) => d.log?.error({ err }, 'audit of a phone password rotation failed'));
      d.log?.info({ agentId: issued.agentId, by: principal.userId, users: issued.users }, 'phone password issued');
      // Shown once: no cache may keep it.
      void reply.header('cache-control', 'no-store');
      return { ...issued, createdAt: new Date(issued.createdAt).toISOString() };
    },

    async floor({ principal }) {
      return d.floor.snapshot(principal);
    },
    async transferDestinations({ principal, params }) {
      return d.transferDestinations(principal.userId, params.interactionId);
    },
    async assistRecipients({ principal }) {
      return d.assist.recipients(principal.userId);
    },
    async assistSend({ principal, body }) {
      return d.assist.send(principal.userId, body);
    },
    async assistMine({ principal }) {
      return { requests: await d.assist.mine(principal.userId) };
    },
    async assistInbox({ principal }) {
      return { requests: await d.assist.inbox(principal.userId) };
    },
    async assistViewed({ principal, params }) {
      return d.assist.viewed(principal.userId, params.requestId);
    },

    async serviceNowCallers({ query }) {
      return { records: await serviceNow().findCallers(query.phone) };
    },

    async serviceNowInteraction({ principal, body }) {
      const table = serviceNow();
      // Only the agent who had the call writes it into the CRM.
      const call = await d.store.calls.get(body.interactionId);
      if (!call) throw apiError('NOT_FOUND', `No call ${body.interactionId}`);
      if (call.agentId !== principal.userId) throw apiError('FORBIDDEN', `Call ${body.interactionId} was not yours`);
      return table.logInteraction(body);
    },

    async reloadWorkspace() {
      return { ok: true as const, counts: await d.reloadWorkspace() };
    },
  };
}
