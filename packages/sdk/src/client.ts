import type {
  AgentEvent,
  AgentStatusRow,
  AgentView,
  AssistPriority,
  AssistRecipients,
  AssistRequest,
  AuditRow,
  Command,
  CommandResponse,
  FloorSnapshot,
  LoginResponse,
  Notice,
  ServiceNowInteraction,
  ServiceNowRecord,
  TransferDestinations,
  User,
} from '@switchboard/protocol';
import type { IntervalsReport, RecordingDetail, RecordingList, RecordingTicket } from '@switchboard/protocol';
import type { MonitorModeWire, MonitorStarted, MonitorViewWire } from '@switchboard/protocol';
import { FloorStream, type FloorHandlers } from './floor-stream';
import { ConfigApi } from './config-api';
import { ApiError } from './errors';
import { EventStream, type ConnectionStatus, type Ownership } from './event-stream';
import { httpJson, httpText, type FetchLike, type HttpRequest } from './http';
import { randomId } from './random-id';
import type { WebSocketCtor } from './websocket-like';

export interface SwitchboardClientOptions {
  /** e.g. `https://switchboard.example.com` (no trailing slash); '' for same origin in a browser. */
  baseUrl: string;
  /** WebSocket implementation; default globalThis.WebSocket (Node tests pass the `ws` package). */
  WebSocket?: WebSocketCtor;
  fetch?: FetchLike;
  /** Stable per tab; generated when absent. */
  clientId?: string;
  /**
   * Stable per device (e.g. localStorage), 16-100 of A-Z a-z 0-9 _ -: sent with login. After one
   * success the server knows the device, and failed logins for the user elsewhere do not slow it down.
   */
  deviceId?: string;
  /** A token kept from an earlier login (e.g. sessionStorage). */
  token?: string;
  /** Attempts for a command whose request failed on the network (same requestId each time). */
  commandAttempts?: number;
  reconnect?: { minDelayMs?: number; maxDelayMs?: number };
  pingMs?: number;
}

type Listener<T extends unknown[]> = (...args: T) => void;

/**
 * Reconnect delays while the server is unreachable: 250 ms doubling to a 1.5 s ceiling
 * (with jitter). The ceiling is what an agent waits at most once the server is back
 * (issue 14: a restart took 28 s with a 15 s ceiling); a refused connection costs the
 * server nothing, so retrying that often while it is down is cheap.
 */
export const RECONNECT_DEFAULTS = { minDelayMs: 250, maxDelayMs: 1500 } as const;

/**
 * The typed client for the Switchboard API: login, commands (idempotent, retried
 * on network failure with the same requestId) and the ordered event stream.
 * Browser-safe: no dependencies, only fetch, WebSocket and Web Crypto.
 */
export class SwitchboardClient {
  readonly clientId: string;
  private readonly deviceId: string | undefined;
  private readonly baseUrl: string;
  private readonly fetchImpl: FetchLike;
  private readonly wsCtor: WebSocketCtor | undefined;
  private readonly attempts: number;
  private tokenValue: string | null;
  private userValue: User | null = null;
  private expiresAtValue: string | null = null;
  private stateValue: AgentView | null = null;
  private ownershipValue: Ownership | null = null;
  private stream: EventStream | null = null;
  private readonly listeners = {
    state: new Set<Listener<[AgentView | null, number]>>(),
    event: new Set<Listener<[AgentEvent]>>(),
    notice: new Set<Listener<[Notice]>>(),
    connection: new Set<Listener<[ConnectionStatus, { code?: number; reason?: string } | undefined]>>(),
    ownership: new Set<Listener<[Ownership]>>(),
    error: new Set<Listener<[string, string]>>(),
    assist: new Set<Listener<[AssistRequest]>>(),
  };

  constructor(private readonly opts: SwitchboardClientOptions) {
    this.baseUrl = opts.baseUrl.replace(/\/+$/, '');
    const f = opts.fetch ?? (globalThis.fetch as unknown as FetchLike | undefined);
    if (!f) throw new Error('SwitchboardClient needs a fetch implementation');
    this.fetchImpl = f;
    this.wsCtor = opts.WebSocket ?? (globalThis as { WebSocket?: WebSocketCtor }).WebSocket;
    this.clientId = opts.clientId ?? randomId('tab');
    this.deviceId = opts.deviceId;
    this.tokenValue = opts.token ?? null;
    this.attempts = Math.max(1, opts.commandAttempts ?? 3);
  }

