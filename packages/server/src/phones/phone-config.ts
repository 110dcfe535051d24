import { SwitchboardError } from '@switchboard/shared';

/**
 * Agents' phones (SIP digest), beside calls/engine-config.ts:
 * - SIP_PHONE_SHARED (on): agents with no phone password of their own register with
 *   SIP_PHONE_PASSWORD, seeded into the store as HA1s (the demo works out of the box); off: only
 *   passwords issued per agent (POST /api/v1/agents/:agentId/phone-password) work.
 * - SIP_AUTH_MAX_FAILURES (20) wrong digest answers within SIP_AUTH_WINDOW_SECONDS (60) from one
 *   address block it for SIP_AUTH_BLOCK_SECONDS (300): 403 to every request needing authentication
 *   (as Kamailio's pike). SIP_AUTH_MAX_FAILURES=0 turns the throttle off.
 */
export interface PhoneConfig {
  sharedPassword: boolean;
  throttle: { maxFailures: number; windowSeconds: number; blockSeconds: number };
}

function int(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) throw new SwitchboardError('CONFIG_INVALID', `${name} must be an integer ${min}-${max}, got "${raw}"`);
  return n;
}

export function loadPhoneConfig(env: NodeJS.ProcessEnv = process.env): PhoneConfig {
  const shared = env.SIP_PHONE_SHARED ?? 'on';
  if (shared !== 'on' && shared !== 'off') throw new SwitchboardError('CONFIG_INVALID', `SIP_PHONE_SHARED must be on or off, got "${shared}"`);
  return {
    sharedPassword: shared === 'on',
    throttle: {
      maxFailures: int(env, 'SIP_AUTH_MAX_FAILURES', 20, 0, 100_000),
      windowSeconds: int(env, 'SIP_AUTH_WINDOW_SECONDS', 60, 1, 86_400),
      blockSeconds: int(env, 'SIP_AUTH_BLOCK_SECONDS', 300, 1, 7 * 86_400),
    },
  };
}
