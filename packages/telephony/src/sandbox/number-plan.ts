/**
 * The sandbox carrier's number plan: what a dialled number does. Pure, so the README table,
 * the carrier, the demo numbers (demo-numbers.ts) and the tests share one source of truth. Matching is on the digits after an
 * optional '+' (so +1000 and 1000 behave alike); anything after the prefix is ignored
 * (10001234 answers like 1000).
 */
export type SandboxBehaviour =
  | { kind: 'answer'; afterMs: number; audio: 'tone' | 'wav' | 'echo' }
  | { kind: 'busy' }
  | { kind: 'no_answer' }
  | { kind: 'invalid' }
  | { kind: 'machine'; afterMs: number };

export interface PlanEntry {
  pattern: string;
  behaviour: string;
}

/** The plan: the table in packages/telephony/README.md is this list (a test holds them equal). */
export const SANDBOX_PLAN: readonly PlanEntry[] = [
  { pattern: '`1000…`', behaviour: 'answers at once and plays a 1 kHz tone until hung up' },
  { pattern: '`1001…`', behaviour: 'answers at once and plays the sandbox WAV (`wavPath`, else a 440 Hz tone)' },
  { pattern: '`1002…`', behaviour: "answers at once and echoes the caller's audio" },
  { pattern: '`2000…`', behaviour: 'busy: 486 Busy Here → `busy`' },
  { pattern: '`3000…`', behaviour: 'rings (180) and never answers → `no_answer` at the ring timeout' },
  { pattern: '`4000…`', behaviour: 'invalid: 404 Not Found → `invalid_number`' },
  { pattern: '`5NN…`', behaviour: 'rings, answers after NN seconds (00-99), plays a 1 kHz tone' },
  { pattern: '`6000…`', behaviour: 'answering machine: answers after 1 s, a long greeting (default 4 s), a 1400 Hz beep, then silence' },
  { pattern: 'anything else', behaviour: '404 → `invalid_number`' },
];

export function sandboxBehaviour(dialled: string): SandboxBehaviour {
  const n = dialled.startsWith('+') ? dialled.slice(1) : dialled;
  if (!/^[0-9]+$/.test(n)) return { kind: 'invalid' };
  if (n.startsWith('1000')) return { kind: 'answer', afterMs: 0, audio: 'tone' };
  if (n.startsWith('1001')) return { kind: 'answer', afterMs: 0, audio: 'wav' };
  if (n.startsWith('1002')) return { kind: 'answer', afterMs: 0, audio: 'echo' };
  if (n.startsWith('2000')) return { kind: 'busy' };
  if (n.startsWith('3000')) return { kind: 'no_answer' };
  if (n.startsWith('4000')) return { kind: 'invalid' };
  if (n.startsWith('6000')) return { kind: 'machine', afterMs: 1000 };
  const m = /^5(\d\d)/.exec(n);
  if (m) return { kind: 'answer', afterMs: Number(m[1]) * 1000, audio: 'tone' };
  return { kind: 'invalid' };
}