  get token(): string | null {
    return this.tokenValue;
  }
  get user(): User | null {
    return this.userValue;
  }
  get expiresAt(): string | null {
    return this.expiresAtValue;
  }
  /** The latest state from the event stream (snapshot + events). */
  get state(): AgentView | null {
    return this.stateValue;
  }
  get connectionStatus(): ConnectionStatus {
    return this.stream?.status ?? 'closed';
  }
  get ownership(): Ownership | null {
    return this.ownershipValue;
  }
  get lastSeq(): number {
    return this.stream?.lastSeq ?? 0;
  }

  /** Logs in and keeps the token. Throws ApiError: INVALID_CREDENTIALS, LOGIN_THROTTLED (see retryAfterSeconds), ... */
  async login(username: string, password: string, opts: { app?: 'adapter' | 'workspace' } = {}): Promise<LoginResponse> {
    const body = { username, password, ...(this.deviceId ? { deviceId: this.deviceId } : {}), ...(opts.app ? { app: opts.app } : {}) };
    const res = await this.request<LoginResponse>({ method: 'POST', path: '/api/v1/auth/login', body });
    this.tokenValue = res.token;
    this.userValue = res.user;
    this.expiresAtValue = res.expiresAt;
    return res;
  }

  /** Revokes the token on the server (signing the agent out) and closes the stream. */
  async logout(): Promise<void> {
    this.disconnect();
    const token = this.tokenValue;
    this.tokenValue = null;
    this.userValue = null;
    this.stateValue = null;
    if (token) await httpJson(this.fetchImpl, this.baseUrl, { method: 'POST', path: '/api/v1/auth/logout', token });
  }

  async getState(): Promise<AgentView> {
    return this.request<AgentView>({ method: 'GET', path: '/api/v1/agent/state' });
  }

  /**
   * Applies a command to this agent's session. A network failure is retried with
   * the same requestId, so the server applies it at most once.
   */
  async command(command: Command, requestId: string = randomId('req')): Promise<CommandResponse> {
    let lastErr: unknown;
    for (let i = 0; i < this.attempts; i++) {
      try {
        return await this.request<CommandResponse>({
          method: 'POST',
          path: '/api/v1/agent/commands',
          clientId: this.clientId,
          body: { requestId, command },
        });
      } catch (err) {
        lastErr = err;
        if (!(err instanceof ApiError) || err.code !== 'NETWORK_ERROR') throw err;
        await new Promise((r) => setTimeout(r, 100 * 2 ** i));
      }
    }
    throw lastErr;
  }

  /** Supervisors and admins: every agent's state. */
  async listAgents(): Promise<AgentStatusRow[]> {
    return (await this.request<{ agents: AgentStatusRow[] }>({ method: 'GET', path: '/api/v1/agents' })).agents;
  }

  /** Recordings the caller may play, newest first (issue 20.5). */
  async searchRecordings(q: RecordingSearchInput): Promise<RecordingList> {
    return this.request<RecordingList>({ method: 'GET', path: `/api/v1/recordings?${queryString(q)}` });
  }

  /** One recording: the call, its markers and waveform peaks. */
  async recording(interactionId: string): Promise<RecordingDetail> {
    return this.request<RecordingDetail>({ method: 'GET', path: `/api/v1/recordings/${encodeURIComponent(interactionId)}` });
  }

  /** A short-lived URL (relative to baseUrl) that plays or downloads the WAV: an <audio> element cannot send the token. */
  async recordingTicket(interactionId: string, purpose: 'play' | 'download'): Promise<RecordingTicket> {
    return this.request<RecordingTicket>({ method: 'POST', path: `/api/v1/recordings/${encodeURIComponent(interactionId)}/tickets`, body: { purpose } });
  }

  /** Supervisors and admins: per-queue or per-agent figures per 15 minutes (issue 20.7). */
  async intervalsReport(q: { from: string; to: string; by: 'queue' | 'agent'; serviceLevelSeconds?: number }): Promise<IntervalsReport> {
    return this.request<IntervalsReport>({ method: 'GET', path: `/api/v1/reports/intervals?${queryString(q)}` });
  }

  /** Supervisors and admins: the call detail records of a range as CSV text. */
  async cdrCsv(from: string, to: string): Promise<string> {
    return httpText(this.fetchImpl, this.baseUrl, { method: 'GET', path: `/api/v1/reports/cdr?${queryString({ from, to })}`, token: this.tokenValue });
  }

  /** Supervisors and admins: an agent's audit, newest first. */
  async audit(agentId: string, limit = 100): Promise<AuditRow[]> {
    const path = `/api/v1/agents/${encodeURIComponent(agentId)}/audit?limit=${limit}`;
    return (await this.request<{ rows: AuditRow[] }>({ method: 'GET', path })).rows;
  }

  /** Supervisors and admins: the live floor (agents and queues), cut to the caller's teams. */
  async floor(): Promise<FloorSnapshot> {
    return this.request<FloorSnapshot>({ method: 'GET', path: '/api/v1/floor' });
  }

