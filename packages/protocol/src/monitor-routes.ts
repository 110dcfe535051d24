import type { RouteSpec } from './route-spec';
import { monitorModeBodySchema, monitorParamsSchema, monitorStartSchema, monitorStartedSchema, monitorStatusSchema, monitorViewSchema } from './monitor';

const staff = ['supervisor', 'admin'] as const;
const path = '/api/v1/floor/calls/:interactionId/monitor';
const scope = '403 FORBIDDEN for a call of an agent outside the caller’s teams (admins: every call); 404 NOT_FOUND for no such call';

/** Listen, whisper, barge (issue 20.4): one supervisor per call, over their own phone (call me). */
export const monitorRoutes = {
  monitorStatus: {
    method: 'GET',
    path,
    summary: `Who is listening to, whispering to or barging into the call now (null: nobody). ${scope}`,
    auth: staff,
    params: monitorParamsSchema,
    response: monitorStatusSchema,
  },
  monitorStart: {
    method: 'POST',
    path,
    summary: `Listen (the supervisor hears both sides, nobody hears them), whisper (only the agent hears them) or barge (a three-way call) on a live call: over call me (\`number\`: the platform calls the supervisor and joins them when they answer) or Web Connect (\`sdp\`: the browser's offer; the answer is in the response and the browser joins at once). 409 ACTION_NOT_ALLOWED when the call is not live, someone else is on it, or the caller is on another call; 422 when the number is refused. ${scope}`,
    auth: staff,
    params: monitorParamsSchema,
    body: monitorStartSchema,
    response: monitorStartedSchema,
  },
  monitorMode: {
    method: 'PUT',
    path,
    summary: `Switch between listen, whisper and barge during the call (the supervisor who is on it). ${scope}`,
    auth: staff,
    params: monitorParamsSchema,
    body: monitorModeBodySchema,
    response: monitorViewSchema,
  },
  monitorStop: {
    method: 'DELETE',
    path,
    summary: `Stop: the supervisor's leg is hung up, the call goes on (the supervisor who is on it). ${scope}`,
    auth: staff,
    params: monitorParamsSchema,
    response: monitorViewSchema,
  },
} as const satisfies Record<string, RouteSpec>;

export type MonitorRouteName = keyof typeof monitorRoutes;
