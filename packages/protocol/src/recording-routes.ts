import { z } from 'zod';
import type { RouteSpec } from './route-spec';
import {
  recordingAccessListSchema,
  recordingAccessQuerySchema,
  recordingAudioQuerySchema,
  recordingDetailSchema,
  recordingListSchema,
  recordingParamsSchema,
  recordingSearchQuerySchema,
  recordingTicketRequestSchema,
  recordingTicketSchema,
  retentionRunSchema,
} from './recordings';
import { cdrQuerySchema, intervalsQuerySchema, intervalsReportSchema } from './reports';

const everyone = ['agent', 'supervisor', 'admin'] as const;

/**
 * Recordings and reports (issue 20.5, 20.7). Who may see which recording is decided per recording
 * by the server (the workspace file's `recordings` policy), so agents reach these routes too.
 */
export const recordingRoutes = {
  recordingsSearch: {
    method: 'GET',
    path: '/api/v1/recordings',
    summary:
      'Search call recordings by date range, agent, campaign, number, outcome and talk time, newest first. Supervisors see their team’s, admins all, agents their own only if the workspace allows (recordings.play)',
    auth: everyone,
    query: recordingSearchQuerySchema,
    response: recordingListSchema,
  },
  recordingDetail: {
    method: 'GET',
    path: '/api/v1/recordings/:interactionId',
    summary:
      'One recording: the call, its markers (bookmarks, announcements, pauses) and waveform peaks. 403 FORBIDDEN outside the caller’s scope, 410 RECORDING_GONE after retention',
    auth: everyone,
    params: recordingParamsSchema,
    response: recordingDetailSchema,
  },
  recordingTicket: {
    method: 'POST',
    path: '/api/v1/recordings/:interactionId/tickets',
    summary: 'A short-lived URL to play or download the WAV (for <audio> and links, which cannot send a bearer token); the first use is written to the access log',
    auth: everyone,
    params: recordingParamsSchema,
    body: recordingTicketRequestSchema,
    response: recordingTicketSchema,
  },
  recordingAudio: {
    method: 'GET',
    path: '/api/v1/recordings/:interactionId/audio',
    summary:
      'The WAV (audio/wav), with HTTP range requests (206, 416 RANGE_NOT_SATISFIABLE). Authorised by ?ticket= or a bearer token; every play and download is written to the access log',
    auth: 'public',
    params: recordingParamsSchema,
    query: recordingAudioQuerySchema,
    produces: 'audio/wav',
    response: z.unknown(),
  },
  recordingAccessLog: {
    method: 'GET',
    path: '/api/v1/admin/recordings/access-log',
    summary: 'Who played, downloaded or was refused which recording, and what retention deleted; newest first (admins)',
    auth: ['admin'],
    query: recordingAccessQuerySchema,
    response: recordingAccessListSchema,
  },
  recordingsRetention: {
    method: 'POST',
    path: '/api/v1/admin/recordings/retention',
    summary: 'Run the recordings retention job now (it also runs hourly): deletes recordings older than the retention days (admins)',
    auth: ['admin'],
    response: retentionRunSchema,
  },
  reportCdr: {
    method: 'GET',
    path: '/api/v1/reports/cdr',
    summary: 'Call detail records for a date range as CSV (text/csv, streamed). Supervisors get their team’s calls and their queues’, admins all',
    auth: ['supervisor', 'admin'],
    query: cdrQuerySchema,
    produces: 'text/csv',
    response: z.unknown(),
  },
  reportIntervals: {
    method: 'GET',
    path: '/api/v1/reports/intervals',
    summary: 'Per queue or per agent, per 15 minutes: offered, answered, abandoned, service level, average handle time, occupancy',
    auth: ['supervisor', 'admin'],
    query: intervalsQuerySchema,
    response: intervalsReportSchema,
  },
} as const satisfies Record<string, RouteSpec>;

export type RecordingRouteName = keyof typeof recordingRoutes;
