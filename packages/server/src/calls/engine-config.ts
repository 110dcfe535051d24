import { existsSync } from 'node:fs';
import { SwitchboardError } from '@switchboard/shared';

/**
 * The telephony engine's settings (ENGINE=on|off). Agents' phones register
 * with digest auth as their username or agent number; the password is
 * SIP_PHONE_PASSWORD (one shared secret for the demo: the store keeps only
 * hashes, and digest needs the plain secret).
 */
export interface EngineConfig {
  enabled: boolean;
  /** SIP on HOST, UDP and TCP. */
  sipPort: number;
  rtpPorts: { min: number; max: number };
  /**
   * RTP_IO_THREADS: RTP sockets on this many I/O threads (default 0: on the main thread). With a
   * core to spare, 1 carries more concurrent calls (bench/results/telephony-media.md).
   */
  rtpIoThreads: number;
  /** The sandbox carrier (demo trunk "sandbox"); 0 disables it. */
  sandboxPort: number;
  sandboxRtpPorts: { min: number; max: number };
  phonePassword: string;
  /**
   * Digest algorithms offered to phones (SIP_DIGEST_ALGORITHMS, default MD5): baresip 1.0 (libre)
   * refuses a 401 that offers any algorithm it lacks, so SHA-256 is opt-in ("SHA-256,MD5").
   */
  digestAlgorithms: Array<'MD5' | 'SHA-256'>;
  /** Non-persistent call-me: how long the agent's phone rings per call. */
  agentRingSeconds: number;
  /** How long a number dialled out through the trunk may ring (TRUNK_RING_SECONDS). */
  trunkRingSeconds: number;
  /** Where call recordings go. */
  recordingsDir: string;
  /** Lets "Call me" take a SIP URI (sip:user@host:port) as the number: labs and tests only (CALL_ME_SIP_URIS=on). */
  sipUriNumbers: boolean;
  /**
   * SIP over TCP, as Kamailio's tcp_msg_read_timeout, tcp_connection_lifetime and tcp_max_connections:
   * SIP_TCP_READ_TIMEOUT_SECONDS (20; a message begun must be whole by then), SIP_TCP_IDLE_SECONDS
   * (3600; 0: never), SIP_TCP_MAX_CONNECTIONS (2048) and SIP_TCP_MAX_PER_ADDRESS (64).
   */
  sipConnections: { readTimeoutMs: number; idleTimeoutMs: number; maxConnections: number; maxPerAddress: number };
  /**
   * SIP over TLS beside UDP/TCP, on when SIP_TLS_CERT and SIP_TLS_KEY (PEM paths) are set:
   * SIP_TLS_PORT (5061), SIP_TLS_CA (PEM path: CAs trusted for TLS trunks; default the system's),
   * SIP_TLS_VERIFY (on|off, default on: check trunks' certificates). Same caps as TCP.
   */
  sipTls: { port: number; cert: string; key: string; ca?: string; verifyServer: boolean } | undefined;
}

function pemPath(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const v = env[name];
  if (!v) return undefined;
  if (!existsSync(v)) throw new SwitchboardError('CONFIG_INVALID', `${name}: no file at "${v}"`);
  return v;
}

function sipTls(env: NodeJS.ProcessEnv): EngineConfig['sipTls'] {
  const cert = pemPath(env, 'SIP_TLS_CERT');
  const key = pemPath(env, 'SIP_TLS_KEY');
  const ca = pemPath(env, 'SIP_TLS_CA');
  if (!cert && !key) {
    if (env.SIP_TLS_PORT) throw new SwitchboardError('CONFIG_INVALID', 'SIP_TLS_PORT needs SIP_TLS_CERT and SIP_TLS_KEY');
    return undefined;
  }
  if (!cert || !key) throw new SwitchboardError('CONFIG_INVALID', 'SIP over TLS needs both SIP_TLS_CERT and SIP_TLS_KEY');
  const verify = env.SIP_TLS_VERIFY ?? 'on';
  if (verify !== 'on' && verify !== 'off') throw new SwitchboardError('CONFIG_INVALID', `SIP_TLS_VERIFY must be on or off, got "${verify}"`);
  return { port: int(env, 'SIP_TLS_PORT', 5061), cert, key, ...(ca ? { ca } : {}), verifyServer: verify === 'on' };
}

