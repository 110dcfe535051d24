import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WavWriter, wavHeader } from '../src/record/wav-writer';
import { parseWav, PcmSource, readPromptWav } from '../src/play/wav-reader';
import { MediaError } from '../src/errors';

test('streaming writer: many small flushes, header patched with the real size, reader round trip', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'sb-wav-'));
  try {
    const path = join(dir, 'x.wav');
    const w = new WavWriter(path, 8000, 1, 100);
    const src = Int16Array.from({ length: 1234 }, (_, i) => ((i * 37) % 65536) - 32768);
    for (let o = 0; o < src.length; o += 77) w.write(src.subarray(o, Math.min(src.length, o + 77)));
    assert.equal(w.bytes, 2468);
    await w.close();
    const buf = readFileSync(path);
    assert.equal(buf.readUInt32LE(40), 2468);
    assert.equal(buf.readUInt32LE(4), 36 + 2468);
    assert.deepEqual([...parseWav(buf).samples], [...src]);
    assert.deepEqual([...(await readPromptWav(path))], [...src]);
    assert.throws(
      () => w.write(src),
      (e: unknown) => e instanceof MediaError && e.code === 'MEDIA_RECORDER_CLOSED',
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('reader: rejects what a G.711 leg cannot play, tolerates an unpatched header and extra chunks', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'sb-wav-'));
  try {
    const stereo = join(dir, 's.wav');
    writeFileSync(stereo, Buffer.concat([wavHeader(8000, 2, 8), Buffer.alloc(8)]));
    await assert.rejects(readPromptWav(stereo), (e: unknown) => e instanceof MediaError && e.code === 'MEDIA_BAD_WAV');
    const wide = join(dir, 'w.wav');
    writeFileSync(wide, Buffer.concat([wavHeader(16000, 1, 8), Buffer.alloc(8)]));
    await assert.rejects(readPromptWav(wide), /8 kHz mono/);
    assert.throws(
      () => parseWav(Buffer.from('nope')),
      (e: unknown) => e instanceof MediaError && e.code === 'MEDIA_BAD_WAV',
    );
    // a LIST chunk before data, and a data size of 0 (a crashed writer)
    const h = wavHeader(8000, 1, 0);
    const list = Buffer.concat([Buffer.from('LIST'), Buffer.from([4, 0, 0, 0]), Buffer.from('INFO')]);
    const data = Buffer.from(Int16Array.from([1, -2, 3]).buffer);
    const file = Buffer.concat([h.subarray(0, 36), list, h.subarray(36), data]);
    assert.deepEqual([...parseWav(file).samples], [1, -2, 3]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('PcmSource plays once or loops', () => {
  const s = new PcmSource(Int16Array.from([1, 2, 3]), 2);
  const out = new Int16Array(10);
  assert.equal(s.read(out, 10), 6);
  assert.deepEqual([...out.subarray(0, 6)], [1, 2, 3, 1, 2, 3]);
});
