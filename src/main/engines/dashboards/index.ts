export { DashboardsEngine, type DashboardsEngineDeps } from './dashboards-engine';
export { dashboardHandlers } from './dashboard-handlers';
export type { DataSource, DataViewer, ParamSpec, ReadContext } from './sources/source-types';
export { PERIODS, resolvePeriod, previousPeriod, type Period, type ResolvedPeriod } from './periods';
export { analyticsSources } from './sources/analytics-sources';
