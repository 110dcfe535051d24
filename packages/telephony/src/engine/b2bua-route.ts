import type { OriginateOptions } from '../api';
import type { TelephonyEngine } from './telephony-engine';

/**
 * The plain back-to-back call: dial a second leg for an offered one, pass ringing back, answer
 * and bridge when it answers, reject with its cause when it fails, and hang up each side when
 * the other ends. Built only on the engine's public API (what an IVR "connect" step does).
 */
export async function connectLegs(engine: TelephonyEngine, inboundLegId: string, o: OriginateOptions): Promise<string> {
  let outId = '';
  let bridged = false;
  const pending: Array<() => void> = [];
  const offs: Array<() => void> = [];
  const done = (): void => offs.splice(0).forEach((f) => f());
  const onOut = (fn: () => void): void => (outId ? fn() : void pending.push(fn));
  offs.push(
    engine.on('ringing', (e) =>
      onOut(() => {
        if (e.legId === outId && engine.getLeg(inboundLegId).state === 'offered') engine.ring(inboundLegId);
      }),
    ),
    engine.on('answered', (e) =>
      onOut(() => {
        if (e.legId !== outId) return;
        engine
          .answer(inboundLegId)
          .then(() => {
            if (engine.getLeg(inboundLegId).state === 'ended') return engine.hangup(outId);
            engine.bridge([inboundLegId, outId]);
            bridged = true;
          })
          .catch(() => engine.hangup(outId, 'network'));
      }),
    ),
    engine.on('ended', (e) =>
      onOut(() => {
        if (e.legId === outId) {
          const inb = engine.getLeg(inboundLegId);
          if (inb.state === 'offered' || inb.state === 'ringing') engine.reject(inboundLegId, e.cause === 'normal' ? 'rejected' : e.cause);
          else engine.hangup(inboundLegId, 'normal');
          done();
        } else if (e.legId === inboundLegId) {
          const out = engine.getLeg(outId).state;
          engine.hangup(outId, bridged || out === 'answered' || out === 'held' ? 'normal' : 'cancelled');
          done();
        }
      }),
    ),
  );
  try {
    outId = await engine.originate({ continues: inboundLegId, ...o });
  } catch (err) {
    done();
    engine.reject(inboundLegId, 'network');
    throw err;
  }
  pending.splice(0).forEach((f) => f());
  return outId;
}
