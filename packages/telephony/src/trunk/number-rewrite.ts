import { TelephonyError } from '../errors';

/**
 * One rewriting rule: a regular expression over the whole number and its replacement
 * (`$1`… back-references). Rules come from the operator's configuration, never from callers.
 */
export interface RewriteRule {
  match: string;
  replace: string;
}

export interface CompiledRule {
  readonly re: RegExp;
  readonly replace: string;
  readonly source: RewriteRule;
}

/** A dial string after rewriting: an optional '+', then digits, '*' or '#'. */
const DIALLABLE = /^\+?[0-9*#]{1,32}$/;

export function isDiallable(n: string): boolean {
  return DIALLABLE.test(n);
}

/** Removes visual separators people type: spaces, dashes, dots, parentheses. */
export function normaliseNumber(n: string): string {
  return n.replace(/[\s\-.()]/g, '');
}

export function compileRules(rules: readonly RewriteRule[], where: string): CompiledRule[] {
  return rules.map((r, i) => {
    if (typeof r.match !== 'string' || typeof r.replace !== 'string') {
      throw new TelephonyError('TEL_BAD_CONFIG', `${where}: rule ${i} needs string match and replace`);
    }
    let re: RegExp;
    try {
      // Anchored: a rule describes a whole number, not a fragment of one.
      re = new RegExp(`^(?:${r.match})$`);
    } catch (err) {
      throw new TelephonyError('TEL_BAD_CONFIG', `${where}: rule ${i} has a bad pattern: ${(err as Error).message}`);
    }
    return { re, replace: r.replace, source: r };
  });
}

/**
 * Applies the first rule that matches (later rules are not consulted), then checks the
 * result is diallable. No match leaves the number as it is.
 */
export function rewriteNumber(number: string, rules: readonly CompiledRule[]): string {
  const n = normaliseNumber(number);
  let out = n;
  for (const r of rules) {
    if (r.re.test(n)) {
      out = n.replace(r.re, r.replace);
      break;
    }
  }
  if (!isDiallable(out)) throw new TelephonyError('TEL_BAD_NUMBER', `not a diallable number: ${JSON.stringify(number)}`, 400, { number });
  return out;
}
