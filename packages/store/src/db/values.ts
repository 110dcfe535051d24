/** Conversions that hide the dialects' differences in what they return. */

/** pg returns BIGINT (and COUNT) as a string; SQLite returns a number. */
export function toMillis(value: string | number | bigint): number {
  const n = Number(value);
  if (!Number.isFinite(n)) throw new TypeError(`not a number: ${String(value)}`);
  return n;
}

export function toFlag(value: boolean): number {
  return value ? 1 : 0;
}

export function fromFlag(value: number | string | boolean): boolean {
  return value === true || Number(value) === 1;
}

export function toJson(value: unknown): string {
  return JSON.stringify(value);
}

export function fromJson<T>(text: string | null): T | null {
  return text === null ? null : (JSON.parse(text) as T);
}
