/** A tiny line chart as SVG text: categorical x, linear y, one series per policy. */
export interface Series {
  name: string;
  values: Array<number | undefined>;
}

const COLOURS = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f', '#bcbd22', '#17becf', '#000000', '#aa3377'];

function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function lineChart(opts: {
  title: string;
  xLabel: string;
  yLabel: string;
  xs: string[];
  series: Series[];
  yMin: number;
  yMax: number;
  yTicks: number[];
  refLine?: { y: number; label: string };
}): string {
  const W = 860;
  const H = 480;
  const L = 70;
  const R = 260;
  const T = 50;
  const B = 60;
  const pw = W - L - R;
  const ph = H - T - B;
  const x = (i: number): number => L + (opts.xs.length === 1 ? pw / 2 : (i * pw) / (opts.xs.length - 1));
  const y = (v: number): number => T + ph - ((Math.min(Math.max(v, opts.yMin), opts.yMax) - opts.yMin) / (opts.yMax - opts.yMin)) * ph;
  const out: string[] = [];
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="12">`);
  out.push(`<rect width="${W}" height="${H}" fill="white"/>`);
  out.push(`<text x="${L}" y="28" font-size="16" font-weight="bold">${esc(opts.title)}</text>`);
  for (const t of opts.yTicks) {
    out.push(`<line x1="${L}" x2="${L + pw}" y1="${y(t)}" y2="${y(t)}" stroke="#ddd"/>`);
    out.push(`<text x="${L - 8}" y="${y(t) + 4}" text-anchor="end">${t}</text>`);
  }
  opts.xs.forEach((lab, i) => {
    out.push(`<line x1="${x(i)}" x2="${x(i)}" y1="${T}" y2="${T + ph}" stroke="#eee"/>`);
    out.push(`<text x="${x(i)}" y="${T + ph + 18}" text-anchor="middle">${esc(lab)}</text>`);
  });
  out.push(`<rect x="${L}" y="${T}" width="${pw}" height="${ph}" fill="none" stroke="#333"/>`);
  out.push(`<text x="${L + pw / 2}" y="${H - 15}" text-anchor="middle">${esc(opts.xLabel)}</text>`);
  out.push(`<text transform="translate(18 ${T + ph / 2}) rotate(-90)" text-anchor="middle">${esc(opts.yLabel)}</text>`);
  if (opts.refLine) {
    out.push(`<line x1="${L}" x2="${L + pw}" y1="${y(opts.refLine.y)}" y2="${y(opts.refLine.y)}" stroke="#c00" stroke-dasharray="6 4"/>`);
    out.push(`<text x="${L + pw - 4}" y="${y(opts.refLine.y) - 5}" text-anchor="end" fill="#c00">${esc(opts.refLine.label)}</text>`);
  }
  opts.series.forEach((s, k) => {
    const c = COLOURS[k % COLOURS.length]!;
    const pts = s.values.map((v, i) => (v === undefined ? undefined : `${x(i).toFixed(1)},${y(v).toFixed(1)}`)).filter((p): p is string => !!p);
    const dash = k >= COLOURS.length ? ' stroke-dasharray="4 3"' : '';
    out.push(`<polyline fill="none" stroke="${c}" stroke-width="${s.name.startsWith('Switchboard') ? 3 : 1.6}"${dash} points="${pts.join(' ')}"/>`);
    for (const p of pts) {
      const [px, py] = p.split(',');
      out.push(`<circle cx="${px}" cy="${py}" r="3" fill="${c}"/>`);
    }
    const ly = T + 10 + k * 18;
    out.push(`<line x1="${L + pw + 15}" x2="${L + pw + 40}" y1="${ly}" y2="${ly}" stroke="${c}" stroke-width="3"/>`);
    out.push(`<text x="${L + pw + 46}" y="${ly + 4}">${esc(s.name)}</text>`);
  });
  out.push('</svg>');
  return out.join('\n');
}
