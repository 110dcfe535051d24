import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { passwordHa1 } from '@switchboard/sip';
import { createEngine } from '../src/index';
import { Baresip, makeToneWav, tempDir, waitFor } from '@switchboard/testkit';

// Ports: baresip block 28700-28799; engine SIP 28790; engine RTP 28840-28859.

test("a real baresip registers with the engine's registrar (digest) and the engine calls it by user name", async () => {
  const wav = join(tempDir('reg-wav'), 'tone.wav');
  makeToneWav(wav, 1000, 20);
  const stack = await createEngine({
    sipUdpPort: 28790,
    rtpPorts: { min: 28840, max: 28859 },
    phones: { realm: 'switchboard', ha1: passwordHa1('switchboard', (u) => (u === 'agent7' ? 'phone-pw' : undefined)), algorithms: ['MD5'] },
  });
  const { engine } = stack;
  const phone = new Baresip({
    name: 'agent7',
    base: 28700,
    audioWav: wav,
    register: { registrar: '127.0.0.1:28790', user: 'agent7', password: 'phone-pw', domain: '127.0.0.1:28790' },
  });
  const registered: string[] = [];
  engine.on('registered', (e) => registered.push(e.user));
  try {
    await phone.start();
    await waitFor(() => stack.registrar!.isRegistered('agent7'), 10_000, 'baresip to register').catch((e: Error) => {
      throw new Error(`${e.message}\n${phone.log.slice(-2000)}`);
    });
    assert.deepEqual(registered, ['agent7']);
    const answered = new Promise<string>((r) => engine.once('answered', (e) => r(e.legId)));
    const legId = await engine.originate({ to: { user: 'agent7' }, from: 'queue-care' });
    assert.equal(await answered, legId, 'the registered baresip answered');
    await phone.waitEvent('CALL_ESTABLISHED');
    engine.hangup(legId);
    await phone.waitEvent('CALL_CLOSED');
  } finally {
    await phone.stop();
    await engine.close();
  }
});
