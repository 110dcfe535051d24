import { test } from 'node:test';
import assert from 'node:assert/strict';
import { silentLogger } from '@switchboard/shared';
import { AgentVoiceLines, type VoiceLinePort } from '../../src/index';
import { FakeLeg } from './fake-port';

const tick = () => new Promise((r) => setImmediate(r));

function setup() {
  const log: string[] = [];
  const said: string[] = [];
  const dialled: FakeLeg[] = [];
  const port: VoiceLinePort = {
    dialAgent: async (o) => {
      const leg = new FakeLeg(`phone${dialled.length + 1}`, log);
      log.push(`dial ${o.number}`);
      dialled.push(leg);
      return leg;
    },
    viaTrunk: (n) => n.startsWith('+'),
    webrtc: async (o) => ({ leg: new FakeLeg(`web-${o.from}`, log), sdp: 'answer-sdp' }),
  };
  const lines = new AgentVoiceLines({
    port,
    logger: silentLogger,
    prepareNumber: (_a, n) => n,
    callInNumber: () => '+61290000000',
    agentNumber: () => '1001',
    pinHash: () => undefined,
    callerId: () => '+61290000000',
    sessions: {
      voiceConnected: (a) => said.push(`connected ${a}`),
      voiceFailed: (a, _id, why) => said.push(`failed ${a}: ${why}`),
      voiceDropped: (a, why) => said.push(`dropped ${a}: ${why}`),
    },
  });
  const req = (o: { persistent: boolean; number?: string; method?: 'call-me' | 'web' }) =>
    ({ sessionId: 's1', agentId: 'alice', attemptId: 1, method: o.method ?? 'call-me', persistent: o.persistent, number: o.number ?? null }) as const;
  return { lines, log, said, dialled, req };
}

test('call me, line kept open: the phone is rung and the path is up once it answers; the phone hanging up drops it', async () => {
  const s = setup();
  assert.deepEqual(s.lines.connect(s.req({ persistent: true, number: '+61412345678' })), { kind: 'dialling' });
  await tick();
  assert.equal(s.lines.connectedLine('alice'), undefined, 'not before the answer');
  s.dialled[0]!.answered();
  assert.deepEqual(s.said, ['connected alice']);
  assert.equal(s.lines.connectedLine('alice')?.leg, s.dialled[0]);
  s.dialled[0]!.end('normal');
  assert.deepEqual(s.said.at(-1), 'dropped alice: The call ended');
  assert.equal(s.lines.connectedLine('alice'), undefined);
});

test('call me per call through a trunk: one check call; once it answers it is hung up and calls ring per call', async () => {
  const s = setup();
  s.lines.connect(s.req({ persistent: false, number: '+61412345678' }));
  await tick();
  s.dialled[0]!.answered();
  assert.equal(s.dialled[0]!.isEnded, true, 'the check call is hung up');
  assert.deepEqual(s.said, ['connected alice'], 'its hang-up does not drop the path');
  assert.deepEqual(s.lines.connectedLine('alice'), { method: 'call-me', persistent: false, number: '+61412345678', leg: undefined });
});

test('call me per call on a registered phone is up at once; a check call that fails says why; web connect answers the offer', async () => {
  const s = setup();
  s.lines.connect(s.req({ persistent: false, number: '1001' }));
  await tick();
  assert.deepEqual(s.said, ['connected alice']);
  assert.equal(s.dialled.length, 0);

  const t = setup();
  t.lines.connect(t.req({ persistent: true, number: '+61412345678' }));
  await tick();
  t.dialled[0]!.end('busy');
  assert.deepEqual(t.said, ['failed alice: Your phone is busy']);

  const w = setup();
  await assert.rejects(w.lines.webOffer('alice', 'sdp'), { code: 'ACTION_NOT_ALLOWED' }, 'no Web Connect attempt');
  w.lines.connect(w.req({ persistent: true, method: 'web' }));
  assert.equal(await w.lines.webOffer('alice', 'offer-sdp'), 'answer-sdp');
  assert.equal(w.lines.connectedLine('alice')?.leg?.id, 'web-alice');
});
