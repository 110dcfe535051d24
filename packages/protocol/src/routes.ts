import { z } from 'zod';
import { safeString, safeText } from './safe-string';
import { loginRequestSchema, loginResponseSchema } from './auth';
import { agentViewSchema } from './agent-view';
import { commandRequestSchema, commandResponseSchema } from './commands';
import { webrtcAnswerSchema, webrtcOfferSchema } from './call-commands';
import { agentStatusListSchema, auditListSchema } from './supervisor';
import { floorSnapshotSchema } from './floor';
import { phonePasswordParamsSchema, phonePasswordResponseSchema } from './phone-credentials';
import { serviceNowCallerQuerySchema, serviceNowCallersSchema, serviceNowInteractionSchema, serviceNowLoggedSchema } from './crm';
import { recordingRoutes } from './recording-routes';
import { configRoutes } from './config-routes';
import { monitorRoutes } from './monitor-routes';
import type { RouteSpec } from './route-spec';
import { transferDestinationsParamsSchema, transferDestinationsSchema } from './transfer';
import { assistListSchema, assistRecipientsSchema, assistRequestSchema, assistSendSchema } from './assist';

export type { RouteSpec };

const okSchema = z.object({ ok: z.literal(true) });

/** The demo caller (a simulated customer in a browser): what it may dial and what it is told. */
const demoNumberSchema = safeString().regex(/^\+?[0-9]{3,16}$/, 'a phone number: digits with an optional leading +');
const demoCallIdSchema = z.strictObject({ callId: safeString().regex(/^demo_[A-Za-z0-9_-]{4,40}$/, 'a demo call id') });
/** connecting: the browser's media (ICE, DTLS) is not up yet; the call reaches the IVR once it is. */
export const demoCallStateSchema = z.enum(['connecting', 'ivr', 'queued', 'ringing-agent', 'with-agent', 'ended']);
export type DemoCallState = z.infer<typeof demoCallStateSchema>;

/**
 * The REST API. The server registers exactly these routes and validates with
 * exactly these schemas; the OpenAPI document is generated from this table.
 */
