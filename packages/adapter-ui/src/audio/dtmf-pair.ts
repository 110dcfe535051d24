/** DTMF pairs (Hz): row and column of the telephone keypad. */
const ROWS = [697, 770, 852, 941];
const COLS = [1209, 1336, 1477, 1633];
const KEYS = ['123A', '456B', '789C', '*0#D'];

/** The two frequencies of a keypad key (0-9 * # A-D), or undefined for anything else. */
export function dtmfPair(key: string): [number, number] | undefined {
  const r = KEYS.findIndex((row) => row.includes(key.toUpperCase()));
  return r < 0 ? undefined : [ROWS[r]!, COLS[KEYS[r]!.indexOf(key.toUpperCase())]!];
}

/** The parts of WebAudio a tone pair needs. */
export interface ToneAudio {
  createGain(): GainNode;
  createOscillator(): OscillatorNode;
}

/**
 * Schedules `key`'s pair into `out` from time `t` for `seconds` at `level` per tone, with 5 ms
 * ramps (no clicks). False (nothing scheduled) for a key that is not on the keypad.
 */
export function scheduleDtmfPair(ctx: ToneAudio, out: AudioNode, key: string, t: number, seconds: number, level: number): boolean {
  const pair = dtmfPair(key);
  if (!pair) return false;
  const g = ctx.createGain();
  g.gain.setValueAtTime(0, t);
  g.gain.linearRampToValueAtTime(level, t + 0.005);
  g.gain.setValueAtTime(level, t + seconds - 0.005);
  g.gain.linearRampToValueAtTime(0, t + seconds);
  g.connect(out);
  for (const f of pair) {
    const o = ctx.createOscillator();
    o.frequency.value = f;
    o.connect(g);
    o.start(t);
    o.stop(t + seconds);
    o.onended = () => g.disconnect();
  }
  return true;
}
