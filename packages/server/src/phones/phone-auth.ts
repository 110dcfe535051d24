import type { Clock, Logger } from '@switchboard/shared';
import type { Store } from '@switchboard/store';
import type { AuthBlock, DigestAlgorithm } from '@switchboard/sip';
import type { PhoneAuthOptions } from '@switchboard/telephony';
import type { PhoneConfig } from './phone-config';
import type { PhoneCredentials } from './phone-credentials';

declare module '../calls/telephony-runtime' {
  interface TelephonyRuntimeDeps {
    /** Agents' phones for the engine: realm, HA1 lookup, auth throttle (phones/phone-auth.ts). */
    phones: PhoneAuthOptions;
  }
}

export interface PhoneAuthDeps {
  credentials: PhoneCredentials;
  config: PhoneConfig;
  algorithms: DigestAlgorithm[];
  store: Store;
  clock: Clock;
  log: Logger;
}

/**
 * The engine's `phones` option: digest against the stored HA1s, and the per-address throttle whose
 * blocks are audited for each agent whose name was tried (the audit belongs to known users; a
 * block that named none is only logged, by the engine).
 */
export function phoneAuthOptions(d: PhoneAuthDeps): PhoneAuthOptions {
  const t = d.config.throttle;
  return {
    realm: d.credentials.realm,
    ha1: (user, algorithm) => d.credentials.ha1(user, algorithm),
    algorithms: d.algorithms,
    throttle: t.maxFailures > 0 ? t : null,
    onBlocked: (b) => void auditBlock(d, b),
  };
}

async function auditBlock(d: PhoneAuthDeps, b: AuthBlock): Promise<void> {
  const agents = new Set<string>();
  for (const u of b.users) {
    const id = d.credentials.agentOf(u);
    if (id) agents.add(id);
  }
  for (const agentId of agents) {
    await d.store.audit
      .appendAudit({
        at: d.clock.now(),
        agentId,
        kind: 'phone-auth',
        from: null,
        to: 'blocked',
        detail: { address: b.address, failures: b.failures, users: b.users, until: new Date(b.until).toISOString(), blockSeconds: Math.round((b.until - b.at) / 1000) },
      })
      .catch((err: unknown) => d.log.error({ err }, 'audit of a SIP authentication block failed'));
  }
}
