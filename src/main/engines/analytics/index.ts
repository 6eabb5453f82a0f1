export { AnalyticsEngine, type AnalyticsDeps } from './analytics-engine';
export { analyticsHandlers } from './analytics-handlers';
export { transitionOf, type StageTransition } from './stage-history';
