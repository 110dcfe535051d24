#!/usr/bin/env node
// Generates the demo IVR's prompts from text: espeak-ng speaks each line, sox
// turns it into what the engine plays (8 kHz, mono, 16-bit PCM WAV) with a
// little silence after it. Re-runnable: it overwrites config/prompts/*.wav.
// Needs the Debian packages espeak-ng and sox.
//
//   node scripts/make-prompts.mjs [--out DIR]
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** File name → what it says. The demo workflow in config/demo-workspace.yaml plays these. */
export const PROMPTS = {
  'welcome.wav': 'Welcome to the Switchboard demo.',
  'enter-account.wav': 'Please enter your account number, then press hash.',
  'menu.wav': 'For customer care, press 1. To request a call back, press 2.',
  'callback-confirm.wav': 'Thank you. We will call you back on the number you are calling from. Goodbye.',
  'callback-offer.wav': 'All our agents are still busy. To be called back instead, press 1. Or stay on the line to keep your place.',
};

const VOICE = 'en-gb';
const WORDS_PER_MINUTE = '165';

function requireTool(tool, pkg) {
  const r = spawnSync(tool, ['--version'], { encoding: 'utf8' });
  if (r.error) {
    console.error(`make-prompts: "${tool}" was not found on PATH; install the Debian package "${pkg}" (apt-get install ${pkg}).`);
    process.exit(2);
  }
}

function run(cmd, args) {
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  if (r.status !== 0) {
    console.error(`make-prompts: ${cmd} ${args.join(' ')} failed (exit ${r.status}):\n${r.stderr}`);
    process.exit(1);
  }
}

function main() {
  const i = process.argv.indexOf('--out');
  const out = i > 0 ? resolve(process.argv[i + 1] ?? '') : join(root, 'config', 'prompts');
  requireTool('espeak-ng', 'espeak-ng');
  requireTool('sox', 'sox');
  mkdirSync(out, { recursive: true });
  const tmp = mkdtempSync(join(tmpdir(), 'sb-prompts-'));
  try {
    for (const [file, text] of Object.entries(PROMPTS)) {
      const raw = join(tmp, file);
      run('espeak-ng', ['-v', VOICE, '-s', WORDS_PER_MINUTE, '-w', raw, text]);
      // -D: no dither, so the same text always makes the same bytes; gain -n -3: peaks at -3 dBFS.
      run('sox', ['-D', raw, '-r', '8000', '-c', '1', '-b', '16', '-e', 'signed-integer', join(out, file), 'gain', '-n', '-3', 'pad', '0', '0.3']);
      console.log(`${join(out, file)}  ${statSync(join(out, file)).size} bytes  "${text}"`);
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

main();
