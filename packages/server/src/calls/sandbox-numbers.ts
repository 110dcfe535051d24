import type { RewriteRule } from '@switchboard/telephony';

/**
 * Demo numbers through the sandbox carrier: the fictional Australian mobile
 * range 0491 570 xxx (ACMA's, never a real phone) mapped onto the sandbox's
 * number plan, so agents dial numbers that pass real validation.
 *
 * | dial            | sandbox | behaviour                                  |
 * |-----------------|---------|--------------------------------------------|
 * | 0491 570 1xx    | 1000    | answers, plays a 1 kHz tone                 |
 * | 0491 570 2xx    | 2000    | busy                                        |
 * | 0491 570 3xx    | 3000    | rings, never answers (no answer)            |
 * | 0491 570 4xx    | 4000    | invalid number (404)                        |
 * | 0491 570 5NN    | 5NN     | answers after NN seconds                    |
 * | 0491 570 6xx    | 6000    | answering machine                           |
 * | anything else   | as is   | the sandbox answers 404 (invalid)           |
 */
export const SANDBOX_REWRITE: RewriteRule[] = [
  { match: '\\+614915701\\d\\d', replace: '1000' },
  { match: '\\+614915702\\d\\d', replace: '2000' },
  { match: '\\+614915703\\d\\d', replace: '3000' },
  { match: '\\+614915704\\d\\d', replace: '4000' },
  { match: '\\+614915705(\\d\\d)', replace: '5$1' },
  { match: '\\+614915706\\d\\d', replace: '6000' },
];
