import type { RecordingRouteName } from '@switchboard/protocol';
import type { RouteHandlers } from '../http/register-routes';
import type { ReportService } from '../reports/report-service';
import type { RecordingService } from './recording-service';
import type { RetentionJob } from './retention-job';

export interface RecordingHandlerDeps {
  recordings: RecordingService;
  retention: RetentionJob;
  reports: ReportService;
}

/** The recordings and reports routes (protocol's recordingRoutes). */
export function recordingHandlers(d: RecordingHandlerDeps): Pick<RouteHandlers, RecordingRouteName> {
  return {
    async recordingsSearch({ principal, query }) {
      return d.recordings.search(principal, query);
    },
    async recordingDetail({ principal, params }) {
      return d.recordings.detail(principal, params.interactionId);
    },
    async recordingTicket({ principal, params, body }) {
      return d.recordings.ticket(principal, params.interactionId, body.purpose);
    },
    async recordingAudio({ req, reply, params, query }) {
      return d.recordings.audio(req, reply, params.interactionId, query.ticket);
    },
    async recordingAccessLog({ query }) {
      const rows = await d.recordings.accessLog(query.interactionId, query.limit);
      return { rows };
    },
    async recordingsRetention() {
      return d.retention.run();
    },
    async reportCdr({ principal, query, reply }) {
      const from = Date.parse(query.from);
      const to = Date.parse(query.to);
      const name = `calls-${query.from.slice(0, 10)}-to-${query.to.slice(0, 10)}.csv`;
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="${name}"`)
        .send(d.reports.cdr(principal, from, to));
    },
    async reportIntervals({ principal, query }) {
      return d.reports.intervals(principal, query);
    },
  };
}
