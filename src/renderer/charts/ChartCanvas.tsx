import { useEffect, useRef } from 'react';
import type { Chart, ChartConfiguration } from 'chart.js';
import { registerCharts } from './chart-registry';

/**
 * One chart.js chart on a canvas: created on mount, updated in place when the config changes
 * (no flicker), destroyed on unmount. `label` is what a screen reader hears for the picture.
 */
export function ChartCanvas({ config, label, height = 280, testId }: { config: ChartConfiguration; label: string; height?: number; testId?: string }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const chart = useRef<Chart | null>(null);

  useEffect(() => {
    const ChartClass = registerCharts();
    if (!canvas.current) return;
    chart.current = new ChartClass(canvas.current, {
      ...config,
      options: { responsive: true, maintainAspectRatio: false, animation: false, ...config.options },
    });
    return () => {
      chart.current?.destroy();
      chart.current = null;
    };
    // The chart is rebuilt only when its kind changes; data and options update in place below.
  }, [config.type]);

  useEffect(() => {
    const c = chart.current;
    if (!c) return;
    c.data = config.data;
    c.options = { responsive: true, maintainAspectRatio: false, animation: false, ...config.options };
    c.update();
  }, [config]);

  return (
    <div className="chart-box" style={{ height }} data-testid={testId}>
      <canvas ref={canvas} role="img" aria-label={label} />
    </div>
  );
}