  /** Agents: the caller's ServiceNow records by phone number (the server's Table API proxy). */
  async serviceNowCallers(phone: string): Promise<ServiceNowRecord[]> {
    return (await this.request<{ records: ServiceNowRecord[] }>({ method: 'GET', path: `/api/v1/crm/servicenow/callers?phone=${encodeURIComponent(phone)}` })).records;
  }

  /** Agents: log a wrapped call of theirs as a ServiceNow interaction (the server's Table API proxy). */
  async serviceNowLogInteraction(log: ServiceNowInteraction): Promise<{ sys_id: string }> {
    return this.request<{ sys_id: string }>({ method: 'POST', path: '/api/v1/crm/servicenow/interactions', body: log });
  }

  /** Supervisors and admins: the live floor over a WebSocket (snapshot, then changes); call start() on it. */
  floorStream(handlers: FloorHandlers): FloorStream {
    if (!this.wsCtor) throw new Error('No WebSocket implementation: pass options.WebSocket');
    const url = this.baseUrl.replace(/^http/, 'ws') + '/api/v1/floor/events';
    return new FloorStream(
      {
        url: url.startsWith('ws') ? url : wsUrlFromLocation(url),
        WebSocket: this.wsCtor,
        token: () => this.tokenValue,
        clientId: this.clientId,
        backoff: { minDelayMs: this.opts.reconnect?.minDelayMs ?? RECONNECT_DEFAULTS.minDelayMs, maxDelayMs: this.opts.reconnect?.maxDelayMs ?? RECONNECT_DEFAULTS.maxDelayMs },
        pingMs: this.opts.pingMs ?? 25_000,
      },
      handlers,
    );
  }

  /**
   * Agents: the Transfer dialog's lists for one of their calls (manual 8): agents available or
   * paused with a reason that takes transfers, the campaign's transfer numbers, the workflows.
   */
  async transferDestinations(interactionId: string): Promise<TransferDestinations> {
    return this.request<TransferDestinations>({ method: 'GET', path: `/api/v1/calls/${encodeURIComponent(interactionId)}/transfer-destinations` });
  }

  /** Agents: whether Request assistance is on for their team, and who may be asked now. */
  async assistRecipients(): Promise<AssistRecipients> {
    return this.request<AssistRecipients>({ method: 'GET', path: '/api/v1/agent/assist/recipients' });
  }

  /** Agents: send an assistance request (manual 17). */
  async requestAssistance(body: { toUserId: string; message: string; priority?: AssistPriority }): Promise<AssistRequest> {
    return this.request<AssistRequest>({ method: 'POST', path: '/api/v1/agent/assist', body });
  }

  /** Agents: their own requests of the last day (which were viewed). */
  async myAssistRequests(): Promise<AssistRequest[]> {
    return (await this.request<{ requests: AssistRequest[] }>({ method: 'GET', path: '/api/v1/agent/assist' })).requests;
  }

  /** Supervisors and admins: requests addressed to them. */
  async assistInbox(): Promise<AssistRequest[]> {
    return (await this.request<{ requests: AssistRequest[] }>({ method: 'GET', path: '/api/v1/assist' })).requests;
  }

  /** Supervisors and admins: mark a request viewed (the agent is told). */
  async markAssistViewed(id: string): Promise<AssistRequest> {
    return this.request<AssistRequest>({ method: 'POST', path: `/api/v1/assist/${encodeURIComponent(id)}/viewed` });
  }

  /**
   * Supervisors and admins: listen, whisper or barge on a live call (issue 20.4). Call me: the
   * platform calls `number` and joins the supervisor in `mode` once it answers; Web Connect: `sdp`
   * is the browser's offer, the response carries the answer (`sdp`).
   */
  async monitorStart(interactionId: string, mode: MonitorModeWire, voice: { number: string } | { sdp: string }): Promise<MonitorStarted> {
    return this.request<MonitorStarted>({ method: 'POST', path: monitorPath(interactionId), body: { mode, ...voice } });
  }

  /** Switches listen / whisper / barge during the call. */
  async monitorMode(interactionId: string, mode: MonitorModeWire): Promise<MonitorViewWire> {
    return this.request<MonitorViewWire>({ method: 'PUT', path: monitorPath(interactionId), body: { mode } });
  }

  /** Stop: the supervisor's phone is hung up, the call goes on. */
  async monitorStop(interactionId: string): Promise<MonitorViewWire> {
    return this.request<MonitorViewWire>({ method: 'DELETE', path: monitorPath(interactionId) });
  }

