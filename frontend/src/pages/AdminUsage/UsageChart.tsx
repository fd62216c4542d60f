import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

export interface ChartSeries {
  label: string;
  values: number[];
  color: string;
}

/** Grouped bars for categories (days, users or models), drawn by uPlot (bundled, no CDN). */
export function UsageChart({ title, categories, series }: { title: string; categories: string[]; series: ChartSeries[] }) {
  const host = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = host.current;
    if (!el || !categories.length) return;
    const n = series.length;
    const bars = uPlot.paths.bars!;
    const opts: uPlot.Options = {
      title,
      width: Math.max(320, el.clientWidth),
      height: 200,
      legend: { show: true },
      cursor: { drag: { x: false, y: false } },
      scales: { x: { time: false, range: [-0.5, categories.length - 0.5] }, y: { range: (_u, _min, max) => [0, Math.max(1, max * 1.1)] } },
      axes: [
        { ...AXIS, values: (_u, splits) => splits.map((s) => (Number.isInteger(s) ? shorten(categories[s] ?? '') : '')),
          splits: () => categories.map((_, i) => i) },
        { ...AXIS, size: 60 },
      ],
      series: [
        {},
        ...series.map((s, i) => ({
          label: s.label,
          stroke: s.color,
          fill: s.color + 'cc',
          width: 1,
          // two series side by side: the first left of its category's tick, the second right of it
          paths: bars({ size: [0.8 / n, 48], align: (n === 1 ? 0 : i === 0 ? 1 : -1) as 0 | 1 | -1 }),
          points: { show: false },
        })),
      ],
    };
    const data: uPlot.AlignedData = [categories.map((_, i) => i), ...series.map((s) => s.values)];
    const plot = new uPlot(opts, data, el);
    const resize = new ResizeObserver(() => plot.setSize({ width: Math.max(320, el.clientWidth), height: 200 }));
    resize.observe(el);
    return () => {
      resize.disconnect();
      plot.destroy();
    };
  }, [title, categories, series]);
  return <div ref={host} className="usage-chart" role="img" aria-label={`${title} (the table below has the numbers)`} />;
}

// the app's dark theme (styles.css): muted labels, border-coloured grid
const AXIS = { stroke: '#8b949e', grid: { stroke: '#30363d', width: 1 }, ticks: { stroke: '#30363d', width: 1 } };

const shorten = (s: string) => (s.length > 14 ? s.slice(0, 13) + '…' : s);