export const routes = {
  login: {
    method: 'POST',
    path: '/api/v1/auth/login',
    summary: 'Log in with username and password; returns a bearer token',
    auth: 'public',
    body: loginRequestSchema,
    response: loginResponseSchema,
  },
  logout: {
    method: 'POST',
    path: '/api/v1/auth/logout',
    summary: 'Revoke the bearer token (and sign the agent out)',
    auth: ['agent', 'supervisor', 'admin'],
    response: okSchema,
  },
  agentState: {
    method: 'GET',
    path: '/api/v1/agent/state',
    summary: "The calling agent's current view (a snapshot)",
    auth: ['agent'],
    response: agentViewSchema,
  },
  agentCommand: {
    method: 'POST',
    path: '/api/v1/agent/commands',
    summary:
      'Apply a command to the calling agent’s session (idempotent by requestId). Optional header X-Client-Id: the sending tab; while a tab owns the session, commands from other clients get 409 NOT_SESSION_OWNER',
    auth: ['agent'],
    body: commandRequestSchema,
    response: commandResponseSchema,
  },
  webrtcOffer: {
    method: 'POST',
    path: '/api/v1/agent/webrtc',
    summary: 'Web Connect: send the browser’s SDP offer for the agent’s voice path; returns the engine’s answer',
    auth: ['agent'],
    body: webrtcOfferSchema,
    response: webrtcAnswerSchema,
  },
  demoNumbers: {
    method: 'GET',
    path: '/api/v1/demo/numbers',
    summary: 'Demo caller (a simulated customer, sandbox only): the numbers it can call. 404 NOT_FOUND when the demo caller is off (DEMO_CALLER=off)',
    auth: 'public',
    response: z.object({ numbers: z.array(z.object({ number: z.string(), name: z.string() })), callerId: z.string() }),
  },
  demoCallStart: {
    method: 'POST',
    path: '/api/v1/demo/calls',
    summary:
      'Demo caller: call a demo number from the browser over WebRTC (non-trickle SDP offer in, answer out). 429 RATE_LIMITED when too many demo calls are up or were started from this address',
    auth: 'public',
    body: z.strictObject({ dnis: demoNumberSchema, sdp: safeText().min(10).max(20000) }),
    response: z.object({ callId: z.string(), sdp: z.string() }),
  },
  demoCallStatus: {
    method: 'GET',
    path: '/api/v1/demo/calls/:callId',
    summary: 'Demo caller: where the call is (IVR, queued, ringing an agent, with an agent, ended)',
    auth: 'public',
    params: demoCallIdSchema,
    response: z.object({ callId: z.string(), state: demoCallStateSchema, cause: z.string().nullable() }),
  },
  demoCallHangup: {
    method: 'DELETE',
    path: '/api/v1/demo/calls/:callId',
    summary: 'Demo caller: hang up',
    auth: 'public',
    params: demoCallIdSchema,
    response: okSchema,
  },
  agents: {
    method: 'GET',
    path: '/api/v1/agents',
    summary: 'Every agent and its current state (supervisors and admins)',
    auth: ['supervisor', 'admin'],
    response: agentStatusListSchema,
  },
  agentAudit: {
    method: 'GET',
    path: '/api/v1/agents/:agentId/audit',
    summary: "An agent's state-change audit, newest first (supervisors and admins)",
    auth: ['supervisor', 'admin'],
    params: z.strictObject({ agentId: safeString().min(1).max(64) }),
    query: z.strictObject({ limit: z.coerce.number().int().min(1).max(1000).default(100) }),
    response: auditListSchema,
  },
  phonePassword: {
    method: 'POST',
    path: '/api/v1/agents/:agentId/phone-password',
    summary:
      "Issue a new SIP password for an agent's phone (an agent for themselves, an admin for anyone). The password is in this response only: the server stores its digest HA1s, and the agent's previous phone password stops working. Audited. Send no body",
    auth: ['agent', 'admin'],
    params: phonePasswordParamsSchema,
    response: phonePasswordResponseSchema,
  },
  // Supervisor workspace: the live floor as one snapshot (the page itself follows FLOOR_EVENTS_PATH).
  floor: {
    method: 'GET',
    path: '/api/v1/floor',
    summary: 'The live floor: logged-in agents (state, time in state, call, voice path) and queues. Supervisors see their team; admins every team',
    auth: ['supervisor', 'admin'],
    response: floorSnapshotSchema,
  },
  transferDestinations: {
    method: 'GET',
    path: '/api/v1/calls/:interactionId/transfer-destinations',
    summary:
      'Transfer dialog (manual 8): agents who are available or paused with a reason that takes transfers (with their time in state), the campaign’s transfer numbers, and the workflows allowed as transfer targets. 404 NOT_FOUND when the interaction is not the calling agent’s',
    auth: ['agent'],
    params: transferDestinationsParamsSchema,
    response: transferDestinationsSchema,
  },
  assistRecipients: {
    method: 'GET',
    path: '/api/v1/agent/assist/recipients',
    summary: 'Request assistance (manual 17): whether the agent’s team has it, and the supervisors of the team logged in to the workspace now',
    auth: ['agent'],
    response: assistRecipientsSchema,
  },
  assistSend: {
    method: 'POST',
    path: '/api/v1/agent/assist',
    summary:
      'Request assistance: send a message (at most 1,500 characters) with a priority (default high) to a supervisor of the agent’s team who is logged in. 403 FORBIDDEN when the team does not have it; 422 when the recipient is not one of assistRecipients',
    auth: ['agent'],
    body: assistSendSchema,
    response: assistRequestSchema,
  },
  assistMine: {
    method: 'GET',
    path: '/api/v1/agent/assist',
    summary: 'The calling agent’s assistance requests of the last 24 hours, newest first (to show which were viewed)',
    auth: ['agent'],
    response: assistListSchema,
  },
  assistInbox: {
    method: 'GET',
    path: '/api/v1/assist',
    summary: 'Assistance requests addressed to the caller (last 7 days), ordered by priority then newest first',
    auth: ['supervisor', 'admin'],
    response: assistListSchema,
  },
  assistViewed: {
    method: 'POST',
    path: '/api/v1/assist/:requestId/viewed',
    summary: 'Mark an assistance request viewed (its recipient only): the agent is told. Marking it again changes nothing',
    auth: ['supervisor', 'admin'],
    params: z.strictObject({ requestId: safeString().regex(/^ast_[A-Za-z0-9_-]{4,60}$/, 'an assistance request id') }),
    response: assistRequestSchema,
  },
  reloadWorkspace: {
    method: 'POST',
    path: '/api/v1/admin/workspace/reload',
    summary: 'Re-read the workspace file and apply it to the store (admins)',
    auth: ['admin'],
    response: z.object({ ok: z.literal(true), counts: z.record(z.string(), z.number()) }),
  },
  // ServiceNow's Table API through the server (its credentials stay here): the adapter's OpenFrame bridge.
  serviceNowCallers: {
    method: 'GET',
    path: '/api/v1/crm/servicenow/callers',
    summary:
      "ServiceNow: the caller's records by phone number (the instance's Table API, with the server's SERVICENOW_* credentials). 503 CRM_NOT_CONFIGURED without them, 502 CRM_UPSTREAM_FAILED, 504 CRM_UPSTREAM_TIMEOUT",
    auth: ['agent'],
    query: serviceNowCallerQuerySchema,
    response: serviceNowCallersSchema,
  },
  serviceNowInteraction: {
    method: 'POST',
    path: '/api/v1/crm/servicenow/interactions',
    summary: "ServiceNow: log the agent's wrapped call as an interaction record (Table API). Only the agent who had the call may log it (403 FORBIDDEN)",
    auth: ['agent'],
    body: serviceNowInteractionSchema,
    response: serviceNowLoggedSchema,
  },
  ...recordingRoutes,
  ...configRoutes,
  ...monitorRoutes,
} as const satisfies Record<string, RouteSpec>;

export type RouteName = keyof typeof routes;

/** The event stream: a WebSocket at this path; see clientMessageSchema / serverMessageSchema. */
export const EVENTS_PATH = '/api/v1/events';
