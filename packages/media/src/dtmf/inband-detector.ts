import { DTMF_COLS, DTMF_ROWS, KEYPAD, type DtmfDigit } from './dtmf-digits';

/**
 * In-band DTMF detection (for carriers that send tones instead of RFC 4733):
 * eight Goertzel filters over 205-sample blocks (≈25.6 ms at 8 kHz, the
 * classic block size whose bins sit close to all eight frequencies).
 *
 * A block is a hit for a digit when
 *   - the strongest row and column tones each reach `minLevel`,
 *   - twist is within limits (column up to 8 dB above row, row up to 4 dB above column),
 *   - every other tone in each group is at least 8 dB below the winner,
 *   - the two tones carry at least `minRatio` (75%) of the block's energy (speech does not).
 * A digit starts after `minBlocks` consecutive hits (≥40 ms of tone, as
 * ITU-T Q.24 requires) and ends after two blocks without it.
 */
export interface InbandDetectorOptions {
  sampleRate?: number;
  minLevel?: number;
  minRatio?: number;
  normalTwistDb?: number;
  reverseTwistDb?: number;
  minBlocks?: number;
}

export type InbandDigitListener = (digit: DtmfDigit, phase: 'start' | 'end', atSample: number) => void;

const BLOCK = 205;
const FREQS = [...DTMF_ROWS, ...DTMF_COLS];

export class InbandDtmfDetector {
  private readonly coeffs: Float64Array;
  private readonly power = new Float64Array(8);
  private readonly block = new Float64Array(BLOCK);
  private fill = 0;
  private samplesSeen = 0;
  private candidate = -1;
  private candidateRun = 0;
  private active = -1;
  private misses = 0;
  private readonly minLevel: number;
  private readonly minRatio: number;
  private readonly normalTwist: number;
  private readonly reverseTwist: number;
  private readonly minBlocks: number;

  constructor(
    private readonly listener: InbandDigitListener,
    opts: InbandDetectorOptions = {},
  ) {
    const rate = opts.sampleRate ?? 8000;
    this.coeffs = Float64Array.from(FREQS, (f) => 2 * Math.cos((2 * Math.PI * f) / rate));
    this.minLevel = opts.minLevel ?? 4e4;
    this.minRatio = opts.minRatio ?? 0.75;
    this.normalTwist = 10 ** ((opts.normalTwistDb ?? 8) / 10);
    this.reverseTwist = 10 ** ((opts.reverseTwistDb ?? 4) / 10);
    this.minBlocks = opts.minBlocks ?? 2;
  }

  /** The digit currently held down, if any. */
  get activeDigit(): DtmfDigit | undefined {
    return this.active < 0 ? undefined : KEYPAD[this.active >> 2]![this.active & 3];
  }

  /** Feeds `n` samples; digits are reported through the listener. */
  process(samples: ArrayLike<number>, off: number, n: number): void {
    const block = this.block;
    for (let i = 0; i < n; i++) {
      block[this.fill++] = samples[off + i]!;
      if (this.fill === BLOCK) {
        this.fill = 0;
        this.samplesSeen += BLOCK;
        this.onBlock(this.classify(block, 0, BLOCK));
      }
    }
  }

  /**
   * Classifies one block: the keypad index (row*4+col) of a DTMF pair, or -1.
   * Used directly by masking on whole frames, with no debounce.
   */
  classify(samples: ArrayLike<number>, start: number, n: number): number {
    const power = this.power;
    let energy = 0;
    for (let i = start, end = start + n; i < end; i++) energy += samples[i]! * samples[i]!;
    if (energy === 0) return -1;
    for (let k = 0; k < 8; k++) {
      const c = this.coeffs[k]!;
      let s1 = 0;
      let s2 = 0;
      for (let i = start, end = start + n; i < end; i++) {
        const s0 = samples[i]! + c * s1 - s2;
        s2 = s1;
        s1 = s0;
      }
      power[k] = s1 * s1 + s2 * s2 - c * s1 * s2;
    }
    let r = 0;
    let c = 4;
    for (let k = 1; k < 4; k++) if (power[k]! > power[r]!) r = k;
    for (let k = 5; k < 8; k++) if (power[k]! > power[c]!) c = k;
    const pr = power[r]!;
    const pc = power[c]!;
    const levelScale = 2 / (n * n);
    if (pr * levelScale < this.minLevel || pc * levelScale < this.minLevel) return -1;
    if (pc > pr * this.normalTwist || pr > pc * this.reverseTwist) return -1;
    for (let k = 0; k < 4; k++) if (k !== r && power[k]! * this.normalTwist > pr) return -1;
    for (let k = 4; k < 8; k++) if (k !== c && power[k]! * this.normalTwist > pc) return -1;
    if ((2 * (pr + pc)) / (n * energy) < this.minRatio) return -1;
    return r * 4 + (c - 4);
  }

  reset(): void {
    this.fill = 0;
    this.candidate = -1;
    this.candidateRun = 0;
    this.active = -1;
    this.misses = 0;
  }

  private onBlock(hit: number): void {
    if (this.active >= 0) {
      if (hit === this.active) {
        this.misses = 0;
        return;
      }
      if (++this.misses < 2 && hit < 0) return;
      const ended = this.active;
      this.active = -1;
      this.misses = 0;
      this.listener(KEYPAD[ended >> 2]![ended & 3]!, 'end', this.samplesSeen);
    }
    if (hit < 0) {
      this.candidate = -1;
      this.candidateRun = 0;
      return;
    }
    if (hit === this.candidate) this.candidateRun++;
    else {
      this.candidate = hit;
      this.candidateRun = 1;
    }
    if (this.candidateRun >= this.minBlocks) {
      this.active = hit;
      this.candidate = -1;
      this.candidateRun = 0;
      this.listener(KEYPAD[hit >> 2]![hit & 3]!, 'start', this.samplesSeen);
    }
  }
}
