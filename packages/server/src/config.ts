import { SwitchboardError } from '@switchboard/shared';
import { loadEngineConfig, type EngineConfig } from './calls/engine-config';
import type { DemoCallerConfig } from './demo/demo-calls';
import { loadPhoneConfig, type PhoneConfig } from './phones/phone-config';
import { loadServiceNowConfig, type ServiceNowConfig } from './crm/servicenow-config';

/** Everything the server reads from its environment, with defaults for a laptop. */
export interface ServerConfig {
  host: string;
  port: number;
  dataDir: string;
  /** postgres://… selects PostgreSQL; absent → SQLite in dataDir. */
  databaseUrl: string | undefined;
  /** SQLite durability (SQLITE_SYNC): normal survives process crashes and restarts; full also power cuts, at the cost of an fsync per commit. */
  sqliteSync: 'normal' | 'full';
  workspaceFile: string;
  logLevel: string;
  /** Directory of the built adapter, served at /. */
  adapterDir: string;
  /** Directory of the built supervisor workspace, served at /workspace/. */
  workspaceUiDir: string;
  tokenTtlMs: number;
  /** TOKEN_CACHE_SECONDS: how long a verified token is trusted without asking the store again (servers sharing a database see each other's sign-outs after this); 0 = every request. */
  tokenCacheMs: number;
  /** How long a command's requestId is remembered (REQUEST_ID_TTL_HOURS, 24): a retry within it is answered, not applied again. */
  requestIdTtlMs: number;
  bodyLimitBytes: number;
  throttle: LoginThrottleConfig;
  /**
   * Behind a reverse proxy, the client address (for the per-address login
   * throttle and logs) comes from X-Forwarded-For: true, a hop count, or a
   * comma list of proxy addresses/CIDRs (Fastify's trustProxy). Default off.
   */
  trustProxy: boolean | number | string;
  /** The telephony engine and sandbox carrier (calls/engine-config.ts). */
  engine: EngineConfig;
  /** Agents' phone credentials and the SIP authentication throttle (phones/phone-config.ts). */
  phones: PhoneConfig;
  /**
   * The demo caller page (/demo-caller/) and its API (/api/v1/demo/*): DEMO_CALLER=auto (default:
   * on when the sandbox carrier runs), on or off; DEMO_CALLER_MAX_CALLS, DEMO_CALLER_PER_MINUTE.
   */
  demoCaller: Omit<DemoCallerConfig, 'enabled'> & { mode: 'auto' | 'on' | 'off' };
  /** CRM_ORIGINS: origins allowed to frame the adapter and call the API, server-wide (the workspace file's crm.allowedOrigins add to them); `https://*.example.com` allowed. */
  crmOrigins: string[];
  /** SERVICENOW_*: the instance whose Table API the adapter's ServiceNow bridge uses through the server (crm/servicenow-config.ts). */
  serviceNow: ServiceNowConfig | undefined;
  /** ALLOWED_API_ORIGINS: other Switchboard servers the adapter may be pointed at with `?api=` (its own origin always). */
  apiOrigins: string[];
  /** METRICS_TOKEN: when set, /metrics needs `Authorization: Bearer <token>`; unset, /metrics answers loopback clients only. */
  metricsToken: string | undefined;
  /** HTTP_HEADERS_TIMEOUT_SECONDS: a request's headers must arrive within this. */
  headersTimeoutMs: number;
  /** HTTP_REQUEST_TIMEOUT_SECONDS: the whole request (headers and body) must arrive within this. */
  requestTimeoutMs: number;
  /** HTTP_IDLE_TIMEOUT_SECONDS: a connection with no request in flight is closed after this. */
  idleTimeoutMs: number;
  /** MAX_CONNECTIONS_PER_ADDRESS: open TCP connections one client address may hold (0 = no cap). */
  connectionsPerAddress: number;
  /** MAX_EVENT_SOCKETS_PER_AGENT: event WebSockets one agent may have open at once. */
  socketsPerAgent: number;
  /** RECORDINGS_RETENTION_DAYS: recordings older than this are deleted, unless the workspace file's recordings.retentionDays says otherwise; undefined: kept. */
  recordingsRetentionDays: number | undefined;
}

/**
 * Failed logins are slowed down, never locked out (auth/login-throttle.ts): each counter lets this
 * many failures through, then every further attempt waits 1, 2, 4 ... seconds up to maxDelayMs. A
 * counter is forgotten windowMs after its last failure. 0 turns a counter off (load tests only).
 */
export interface LoginThrottleConfig {
  windowMs: number;
  /** Free failures for one username from one address (or one known device). */
  perUsernameAddress: number;
  /** Free failures for one username from places it never logged in from, all together. */
  perUsername: number;
  /** Free failures from one address for users never seen there (many usernames tried from one place). */
  perAddress: number;
  /** The longest wait between attempts. */
  maxDelayMs: number;
}

export const DEFAULT_THROTTLE: LoginThrottleConfig = { windowMs: 15 * 60_000, perUsernameAddress: 5, perUsername: 10, perAddress: 20, maxDelayMs: 15 * 60_000 };

