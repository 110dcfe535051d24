import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { IntervalRow } from '@switchboard/protocol';

/** Offered, answered and abandoned per interval (summed over the rows shown), as a uPlot line chart. */
export function IntervalChart({ rows, title }: { rows: readonly IntervalRow[]; title: string }) {
  const host = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = host.current;
    if (!el) return;
    const byStart = new Map<number, [number, number, number]>();
    for (const r of rows) {
      const t = Date.parse(r.start) / 1000;
      const v = byStart.get(t) ?? [0, 0, 0];
      v[0] += r.offered;
      v[1] += r.answered;
      v[2] += r.abandoned;
      byStart.set(t, v);
    }
    const xs = [...byStart.keys()].sort((a, b) => a - b);
    const data: uPlot.AlignedData = [xs, xs.map((x) => byStart.get(x)![0]), xs.map((x) => byStart.get(x)![1]), xs.map((x) => byStart.get(x)![2])];
    const plot = new uPlot(
      {
        width: Math.max(300, el.clientWidth),
        height: 220,
        series: [{}, { label: 'Offered', stroke: '#1d4ed8', width: 2 }, { label: 'Answered', stroke: '#0f766e', width: 2 }, { label: 'Abandoned', stroke: '#b91c1c', width: 2 }],
        axes: [{}, { label: 'Calls' }],
        scales: { y: { range: (_u, _min, max) => [0, Math.max(1, max)] } },
      },
      data,
      el,
    );
    const onResize = () => plot.setSize({ width: Math.max(300, el.clientWidth), height: 220 });
    window.addEventListener('resize', onResize);
    return () => {
      window.removeEventListener('resize', onResize);
      plot.destroy();
    };
  }, [rows]);
  // The chart is a picture of the table below it, which is what a screen reader reads.
  return <div ref={host} class="chart" role="img" aria-label={title} data-testid="interval-chart" />;
}