function int(env: NodeJS.ProcessEnv, name: string, fallback: number, max = 65535): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0 || n > max) throw new SwitchboardError('CONFIG_INVALID', `${name} must be an integer 0-${max}, got "${raw}"`);
  return n;
}

/** As int(), but 0 is refused: a zero cap or read timeout would refuse every connection. */
function positive(env: NodeJS.ProcessEnv, name: string, fallback: number, max: number): number {
  const n = int(env, name, fallback, max);
  if (n === 0) throw new SwitchboardError('CONFIG_INVALID', `${name} must be an integer 1-${max}, got "0"`);
  return n;
}

function range(env: NodeJS.ProcessEnv, name: string, fallback: { min: number; max: number }): { min: number; max: number } {
  const raw = env[name];
  if (!raw) return fallback;
  const m = /^(\d+)-(\d+)$/.exec(raw);
  if (!m || Number(m[1]) > Number(m[2]) || Number(m[2]) > 65535) throw new SwitchboardError('CONFIG_INVALID', `${name} must look like 20000-20999, got "${raw}"`);
  return { min: Number(m[1]), max: Number(m[2]) };
}

function digestAlgorithms(raw: string | undefined): Array<'MD5' | 'SHA-256'> {
  if (!raw) return ['MD5'];
  const list = raw.split(',').map((a) => a.trim().toUpperCase());
  const ok = list.length > 0 && list.every((a): a is 'MD5' | 'SHA-256' => a === 'MD5' || a === 'SHA-256') && new Set(list).size === list.length;
  if (!ok) throw new SwitchboardError('CONFIG_INVALID', `SIP_DIGEST_ALGORITHMS must list MD5 and/or SHA-256 (e.g. "SHA-256,MD5"), got "${raw}"`);
  return list as Array<'MD5' | 'SHA-256'>;
}

export function loadEngineConfig(env: NodeJS.ProcessEnv = process.env): EngineConfig {
  const onOff = env.ENGINE ?? 'on';
  if (onOff !== 'on' && onOff !== 'off') throw new SwitchboardError('CONFIG_INVALID', `ENGINE must be on or off, got "${onOff}"`);
  return {
    enabled: onOff === 'on',
    sipPort: int(env, 'SIP_PORT', 5060),
    rtpPorts: range(env, 'RTP_PORTS', { min: 20000, max: 20999 }),
    rtpIoThreads: int(env, 'RTP_IO_THREADS', 0, 16),
    sandboxPort: int(env, 'SANDBOX_SIP_PORT', 5070),
    sandboxRtpPorts: range(env, 'SANDBOX_RTP_PORTS', { min: 21000, max: 21199 }),
    phonePassword: env.SIP_PHONE_PASSWORD || 'demo-phone',
    digestAlgorithms: digestAlgorithms(env.SIP_DIGEST_ALGORITHMS),
    agentRingSeconds: int(env, 'AGENT_RING_SECONDS', 20, 600),
    trunkRingSeconds: int(env, 'TRUNK_RING_SECONDS', 30, 600),
    recordingsDir: env.RECORDINGS_DIR || './data/recordings',
    sipUriNumbers: env.CALL_ME_SIP_URIS === 'on',
    sipConnections: {
      readTimeoutMs: positive(env, 'SIP_TCP_READ_TIMEOUT_SECONDS', 20, 3600) * 1000,
      idleTimeoutMs: int(env, 'SIP_TCP_IDLE_SECONDS', 3600, 86_400) * 1000,
      maxConnections: positive(env, 'SIP_TCP_MAX_CONNECTIONS', 2048, 1_000_000),
      maxPerAddress: positive(env, 'SIP_TCP_MAX_PER_ADDRESS', 64, 1_000_000),
    },
    sipTls: sipTls(env),
  };
}
