import type { RewriteRule } from '../trunk/number-rewrite';

/**
 * Demo numbers through the sandbox carrier: the fictional Australian mobile range
 * 0491 570 xxx (ACMA's, never a real phone) mapped onto the sandbox's number plan
 * (number-plan.ts), so agents dial numbers that pass real validation. The one source for
 * the server's sandbox trunk (its outbound rewriting), the READMEs and the tests.
 */
export interface SandboxDemoNumber {
  /** What an agent dials, as people write it. */
  dial: string;
  /** The E.164 form's rewriting onto the sandbox plan. */
  rule: RewriteRule;
  /** What the sandbox does with it, in a few words. */
  behaviour: string;
}

export const SANDBOX_DEMO_NUMBERS: readonly SandboxDemoNumber[] = [
  { dial: '0491 570 1xx', rule: { match: '\\+614915701\\d\\d', replace: '1000' }, behaviour: 'answers, plays a 1 kHz tone' },
  { dial: '0491 570 2xx', rule: { match: '\\+614915702\\d\\d', replace: '2000' }, behaviour: 'busy' },
  { dial: '0491 570 3xx', rule: { match: '\\+614915703\\d\\d', replace: '3000' }, behaviour: 'rings, never answers (no answer)' },
  { dial: '0491 570 4xx', rule: { match: '\\+614915704\\d\\d', replace: '4000' }, behaviour: 'invalid number (404)' },
  { dial: '0491 570 5NN', rule: { match: '\\+614915705(\\d\\d)', replace: '5$1' }, behaviour: 'answers after NN seconds' },
  { dial: '0491 570 6xx', rule: { match: '\\+614915706\\d\\d', replace: '6000' }, behaviour: 'answering machine' },
];

/** The sandbox trunk's outbound rewriting (anything else goes as is, and the sandbox answers 404). */
export const SANDBOX_REWRITE: RewriteRule[] = SANDBOX_DEMO_NUMBERS.map((d) => d.rule);

/** A caller id the demo caller page presents: in the 1xx range, so an agent who calls it back reaches a tone. */
export const SANDBOX_DEMO_CALLER_ID = '+61491570110';
