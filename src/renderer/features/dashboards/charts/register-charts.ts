import {
  ArcElement,
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  DoughnutController,
  Filler,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PieController,
  PointElement,
  Tooltip,
} from 'chart.js';
import { FunnelController, TrapezoidElement } from 'chartjs-chart-funnel';
import { MatrixController, MatrixElement } from 'chartjs-chart-matrix';
import { ChoroplethController, ColorScale, GeoFeature, ProjectionScale } from 'chartjs-chart-geo';

let registered = false;

/** Registers only what the dashboard draws (tree-shaken chart.js), once, plus the funnel, matrix and geo plugins. */
export function registerCharts(): void {
  if (registered) return;
  registered = true;
  Chart.register(
    ArcElement,
    BarController,
    BarElement,
    CategoryScale,
    DoughnutController,
    Filler,
    Legend,
    LinearScale,
    LineController,
    LineElement,
    PieController,
    PointElement,
    Tooltip,
    FunnelController,
    TrapezoidElement,
    MatrixController,
    MatrixElement,
    ChoroplethController,
    ColorScale,
    GeoFeature,
    ProjectionScale,
  );
  Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;
  Chart.defaults.font.size = 12;
  Chart.defaults.color = '#667085';
  Chart.defaults.maintainAspectRatio = false;
  Chart.defaults.animation = false;
}