function int(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) throw new SwitchboardError('CONFIG_INVALID', `${name} must be a non-negative integer, got "${raw}"`);
  return n;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): ServerConfig {
  const port = int(env, 'PORT', 8080);
  if (port > 65535) throw new SwitchboardError('CONFIG_INVALID', `PORT must be at most 65535, got ${port}`);
  return {
    host: env.HOST || '127.0.0.1',
    port,
    dataDir: env.DATA_DIR || './data',
    databaseUrl: env.DATABASE_URL || undefined,
    sqliteSync: parseSqliteSync(env.SQLITE_SYNC),
    workspaceFile: env.WORKSPACE_FILE || 'config/demo-workspace.yaml',
    logLevel: env.LOG_LEVEL || 'info',
    adapterDir: env.ADAPTER_DIR || 'packages/adapter-ui/dist',
    workspaceUiDir: env.WORKSPACE_UI_DIR || 'packages/workspace-ui/dist',
    tokenTtlMs: int(env, 'TOKEN_TTL_SECONDS', 12 * 3600) * 1000,
    tokenCacheMs: int(env, 'TOKEN_CACHE_SECONDS', 2) * 1000,
    requestIdTtlMs: Math.max(1, int(env, 'REQUEST_ID_TTL_HOURS', 24)) * 3_600_000,
    bodyLimitBytes: int(env, 'BODY_LIMIT_BYTES', 64 * 1024),
    trustProxy: parseTrustProxy(env.TRUST_PROXY),
    engine: loadEngineConfig(env),
    phones: loadPhoneConfig(env),
    demoCaller: {
      mode: parseDemoCaller(env.DEMO_CALLER),
      maxCalls: Math.max(1, int(env, 'DEMO_CALLER_MAX_CALLS', 4)),
      perMinute: Math.max(1, int(env, 'DEMO_CALLER_PER_MINUTE', 10)),
      connectSeconds: Math.min(60, Math.max(1, int(env, 'DEMO_CALLER_CONNECT_SECONDS', 15))),
    },
    crmOrigins: parseOrigins(env, 'CRM_ORIGINS', true),
    apiOrigins: parseOrigins(env, 'ALLOWED_API_ORIGINS', false),
    serviceNow: loadServiceNowConfig(env),
    metricsToken: env.METRICS_TOKEN || undefined,
    headersTimeoutMs: Math.max(1, int(env, 'HTTP_HEADERS_TIMEOUT_SECONDS', 10)) * 1000,
    requestTimeoutMs: Math.max(1, int(env, 'HTTP_REQUEST_TIMEOUT_SECONDS', 30)) * 1000,
    idleTimeoutMs: Math.max(1, int(env, 'HTTP_IDLE_TIMEOUT_SECONDS', 72)) * 1000,
    connectionsPerAddress: int(env, 'MAX_CONNECTIONS_PER_ADDRESS', 256),
    socketsPerAgent: Math.max(1, int(env, 'MAX_EVENT_SOCKETS_PER_AGENT', 5)),
    recordingsRetentionDays: env.RECORDINGS_RETENTION_DAYS ? Math.max(1, int(env, 'RECORDINGS_RETENTION_DAYS', 0)) : undefined,
    throttle: {
      windowMs: int(env, 'LOGIN_THROTTLE_WINDOW_SECONDS', DEFAULT_THROTTLE.windowMs / 1000) * 1000,
      perUsernameAddress: int(env, 'LOGIN_THROTTLE_PER_USERNAME_ADDRESS', DEFAULT_THROTTLE.perUsernameAddress),
      perUsername: int(env, 'LOGIN_THROTTLE_PER_USERNAME', DEFAULT_THROTTLE.perUsername),
      perAddress: int(env, 'LOGIN_THROTTLE_PER_ADDRESS', DEFAULT_THROTTLE.perAddress),
      maxDelayMs: Math.max(1, int(env, 'LOGIN_THROTTLE_MAX_DELAY_SECONDS', DEFAULT_THROTTLE.maxDelayMs / 1000)) * 1000,
    },
  };
}

function parseSqliteSync(raw: string | undefined): 'normal' | 'full' {
  if (raw === undefined || raw === '' || raw === 'normal') return 'normal';
  if (raw === 'full') return 'full';
  throw new SwitchboardError('CONFIG_INVALID', `SQLITE_SYNC must be "normal" or "full", got "${raw}"`);
}

function parseDemoCaller(raw: string | undefined): 'auto' | 'on' | 'off' {
  if (raw === undefined || raw === '' || raw === 'auto') return 'auto';
  if (raw === 'on' || raw === 'off') return raw;
  throw new SwitchboardError('CONFIG_INVALID', `DEMO_CALLER must be auto, on or off, got "${raw}"`);
}

function parseTrustProxy(raw: string | undefined): boolean | number | string {
  if (raw === undefined || raw === '' || raw === 'false') return false;
  if (raw === 'true') return true;
  if (/^\d+$/.test(raw)) return Number(raw);
  return raw;
}

/**
 * A comma list of origins (`https://crm.example.com`, `http://127.0.0.1:3000`); with
 * `wildcard`, `https://*.example.com` too (CSP's host wildcard). Anything else is a config error.
 */
function parseOrigins(env: NodeJS.ProcessEnv, name: string, wildcard: boolean): string[] {
  const raw = env[name];
  if (!raw) return [];
  return raw
    .split(',')
    .map((o) => o.trim())
    .filter(Boolean)
    .map((o) => {
      const star = wildcard && /^https?:\/\/\*\./.test(o);
      let u: URL | undefined;
      try {
        u = new URL(star ? o.replace('*.', 'x.') : o);
      } catch {
        u = undefined;
      }
      const origin = u && (u.protocol === 'https:' || u.protocol === 'http:') ? u.origin : undefined;
      if (!origin || origin !== (star ? o.replace('*.', 'x.') : o).replace(/\/+$/, '')) {
        throw new SwitchboardError('CONFIG_INVALID', `${name}: "${o}" is not an origin like https://crm.example.com${wildcard ? ' or https://*.example.com' : ''}`);
      }
      return star ? origin.replace('://x.', '://*.') : origin;
    });
}
