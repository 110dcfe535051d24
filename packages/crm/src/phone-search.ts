/**
 * CRMs keep numbers as people typed them ("+61 491 570 110", "0491570110"). A search by the
 * E.164 number alone misses most; its last eight digits, contained anywhere without
 * separators, find the usual forms of one number and rarely another's.
 */
export function searchDigits(number: string): string {
  const digits = number.replace(/\D/g, '');
  return digits.length > 8 ? digits.slice(-8) : digits;
}
