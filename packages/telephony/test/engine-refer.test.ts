import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FakeClock } from '@switchboard/shared';
import { MediaEngine } from '@switchboard/media';
import { TelephonyEngine, type LegHandle, type LegReferRequest, type SignalRefer, type CallSignal } from '../src/index';
import { FakeSignalling, sdpFor, type FakeSignal } from './helpers/fake-signalling';

// Ports (block 41600-41799): media 41740-41759 (bound when a leg is answered).

function setup() {
  const clock = new FakeClock();
  const signalling = new FakeSignalling();
  const media = new MediaEngine({ clock, portRange: { min: 41740, max: 41759 }, timeoutMs: 0, rtcpIntervalMs: 0 });
  const engine = new TelephonyEngine({ signalling, media, clock });
  const incoming: Array<{ leg: LegHandle; replacesLegId: string | undefined }> = [];
  engine.on('incoming', ({ leg, replacesLegId }) => incoming.push({ leg, replacesLegId }));
  /** An inbound call, answered. */
  const call = async (info: Parameters<FakeSignalling['incoming']>[1] = {}): Promise<{ leg: LegHandle; signal: FakeSignal }> => {
    const signal = signalling.incoming(sdpFor(41790), info);
    const { leg } = incoming.at(-1)!;
    await leg.answer();
    return { leg, signal };
  };
  return { engine, signalling, incoming, call, close: () => engine.close() };
}

/** A SignalRefer that records what the engine did with it. */
function stubRefer(o: Partial<Pick<SignalRefer, 'target' | 'uri' | 'replaces' | 'referredBy'>> = {}): SignalRefer & { log: string[] } {
  const log: string[] = [];
  return {
    target: o.target ?? '+15550001',
    uri: o.uri ?? 'sip:+15550001@pbx',
    replaces: o.replaces,
    referredBy: o.referredBy,
    log,
    accept: () => void log.push('202'),
    complete: (status, reason) => void log.push(`NOTIFY ${status}${reason ? ` ${reason}` : ''}`),
    reject: (status, reason) => void log.push(`${status}${reason ? ` ${reason}` : ''}`),
  };
}

test('no refer listener: the REFER is declined with 603 and nothing waits', async () => {
  const t = setup();
  const { signal } = await t.call();
  const r = stubRefer();
  signal.emit('refer', r);
  assert.deepEqual(r.log, ['603 Decline: Transfer Not Handled']);
  await t.close();
});

test('a listener on the leg: 202 at once, the typed event, one outcome only (fail status kept, or 500 when not a failure)', async () => {
  const t = setup();
  const { leg, signal } = await t.call();
  const got: LegReferRequest[] = [];
  leg.on('refer', (e) => got.push(e));
  const r = stubRefer({ referredBy: 'sip:alice@pbx' });
  signal.emit('refer', r);
  assert.deepEqual(r.log, ['202']);
  assert.equal(got.length, 1);
  const e = got[0]!;
  assert.deepEqual(
    { target: e.target, uri: e.uri, replacesLegId: e.replacesLegId, referredBy: e.referredBy },
    { target: '+15550001', uri: 'sip:+15550001@pbx', replacesLegId: undefined, referredBy: 'sip:alice@pbx' },
  );
  e.fail(486, 'Busy Here');
  e.accept();
  assert.deepEqual(r.log, ['202', 'NOTIFY 486 Busy Here']);
  const r2 = stubRefer();
  signal.emit('refer', r2);
  got[1]!.fail(200);
  assert.deepEqual(r2.log, ['202', 'NOTIFY 500']);
  const r3 = stubRefer();
  signal.emit('refer', r3);
  got[2]!.accept();
  assert.deepEqual(r3.log, ['202', 'NOTIFY 200']);
  await t.close();
});

test('an engine-wide listener is enough; the event names the leg; held legs can transfer too', async () => {
  const t = setup();
  const { leg, signal } = await t.call();
  const got: Array<{ legId: string }> = [];
  t.engine.on('refer', (e) => got.push(e));
  await leg.hold();
  const r = stubRefer();
  signal.emit('refer', r);
  assert.deepEqual(r.log, ['202']);
  assert.equal(got[0]!.legId, leg.id);
  await t.close();
});

test('attended: replacesLegId is the leg of the named call; a call that ended meanwhile gets NOTIFY 481; no target and no Replaces 400', async () => {
  const t = setup();
  const a = await t.call();
  const b = await t.call();
  const got: LegReferRequest[] = [];
  a.leg.on('refer', (e) => got.push(e));
  const r = stubRefer({ target: 'switchboard', replaces: b.signal as CallSignal });
  a.signal.emit('refer', r);
  assert.equal(got[0]!.replacesLegId, b.leg.id);
  b.leg.hangup();
  const r2 = stubRefer({ replaces: b.signal as CallSignal });
  a.signal.emit('refer', r2);
  assert.deepEqual(r2.log, ['202', 'NOTIFY 481 Replaces: No Such Call']);
  const r3 = stubRefer({ target: '' });
  a.signal.emit('refer', r3);
  assert.deepEqual(r3.log, ['400 Refer-To Names No User Or Number']);
  assert.equal(got.length, 1);
  a.leg.hangup();
  const r4 = stubRefer();
  a.signal.emit('refer', r4);
  assert.deepEqual(r4.log, ['603 Decline: Call Is Ending']);
  await t.close();
});

test('an INVITE that replaces a live call is offered with replacesLegId; one naming a call that ended is refused 481', async () => {
  const t = setup();
  const a = await t.call();
  const offered: Array<string | undefined> = [];
  t.engine.on('offered', (e) => offered.push(e.replacesLegId));
  const b = await t.call({ replaces: a.signal });
  assert.equal(t.incoming.at(-1)!.replacesLegId, a.leg.id);
  assert.deepEqual(offered, [a.leg.id]);
  assert.equal(a.leg.info().state, 'answered', 'ending the replaced leg is the owner’s call');
  a.leg.hangup();
  const before = t.incoming.length;
  const gone = t.signalling.incoming(sdpFor(41791), { replaces: a.signal });
  assert.deepEqual(gone.actions, ['481']);
  assert.equal(t.incoming.length, before);
  b.leg.hangup();
  await t.close();
});
