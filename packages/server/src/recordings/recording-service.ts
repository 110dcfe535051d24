import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename, join, resolve, sep } from 'node:path';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { CallRecord, WorkspaceConfig } from '@switchboard/core';
import type { RecordingAccessRow, RecordingDetail, RecordingList, RecordingSearchQuery, RecordingSummary, RecordingTicket } from '@switchboard/protocol';
import type { Clock, Logger } from '@switchboard/shared';
import type { RecordingAction, RecordingsRepo, StoredRecording, TokenRepo } from '@switchboard/store';
import { bearerFrom, type Principal, type TokenService } from '../auth/token-service';
import { apiError } from '../http/api-error';
import { readMarkersDoc, viewMarkers } from './markers-file';
import { recordingRefusal, recordingsPolicy, roleRefusal, type RecordingUse } from './recording-policy';
import { RecordingTickets } from './recording-tickets';
import { staffScope } from './staff-scope';
import { parseRange, readWavInfo, wavPeaks, type WavInfo } from './wav-file';

/** Waveform resolution: peaks per channel, whatever the call's length. */
export const PEAK_BUCKETS = 800;
/** Recordings whose peaks are kept in memory (800 × 2 numbers each). */
const PEAK_CACHE_SIZE = 200;

export interface RecordingServiceDeps {
  repo: RecordingsRepo;
  tokens: TokenService;
  /** The logins behind tickets (a ticket is refused once its login is revoked or expired). */
  tokenRepo: Pick<TokenRepo, 'findToken'>;
  clock: Clock;
  logger: Logger;
  workspace(): WorkspaceConfig;
  recordingsDir: string;
}

type Who = Pick<Principal, 'userId' | 'role'>;

/**
 * Recordings for the workspace (issue 20.5): found through call records, opened only by those the
 * workspace's policy and the caller's scope allow (checked per recording), played and downloaded
 * through tickets or a bearer token with byte ranges, every play and download (and every refusal)
 * written to the access log.
 */
export class RecordingService {
  readonly tickets: RecordingTickets;
  private readonly peakCache = new Map<string, number[][]>();

  constructor(private readonly d: RecordingServiceDeps) {
    this.tickets = new RecordingTickets(d.clock);
  }

  /** The WAV's path, always inside the recordings folder (a record naming a file elsewhere is read from here by its name). */
  pathOf(interactionId: string, file: string): string {
    const dir = resolve(this.d.recordingsDir);
    const p = resolve(file);
    return p.startsWith(dir + sep) ? p : join(dir, basename(file) || `${interactionId}.wav`);
  }

  async search(p: Principal, q: RecordingSearchQuery): Promise<RecordingList> {
    const ws = this.d.workspace();
    const refused = roleRefusal(recordingsPolicy(ws), p.role, 'play');
    if (refused) throw apiError('FORBIDDEN', refused);
    const scope = staffScope(ws, p);
    const found = await this.d.repo.search({
      from: Date.parse(q.from),
      to: Date.parse(q.to),
      agentIds: scope.agentIds ? [...scope.agentIds] : null,
      agentId: q.agentId,
      campaignId: q.campaignId,
      number: q.number,
      outcomeId: q.outcomeId,
      minDurationMs: q.minDurationSeconds === undefined ? undefined : q.minDurationSeconds * 1000,
      maxDurationMs: q.maxDurationSeconds === undefined ? undefined : q.maxDurationSeconds * 1000,
      limit: q.limit + 1,
    });
    const canDownload = roleRefusal(recordingsPolicy(ws), p.role, 'download') === null;
    return { recordings: found.slice(0, q.limit).map((r) => summary(ws, r.record, canDownload)), truncated: found.length > q.limit };
  }

  async detail(p: Principal, interactionId: string): Promise<RecordingDetail> {
    const { rec, path } = await this.open(p, interactionId, 'play', false);
    const doc = await readMarkersDoc(path);
    if (!doc) throw apiError('ACTION_NOT_ALLOWED', 'This call is still being recorded: open it once it has ended');
    const info = await readWavInfo(path).catch(() => {
      throw apiError('RECORDING_GONE', 'The recording file is missing or unreadable');
    });
    const [customer = [], agent = []] = await this.peaksOf(path, info);
    const ws = this.d.workspace();
    const canDownload = recordingRefusal(ws, p, rec.record, 'download') === null;
    return {
      ...summary(ws, rec.record, canDownload),
      fileDurationMs: Math.round((info.dataBytes / (info.channels * 2 * info.sampleRate)) * 1000),
      sampleRate: info.sampleRate,
      markers: viewMarkers(doc),
      peaks: { customer, agent },
    };
  }

  async ticket(p: Principal, interactionId: string, purpose: RecordingUse): Promise<RecordingTicket> {
    await this.open(p, interactionId, purpose, true);
    const t = this.tickets.issue({ userId: p.userId, role: p.role, interactionId, purpose, tokenHash: p.tokenHash });
    const url = `/api/v1/recordings/${encodeURIComponent(interactionId)}/audio?ticket=${t.ticket}`;
    return { url, expiresAt: new Date(t.expiresAt).toISOString() };
  }

