import { Readable } from 'node:stream';
import type { CallRecord, WorkspaceConfig } from '@switchboard/core';
import type { IntervalsQuery, IntervalsReport } from '@switchboard/protocol';
import { REPORT_INTERVAL_MINUTES } from '@switchboard/protocol';
import type { CallCursor, ReportsRepo } from '@switchboard/store';
import type { Clock } from '@switchboard/shared';
import type { Principal } from '../auth/token-service';
import { callInScope, staffScope, type StaffScope } from '../recordings/staff-scope';
import { CDR_HEADER, cdrLine } from './cdr-csv';
import { intervalReport } from './interval-report';

const PAGE = 500;
/** Calls created this long before a report's start may still be handled inside it (occupancy). */
const LOOKBACK_MS = 4 * 3600_000;

export interface ReportServiceDeps {
  repo: ReportsRepo;
  clock: Clock;
  workspace(): WorkspaceConfig;
}

/** Reports (issue 20.7), cut to the user's scope like the floor: an admin everything, a supervisor their team's agents and queues. */
export class ReportService {
  constructor(private readonly d: ReportServiceDeps) {}

  /** The CDR CSV as a stream: read page by page (500 calls), so a year of calls never sits in memory. */
  cdr(p: Principal, from: number, to: number): Readable {
    const scope = staffScope(this.d.workspace(), p);
    const repo = this.d.repo;
    async function* lines(): AsyncGenerator<string> {
      yield CDR_HEADER;
      let cursor: CallCursor | null = null;
      for (;;) {
        const page: CallRecord[] = await repo.callsPage(from, to, cursor, PAGE);
        let out = '';
        for (const c of page) if (callInScope(scope, c)) out += cdrLine(c);
        if (out) yield out;
        if (page.length < PAGE) return;
        const last = page[page.length - 1]!;
        cursor = { createdAt: last.createdAt, interactionId: last.interactionId };
      }
    }
    return Readable.from(lines());
  }

  async intervals(p: Principal, q: IntervalsQuery): Promise<IntervalsReport> {
    const ws = this.d.workspace();
    const scope = staffScope(ws, p);
    const from = Date.parse(q.from);
    const to = Date.parse(q.to);
    const calls: CallRecord[] = [];
    let cursor: CallCursor | null = null;
    for (;;) {
      const page: CallRecord[] = await this.d.repo.callsPage(from - LOOKBACK_MS, to, cursor, 5000);
      calls.push(...page);
      if (page.length < 5000) break;
      const last = page[page.length - 1]!;
      cursor = { createdAt: last.createdAt, interactionId: last.interactionId };
    }
    const sessions = await this.d.repo.sessionSpans(from, to);
    const keys = keysOf(ws, scope, q.by);
    const queueAgents = new Map(ws.queues.map((qu) => [qu.id, new Set(ws.agents.filter((a) => a.campaignIds.includes(qu.campaignId)).map((a) => a.id))]));
    const rows = intervalReport({ from, to, now: this.d.clock.now(), by: q.by, serviceLevelSeconds: q.serviceLevelSeconds, calls, sessions, keys, queueAgents });
    return {
      from: new Date(from).toISOString(),
      to: new Date(to).toISOString(),
      by: q.by,
      intervalMinutes: REPORT_INTERVAL_MINUTES,
      serviceLevelSeconds: q.serviceLevelSeconds,
      rows,
    };
  }
}

function keysOf(ws: WorkspaceConfig, scope: StaffScope, by: 'queue' | 'agent'): Map<string, string> {
  if (by === 'queue') return new Map(ws.queues.filter((q) => scope.queueIds === null || scope.queueIds.has(q.id)).map((q) => [q.id, q.name]));
  return new Map(ws.agents.filter((a) => scope.agentIds === null || scope.agentIds.has(a.id)).map((a) => [a.id, a.displayName]));
}
