import { SwitchboardError } from '@switchboard/shared';
import { loadEngineConfig, type EngineConfig } from './calls/engine-config';
import type { DemoCallerConfig } from './demo/demo-calls';

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
  tokenTtlMs: number;
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
  /**
   * The demo caller page (/demo-caller/) and its API (/api/v1/demo/*): DEMO_CALLER=auto (default:
   * on when the sandbox carrier runs), on or off; DEMO_CALLER_MAX_CALLS, DEMO_CALLER_PER_MINUTE.
   */
  demoCaller: Omit<DemoCallerConfig, 'enabled'> & { mode: 'auto' | 'on' | 'off' };
}

export interface LoginThrottleConfig {
  windowMs: number;
  /** Failed logins per username per window. */
  perUsername: number;
  /** Failed logins per client address per window (0 = no per-address limit: load tests only). */
  perAddress: number;
}

export const DEFAULT_THROTTLE: LoginThrottleConfig = { windowMs: 15 * 60_000, perUsername: 5, perAddress: 20 };

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
    tokenTtlMs: int(env, 'TOKEN_TTL_SECONDS', 12 * 3600) * 1000,
    requestIdTtlMs: Math.max(1, int(env, 'REQUEST_ID_TTL_HOURS', 24)) * 3_600_000,
    bodyLimitBytes: int(env, 'BODY_LIMIT_BYTES', 64 * 1024),
    trustProxy: parseTrustProxy(env.TRUST_PROXY),
    engine: loadEngineConfig(env),
    demoCaller: {
      mode: parseDemoCaller(env.DEMO_CALLER),
      maxCalls: Math.max(1, int(env, 'DEMO_CALLER_MAX_CALLS', 4)),
      perMinute: Math.max(1, int(env, 'DEMO_CALLER_PER_MINUTE', 10)),
    },
    throttle: {
      windowMs: int(env, 'LOGIN_THROTTLE_WINDOW_SECONDS', DEFAULT_THROTTLE.windowMs / 1000) * 1000,
      perUsername: int(env, 'LOGIN_THROTTLE_PER_USERNAME', DEFAULT_THROTTLE.perUsername),
      perAddress: int(env, 'LOGIN_THROTTLE_PER_ADDRESS', DEFAULT_THROTTLE.perAddress),
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