  /** The WAV, whole or a byte range; authorised by a ticket or a bearer token (which counts as a download). */
  async audio(req: FastifyRequest, reply: FastifyReply, interactionId: string, ticket: string | undefined): Promise<FastifyReply> {
    let who: Who;
    let use: RecordingUse;
    let first: boolean;
    if (ticket !== undefined) {
      const t = this.tickets.find(ticket, interactionId);
      if (!t) throw apiError('TOKEN_INVALID', 'This playback link has expired or is not for this recording: open the recording again');
      const login = await this.d.tokenRepo.findToken(t.tokenHash);
      if (!login || login.revoked || this.d.clock.now() >= login.expiresAt) throw apiError('TOKEN_INVALID', 'The login this playback link was made for has ended: log in again');
      who = t;
      use = t.purpose;
      first = !t.used;
      t.used = true;
    } else {
      who = await this.d.tokens.verify(bearerFrom(req.headers.authorization));
      use = 'download';
      // A seek is a range further in: only a request from the start counts as a new download.
      first = !/^bytes=\s*[1-9]/.test(req.headers.range ?? '');
    }
    // Checked again on every request: a policy reload or a team change takes effect at once.
    const { path } = await this.open(who, interactionId, use, first);
    let size: number;
    try {
      size = (await stat(path)).size;
    } catch {
      throw apiError('RECORDING_GONE', 'The recording file is missing');
    }
    if (first) await this.audit(who, interactionId, use, { via: ticket ? 'ticket' : 'bearer', range: req.headers.range ?? null });
    const range = parseRange(req.headers.range, size);
    void reply.header('accept-ranges', 'bytes').header('content-type', 'audio/wav');
    if (use === 'download') void reply.header('content-disposition', `attachment; filename="recording-${interactionId}.wav"`);
    if (range === 'unsatisfiable') {
      void reply.header('content-range', `bytes */${size}`);
      throw apiError('RANGE_NOT_SATISFIABLE', `The range ${req.headers.range ?? ''} is outside the file (${size} bytes)`, { size });
    }
    if (range === 'all') {
      void reply.header('content-length', String(size));
      return reply.status(200).send(createReadStream(path));
    }
    void reply.header('content-length', String(range.end - range.start + 1)).header('content-range', `bytes ${range.start}-${range.end}/${size}`);
    return reply.status(206).send(createReadStream(path, { start: range.start, end: range.end }));
  }

  /** Peaks read once per file (a finished recording never changes; its size is in the key all the same). */
  private async peaksOf(path: string, info: WavInfo): Promise<number[][]> {
    const key = `${path}:${info.size}`;
    const hit = this.peakCache.get(key);
    if (hit) return hit;
    const peaks = await wavPeaks(path, info, PEAK_BUCKETS);
    if (this.peakCache.size >= PEAK_CACHE_SIZE) this.peakCache.delete(this.peakCache.keys().next().value!);
    this.peakCache.set(key, peaks);
    return peaks;
  }

  /** The access log, newest first (admins). */
  async accessLog(interactionId: string | undefined, limit: number): Promise<RecordingAccessRow[]> {
    const rows = await this.d.repo.listAccess({ interactionId, limit });
    return rows.map((r) => ({ ...r, at: new Date(r.at).toISOString() }));
  }

  /**
   * The recording, if this user may use it this way: 404 without one, 403 (and a 'denied' row in
   * the access log) outside their scope or role, 410 once retention deleted it.
   */
  private async open(who: Who, interactionId: string, use: RecordingUse, auditDenial: boolean): Promise<{ rec: StoredRecording; path: string }> {
    const rec = await this.d.repo.get(interactionId);
    if (!rec) throw apiError('NOT_FOUND', `No recording for interaction ${interactionId}`);
    const refused = recordingRefusal(this.d.workspace(), who, rec.record, use);
    if (refused) {
      if (auditDenial || use === 'play') await this.audit(who, interactionId, 'denied', { use, reason: refused });
      throw apiError('FORBIDDEN', refused);
    }
    if (rec.deletedAt !== null) throw apiError('RECORDING_GONE', `This recording was deleted on ${new Date(rec.deletedAt).toISOString()} (retention)`);
    return { rec, path: this.pathOf(interactionId, rec.file) };
  }

  private async audit(who: Who, interactionId: string, action: RecordingAction, detail: Record<string, unknown>): Promise<void> {
    await this.d.repo.appendAccess({ at: this.d.clock.now(), userId: who.userId, role: who.role, interactionId, action, detail });
    this.d.logger.info({ userId: who.userId, role: who.role, interactionId, action, ...detail }, `recording ${action}`);
  }
}

function summary(ws: WorkspaceConfig, r: CallRecord, canDownload: boolean): RecordingSummary {
  const agent = r.agentId ? ws.agents.find((a) => a.id === r.agentId) : undefined;
  const campaign = r.campaignId ? ws.campaigns.find((c) => c.id === r.campaignId) : undefined;
  const outcome = r.outcomeId ? campaign?.wrapCodes.find((w) => w.id === r.outcomeId) : undefined;
  return {
    interactionId: r.interactionId,
    startedAt: new Date(r.createdAt).toISOString(),
    direction: r.direction,
    agentId: r.agentId,
    agentName: agent?.displayName ?? null,
    teamId: agent?.teamId ?? null,
    campaignId: r.campaignId,
    campaignName: r.campaignName ?? campaign?.name ?? null,
    customerNumber: r.customerNumber,
    outcomeId: r.outcomeId,
    outcomeName: outcome?.name ?? null,
    durationMs: r.answeredAt !== null && r.endedAt !== null ? Math.max(0, r.endedAt - r.answeredAt) : null,
    canDownload,
  };
}