  /** Who is monitoring the call now (null: nobody). */
  async monitorStatus(interactionId: string): Promise<MonitorViewWire | null> {
    return (await this.request<{ monitor: MonitorViewWire | null }>({ method: 'GET', path: monitorPath(interactionId) })).monitor;
  }

  /** Opens the event stream (hello → snapshot → ordered events); reconnects by itself after a drop. */
  connect(): void {
    if (!this.wsCtor) throw new Error('No WebSocket implementation: pass options.WebSocket');
    if (!this.stream) {
      const url = this.baseUrl.replace(/^http/, 'ws') + '/api/v1/events';
      this.stream = new EventStream(
        {
          url: url.startsWith('ws') ? url : wsUrlFromLocation(url),
          WebSocket: this.wsCtor,
          token: () => this.tokenValue,
          clientId: this.clientId,
          backoff: { minDelayMs: this.opts.reconnect?.minDelayMs ?? RECONNECT_DEFAULTS.minDelayMs, maxDelayMs: this.opts.reconnect?.maxDelayMs ?? RECONNECT_DEFAULTS.maxDelayMs },
          pingMs: this.opts.pingMs ?? 25_000,
        },
        {
          state: (s, seq) => {
            this.stateValue = s;
            for (const l of this.listeners.state) l(s, seq);
          },
          event: (e) => this.listeners.event.forEach((l) => l(e)),
          notice: (n) => this.listeners.notice.forEach((l) => l(n)),
          connection: (s, d) => this.listeners.connection.forEach((l) => l(s, d)),
          ownership: (o) => {
            this.ownershipValue = o;
            this.listeners.ownership.forEach((l) => l(o));
          },
          error: (c, m) => this.listeners.error.forEach((l) => l(c, m)),
          assist: (r) => this.listeners.assist.forEach((l) => l(r)),
        },
      );
    }
    this.stream.start();
  }

  disconnect(): void {
    this.stream?.stop();
  }

  /** Makes this tab the session's owner; the previous owner is told 'taken-over'. */
  takeOver(): boolean {
    return this.stream?.send({ type: 'take-over' }) ?? false;
  }

  onState(l: (state: AgentView | null, seq: number) => void): () => void {
    return this.add(this.listeners.state, l);
  }
  onEvent(l: (event: AgentEvent) => void): () => void {
    return this.add(this.listeners.event, l);
  }
  onNotice(l: (notice: Notice) => void): () => void {
    return this.add(this.listeners.notice, l);
  }
  onConnection(l: (status: ConnectionStatus, detail?: { code?: number; reason?: string }) => void): () => void {
    return this.add(this.listeners.connection, l);
  }
  onOwnership(l: (o: Ownership) => void): () => void {
    return this.add(this.listeners.ownership, l);
  }
  /** One of the agent's assistance requests changed (sent, viewed). */
  onAssist(l: (request: AssistRequest) => void): () => void {
    return this.add(this.listeners.assist, l);
  }
  /** Errors the server reported on the stream (e.g. TOKEN_EXPIRED). */
  onError(l: (code: string, message: string) => void): () => void {
    return this.add(this.listeners.error, l);
  }

  private add<T extends unknown[]>(set: Set<Listener<T>>, l: Listener<T>): () => void {
    set.add(l);
    return () => set.delete(l);
  }

  /** Supervisors and admins: the workspace configuration (issue 20.6). */
  config(): ConfigApi {
    return new ConfigApi(
      (req) => this.request(req),
      (req) => httpText(this.fetchImpl, this.baseUrl, { token: this.tokenValue, ...req }),
    );
  }

  private request<T>(req: HttpRequest): Promise<T> {
    return httpJson<T>(this.fetchImpl, this.baseUrl, { token: this.tokenValue, ...req });
  }
}

/** baseUrl '' in a browser: the event socket is on the page's own origin. */
function wsUrlFromLocation(path: string): string {
  const loc = (globalThis as { location?: { protocol: string; host: string } }).location;
  if (!loc) throw new Error('baseUrl is required outside a browser');
  return `${loc.protocol === 'https:' ? 'wss:' : 'ws:'}//${loc.host}${path}`;
}

/** A search's fields as query parameters (empty ones left out). */
export type RecordingSearchInput = { from: string; to: string } & Partial<Record<'agentId' | 'campaignId' | 'number' | 'outcomeId', string>> &
  Partial<Record<'minDurationSeconds' | 'maxDurationSeconds' | 'limit', number>>;

function queryString(q: Record<string, string | number | undefined>): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(q)) if (v !== undefined && v !== '') p.set(k, String(v));
  return p.toString();
}

const monitorPath = (interactionId: string): string => `/api/v1/floor/calls/${encodeURIComponent(interactionId)}/monitor`;
