import type { Leg } from '../leg/leg';
import type { CallSignal, SignalRefer } from '../signalling/call-signal';
import type { EngineContext } from './context';

/** The live leg a call signal belongs to. */
export function legOfSignal(ctx: EngineContext, signal: CallSignal): Leg | undefined {
  for (const l of ctx.legs.values()) if (l.signal === signal && !l.ended) return l;
  return undefined;
}

/**
 * A transfer asked by a leg's far end (a desk phone's transfer button: SIP REFER, RFC 3515).
 * Accepted (202, NOTIFY "100 Trying") only when an owner listens, then handed up as the engine's
 * `refer` event with an attended transfer's other leg resolved; the owner's accept()/fail() send
 * the final NOTIFY, once. What the transfer does is the owner's business (core's operation).
 */
export function referFromPhone(ctx: EngineContext, leg: Leg, r: SignalRefer, takesRefer: (legId: string) => boolean): void {
  if (leg.ended || leg.state === 'ending') return r.reject(603, 'Decline: Call Is Ending');
  // RFC 3515 2.4.2: a REFER we will not act on may be declined; 603 rather than leave it hanging.
  if (!takesRefer(leg.id)) return r.reject(603, 'Decline: Transfer Not Handled');
  let replacesLegId: string | undefined;
  if (r.replaces) {
    const other = legOfSignal(ctx, r.replaces);
    if (!other) {
      // Its call ended since: what the INVITE-with-Replaces would get (RFC 3891 3: 481).
      r.accept();
      return r.complete(481, 'Replaces: No Such Call');
    }
    replacesLegId = other.id;
  }
  if (!r.target && !replacesLegId) return r.reject(400, 'Refer-To Names No User Or Number');
  r.accept();
  let done = false;
  const finish = (status: number, reason?: string): void => {
    if (done) return;
    done = true;
    ctx.log.info({ leg: leg.id, status }, 'REFER outcome');
    r.complete(status, reason);
  };
  ctx.log.info({ leg: leg.id, target: r.target, replaces: replacesLegId }, 'transfer asked by the phone (REFER)');
  ctx.events.emit('refer', {
    legId: leg.id,
    target: r.target,
    uri: r.uri,
    replacesLegId,
    ...(r.referredBy !== undefined ? { referredBy: r.referredBy } : {}),
    accept: () => finish(200),
    fail: (status, reason) => finish(Number.isInteger(status) && status >= 300 && status <= 699 ? status : 500, reason),
  });
}
