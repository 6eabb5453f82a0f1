import type { ChartConfiguration } from 'chart.js';

/** Any chart's configuration, as ChartCanvas takes it (chart.js' own union type is too wide for the compiler). */
export interface ChartConfig {
  type: string;
  data: unknown;
  options?: unknown;
}
import { formatNumber } from '../number-format';
import { alpha, CATEGORICAL, palette } from './chart-colors';

export interface Series {
  labels: string[];
  series: { name: string; values: number[]; band?: 'low' | 'high' }[];
}

interface Look {
  scheme: string;
  prefix: string;
  suffix: string;
}

const tick = (look: Look) => (value: string | number) => formatNumber(Number(value), look.prefix, look.suffix);
const tooltipLabel = (look: Look) => (ctx: { dataset: { label?: string }; parsed: unknown; raw: unknown }) => {
  const parsed = ctx.parsed as { y?: number; x?: number } | number;
  const value = typeof parsed === 'number' ? parsed : (parsed.y ?? parsed.x ?? Number(ctx.raw));
  return `${ctx.dataset.label ? `${ctx.dataset.label}: ` : ''}${formatNumber(value, look.prefix, look.suffix)}`;
};

/**
 * Lines; a `band: 'low'` and `band: 'high'` pair of series (a forecast's P10 and P90) is drawn
 * as a shaded band around the first line instead of two more lines.
 */
export function lineConfig(data: Series, look: Look): ChartConfiguration<'line'> {
  const colors = palette(look.scheme);
  const banded = data.series.some((s) => s.band);
  const low = data.series.findIndex((s) => s.band === 'low');
  return {
    type: 'line',
    data: {
      labels: data.labels,
      datasets: data.series.map((s, i) =>
        s.band
          ? {
              label: s.name,
              data: s.values,
              borderColor: alpha(colors[0], 0.25),
              backgroundColor: alpha(colors[0], 0.15),
              borderWidth: 1,
              fill: s.band === 'high' && low >= 0 ? low : false,
              tension: 0.3,
              pointRadius: 0,
            }
          : {
              label: s.name,
              data: s.values,
              borderColor: colors[i % colors.length],
              backgroundColor: alpha(colors[i % colors.length], 0.12),
              fill: i === 0 && !banded,
              tension: 0.3,
              pointRadius: 2,
            },
      ),
    },
    options: {
      plugins: { legend: { display: data.series.length > 1 }, tooltip: { callbacks: { label: tooltipLabel(look) } } },
      scales: { y: { beginAtZero: true, ticks: { callback: tick(look), maxTicksLimit: 6 } }, x: { ticks: { maxRotation: 0, autoSkip: true } } },
    },
  };
}

export function barConfig(data: Series, look: Look): ChartConfiguration<'bar'> {
  const colors = palette(look.scheme);
  const horizontal = data.labels.length > 6;
  return {
    type: 'bar',
    data: {
      labels: data.labels,
      datasets: data.series.map((s, i) => ({
        label: s.name,
        data: s.values,
        backgroundColor: colors[i % colors.length],
        borderRadius: 4,
        maxBarThickness: 48,
      })),
    },
    options: {
      indexAxis: horizontal ? 'y' : 'x',
      plugins: { legend: { display: data.series.length > 1 }, tooltip: { callbacks: { label: tooltipLabel(look) } } },
      scales: horizontal
        ? { x: { beginAtZero: true, ticks: { callback: tick(look), maxTicksLimit: 5 } } }
        : // Six bars at most here, each a category of its own: every one keeps its label,
          // slanted when the widget is too narrow (auto-skip left two of four stages unnamed at 1024 wide).
          { y: { beginAtZero: true, ticks: { callback: tick(look), maxTicksLimit: 6 } }, x: { ticks: { maxRotation: 40, autoSkip: false } } },
    },
  };
}

export function pieConfig(data: Series, look: Look): ChartConfiguration<'doughnut'> {
  return {
    type: 'doughnut',
    data: {
      labels: data.labels,
      datasets: [{ label: data.series[0]?.name, data: data.series[0]?.values ?? [], backgroundColor: CATEGORICAL, borderWidth: 1 }],
    },
    options: { cutout: '55%', plugins: { legend: { position: 'right', labels: { boxWidth: 12 } }, tooltip: { callbacks: { label: tooltipLabel(look) } } } },
  };
}

export function funnelConfig(stages: { label: string; value: number }[], look: Look): ChartConfig {
  const colors = palette(look.scheme);
  return {
    type: 'funnel',
    // Stage names with their figure on the index axis: the funnel plugin's own labels need the datalabels plugin.
    data: {
      labels: stages.map((s) => `${s.label} · ${formatNumber(s.value, look.prefix, look.suffix)}`),
      datasets: [{ data: stages.map((s) => s.value), backgroundColor: stages.map((_, i) => colors[i % colors.length]) }],
    },
    options: {
      indexAxis: 'y',
      plugins: { legend: { display: false }, tooltip: { callbacks: { label: tooltipLabel(look) } } },
      scales: { y: { display: true, grid: { display: false }, border: { display: false } } },
    },
  };
}

/** A matrix of figures; cells that are null (a young cohort's future periods) are left out. `x_title` names the columns (hours when absent). */
export function heatmapConfig(
  d: { x_labels: string[]; y_labels: string[]; matrix: (number | null)[][]; max: number; x_title?: string },
  look: Look,
): ChartConfig {
  const base = palette(look.scheme)[0];
  const cells = d.matrix.flatMap((row, y) => row.flatMap((v, x) => (v === null ? [] : [{ x: d.x_labels[x], y: d.y_labels[y], v }])));
  const cellName = (r: { x: string; y: string }) => (d.x_title ? `${r.y}, ${r.x} ${d.x_title}` : `${r.y} ${r.x}:00`);
  return {
    type: 'matrix',
    data: {
      datasets: [
        {
          label: 'Count',
          data: cells,
          backgroundColor: (ctx: { raw?: { v: number } }) => alpha(base, ctx.raw && d.max ? 0.08 + (0.92 * ctx.raw.v) / d.max : 0.05),
          borderWidth: 0,
          width: ({ chart }: { chart: { chartArea?: { width: number } } }) => (chart.chartArea ? chart.chartArea.width / d.x_labels.length - 2 : 10),
          height: ({ chart }: { chart: { chartArea?: { height: number } } }) => (chart.chartArea ? chart.chartArea.height / d.y_labels.length - 2 : 10),
        },
      ],
    },
    options: {
      plugins: {
        legend: { display: false },
        tooltip: {
          callbacks: {
            title: () => '',
            label: (ctx: { raw: unknown }) => {
              const r = ctx.raw as { x: string; y: string; v: number };
              return `${cellName(r)} — ${formatNumber(r.v, look.prefix, look.suffix)}`;
            },
          },
        },
      },
      scales: {
        x: { type: 'category', labels: d.x_labels, offset: true, grid: { display: false }, ticks: { autoSkip: true, maxRotation: 0 } },
        y: { type: 'category', labels: d.y_labels, offset: true, reverse: true, grid: { display: false } },
      },
    },
  };
}
