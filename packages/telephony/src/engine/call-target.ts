import type { OriginateOptions } from '../api';
import { TelephonyError } from '../errors';
import type { OutgoingCallTarget, SignalTransport } from '../signalling/call-signal';
import type { TrunkTable } from '../trunk/trunk-config';

/** Where a registered user's phone can be reached (the registrar's answer). */
export interface ContactLookup {
  contactFor(user: string): { uri: string; host: string; port: number; transport: SignalTransport } | undefined;
}

/** Where an originate goes, with the trunk it counts against, its ring-out and the dialled party. */
export interface ResolvedCallTarget {
  target: OutgoingCallTarget;
  trunkName: string | undefined;
  ringMs: number;
  to: string;
}

/**
 * Turns an originate's destination (a trunk and number, a registered user, or a SIP URI) into
 * the INVITE's target: the trunk's number rewrite, host, transport, caller id and credentials;
 * the phone's registered contact; and whether to offer SRTP. Pure apart from the lookups, so
 * CallControl only sets legs up.
 */
export function resolveCallTarget(o: OriginateOptions, trunks: TrunkTable, contacts: ContactLookup): ResolvedCallTarget {
  const t = o.to;
  if ('trunk' in t) {
    const trunk = trunks.get(t.trunk);
    const number = trunk.outboundNumber(t.number);
    const hostPort = trunk.host.includes(':') && !trunk.host.startsWith('[') ? `[${trunk.host}]` : trunk.host;
    const target: OutgoingCallTarget = {
      uri: `sip:${number}@${hostPort}:${trunk.port}${trunk.transport === 'udp' ? '' : `;transport=${trunk.transport}`}`,
      host: trunk.host,
      port: trunk.port,
      transport: trunk.transport,
      ...(trunk.srtp ? { srtp: true } : {}),
      from: o.from ?? trunk.callerId ?? 'anonymous',
      ...(trunk.credentials ? { credentials: trunk.credentials } : {}),
    };
    return { target, trunkName: trunk.name, ringMs: o.ringTimeoutMs ?? trunk.ringTimeoutMs, to: number };
  }
  if ('user' in t) {
    const c = contacts.contactFor(t.user);
    if (!c) throw new TelephonyError('TEL_USER_NOT_REGISTERED', `user ${t.user} has no registered phone`, 404, { user: t.user });
    // SDES keys travel in the SIP messages: offered unasked only where those are encrypted (TLS).
    const srtp = t.srtp === true ? true : t.srtp === undefined && c.transport === 'tls' ? 'best-effort' : undefined;
    return { target: { ...c, from: o.from ?? 'switchboard', ...(srtp ? { srtp } : {}) }, trunkName: undefined, ringMs: o.ringTimeoutMs ?? 60_000, to: t.user };
  }
  const user = /^sips?:([^@;]+)@/.exec(t.uri)?.[1] ?? t.uri;
  return {
    target: { uri: t.uri, host: t.host, port: t.port, transport: t.transport ?? 'udp', from: o.from ?? 'switchboard', ...(t.srtp ? { srtp: true } : {}) },
    trunkName: undefined,
    ringMs: o.ringTimeoutMs ?? 60_000,
    to: user,
  };
}
