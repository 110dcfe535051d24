/** Percentiles and Prometheus histogram deltas for the benches' printouts. */

export const pct = (sorted: number[], p: number): number => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]! : NaN);

export const fmtMs = (ms: number): string => (Number.isNaN(ms) ? '-' : ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(ms < 10 ? 1 : 0)} ms`);

/** Cumulative bucket counts (le → count) of an unlabelled histogram in /metrics text. */
export function histogramBuckets(text: string, name: string): Map<number, number> {
  const out = new Map<number, number>();
  const re = new RegExp(`^${name}_bucket\\{le="([^"]+)"\\} (\\d+)$`, 'gm');
  for (const m of text.matchAll(re)) out.set(m[1] === '+Inf' ? Infinity : Number(m[1]), Number(m[2]));
  return out;
}

/** The smallest bucket bound holding the p-th percentile of the observations between two scrapes. */
export function bucketQuantile(before: Map<number, number>, after: Map<number, number>, p: number): string {
  const bounds = [...after.keys()].sort((a, b) => a - b);
  const total = (after.get(Infinity) ?? 0) - (before.get(Infinity) ?? 0);
  if (!total) return '-';
  for (const b of bounds) {
    if ((after.get(b) ?? 0) - (before.get(b) ?? 0) >= (p / 100) * total) {
      if (b === Infinity) return `> ${bounds.at(-2)! * 1e3} ms`;
      return b < 0.001 ? `≤ ${+(b * 1e6).toFixed(1)} µs` : `≤ ${+(b * 1e3).toFixed(2)} ms`;
    }
  }
  return '-';
}
