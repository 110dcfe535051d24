#!/usr/bin/env node
// Generates the default music on hold (config/prompts/music-on-hold.wav): a soft ten-second
// loop of four chords (C, A minor, F, G), each a sine pad under a plucked arpeggio, in what the
// engine plays (8 kHz, mono, 16-bit PCM WAV). Every chord fades in and out, so the loop joins
// without a click. Voiced between 260 Hz and 1.6 kHz: a phone line carries it whole.
// Re-runnable (no dither: the same bytes each time). Needs the Debian package sox.
//
//   node scripts/make-music-on-hold.mjs [--out FILE]
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const CHORD_SECONDS = 2.5;
const ARPEGGIO_STEPS = 8;

/** Note names → Hz (equal temperament, A4 = 440). */
const HZ = { C4: 261.63, E4: 329.63, F4: 349.23, G4: 392.0, A4: 440.0, B4: 493.88, C5: 523.25, D5: 587.33, E5: 659.25, F5: 698.46, G5: 783.99, A5: 880.0, C6: 1046.5, B5: 987.77 };

/** Pad notes and the arpeggio (played in order, twice) of each chord. */
const CHORDS = [
  { pad: ['C4', 'E4', 'G4', 'C5'], arp: ['C5', 'E5', 'G5', 'C6'] },
  { pad: ['A4', 'C5', 'E5'], arp: ['A4', 'C5', 'E5', 'A5'] },
  { pad: ['F4', 'A4', 'C5', 'F5'], arp: ['F5', 'A5', 'C6', 'A5'] },
  { pad: ['G4', 'B4', 'D5', 'G5'], arp: ['G5', 'B5', 'D5', 'B4'] },
];

function requireTool(tool, pkg) {
  const r = spawnSync(tool, ['--version'], { encoding: 'utf8' });
  if (r.error) {
    console.error(`make-music-on-hold: "${tool}" was not found on PATH; install the Debian package "${pkg}" (apt-get install ${pkg}).`);
    process.exit(2);
  }
}

function sox(args) {
  const r = spawnSync('sox', ['-D', ...args], { encoding: 'utf8' });
  if (r.status !== 0) {
    console.error(`make-music-on-hold: sox ${args.join(' ')} failed (exit ${r.status}):\n${r.stderr}`);
    process.exit(1);
  }
}

const FORMAT = ['-r', '8000', '-c', '1', '-b', '16', '-e', 'signed-integer'];

function main() {
  const i = process.argv.indexOf('--out');
  const out = i > 0 ? resolve(process.argv[i + 1] ?? '') : join(root, 'config', 'prompts', 'music-on-hold.wav');
  requireTool('sox', 'sox');
  mkdirSync(dirname(out), { recursive: true });
  const tmp = mkdtempSync(join(tmpdir(), 'sb-moh-'));
  try {
    const chords = CHORDS.map((c, n) => {
      const parts = c.pad.map((note, k) => {
        const f = join(tmp, `pad-${n}-${k}.wav`);
        sox(['-n', ...FORMAT, f, 'synth', String(CHORD_SECONDS), 'sine', String(HZ[note]), 'vol', '0.5']);
        return f;
      });
      const step = CHORD_SECONDS / ARPEGGIO_STEPS;
      const notes = Array.from({ length: ARPEGGIO_STEPS }, (_, k) => {
        const f = join(tmp, `arp-${n}-${k}.wav`);
        sox(['-n', ...FORMAT, f, 'synth', String(step), 'pluck', String(HZ[c.arp[k % c.arp.length]]), 'fade', 'q', '0.005', String(step), '0.08']);
        return f;
      });
      const arp = join(tmp, `arp-${n}.wav`);
      sox([...notes, arp]);
      const chord = join(tmp, `chord-${n}.wav`);
      // -m mixes (each input scaled down); the fades make every chord start and end in silence.
      sox(['-m', ...parts, arp, chord, 'fade', 'h', '0.3', String(CHORD_SECONDS), '0.4']);
      return chord;
    });
    // Soft: peaks at -9 dBFS, a gentle low-pass so the plucks are not harsh.
    sox([...chords, ...FORMAT, out, 'lowpass', '2500', 'gain', '-n', '-9']);
    console.log(`${out}  ${statSync(out).size} bytes  ${CHORDS.length * CHORD_SECONDS} s`);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

main();
