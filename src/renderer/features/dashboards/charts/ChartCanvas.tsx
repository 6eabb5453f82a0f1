import { useEffect, useRef } from 'react';
import { Chart, type ChartConfiguration } from 'chart.js';
import type { ChartConfig } from './chart-configs';
import { registerCharts } from './register-charts';

/**
 * One chart.js chart on a canvas that fills its card. The chart is rebuilt when the config
 * changes (new data) and destroyed with the component, so no canvas leaks across refreshes.
 */
export function ChartCanvas({ config, label }: { config: ChartConfig; label: string }) {
  const canvas = useRef<HTMLCanvasElement>(null);

  useEffect(() => {
    registerCharts();
    if (!canvas.current) return;
    const chart = new Chart(canvas.current, config as ChartConfiguration);
    return () => chart.destroy();
  }, [config]);

  return (
    <div className="chart-box">
      <canvas ref={canvas} role="img" aria-label={label} />
    </div>
  );
}
