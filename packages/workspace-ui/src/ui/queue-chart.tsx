import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { FloorSample } from '@switchboard/protocol';

const WIDTH = 220;
const HEIGHT = 70;

/** uPlot's columns from the samples: x in seconds, then calls waiting and agents available. */
function columns(points: FloorSample[]): uPlot.AlignedData {
  return [points.map((p) => p[0] / 1000), points.map((p) => p[1]), points.map((p) => p[2])];
}

/** What a screen reader hears instead of the picture. */
export function chartLabel(name: string, points: FloorSample[]): string {
  if (points.length === 0) return `${name}: no samples yet (one every 10 seconds)`;
  const last = points[points.length - 1]!;
  const minutes = Math.max(1, Math.round((last[0] - points[0]![0]) / 60_000));
  const peak = Math.max(...points.map((p) => p[1] ?? 0));
  return `${name}, last ${minutes} min: calls waiting now ${last[1] ?? 'unknown'} (peak ${peak}), agents available now ${last[2]}`;
}

/** A small chart of calls waiting (red) and agents available (green) over the last hour. */
export function QueueChart({ name, points }: { name: string; points: FloorSample[] }) {
  const el = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  useEffect(() => {
    if (!el.current) return;
    plot.current = new uPlot(
      {
        width: WIDTH,
        height: HEIGHT,
        legend: { show: false },
        cursor: { show: false },
        scales: { y: { range: (_u, _min, max) => [0, Math.max(2, max + 1)] } },
        axes: [{ show: false }, { size: 28, font: '10px system-ui', ticks: { show: false }, gap: 2, splits: (_u, _i, _min, max) => [0, Math.round(max)] }],
        series: [{}, { label: 'Calls waiting', stroke: '#c0392b', width: 1.5, spanGaps: true }, { label: 'Agents available', stroke: '#1e8449', width: 1.5 }],
      },
      columns(points),
      el.current,
    );
    return () => {
      plot.current?.destroy();
      plot.current = null;
    };
  }, []);
  useEffect(() => {
    plot.current?.setData(columns(points));
  }, [points]);
  return <div class="queue-chart" ref={el} role="img" aria-label={chartLabel(name, points)} data-testid="queue-chart" data-points={points.length} />;
}
