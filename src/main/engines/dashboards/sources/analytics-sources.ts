import { PERIODS } from '../periods';
import type { DataSource } from './source-types';

/**
 * Sources backed by the analytics engine (custom metrics, forecast, conversion funnel, cohort).
 * They are in the catalogue with their parameters so the UI and scripts know them; `read` is
 * null until the analytics engine is wired in at the composition root (`analyticsSources` in
 * createDashboards' options replaces these entries by name).
 */
const pending = (name: string, label: string, description: string, widgetTypes: DataSource['widgetTypes'], params: DataSource['params']): DataSource => ({
  name, label, description, widgetTypes, params,
  entities: () => ['opportunity', 'lead', 'contact', 'activity'],
  dependsOn: () => 'role',
  read: null,
});

export const ANALYTICS_SOURCES: readonly DataSource[] = [
  pending('metric', 'Custom metric', 'A metric defined in analytics (value and trend).', ['metric_card', 'line_chart', 'bar_chart', 'goal'], {
    metric_id: { type: 'string', required: true, description: 'The metric definition' },
    period: { type: 'period', options: PERIODS, description: 'A relative period' },
  }),
  pending('forecast', 'Sales forecast', 'Forecast revenue with its confidence band.', ['line_chart', 'bar_chart', 'metric_card'], {
    period: { type: 'enum', options: ['monthly', 'quarterly'], default: 'monthly', description: 'Bucket size' },
    months: { type: 'integer', minimum: 1, maximum: 24, default: 6, description: 'How far ahead' },
  }),
  pending('funnel', 'Conversion funnel', 'Lead to won conversion per stage with rates.', ['funnel', 'bar_chart', 'table'], {
    period: { type: 'period', options: PERIODS, description: 'A relative period' },
  }),
  pending('cohort', 'Cohort analysis', 'Retention or conversion of monthly cohorts.', ['heatmap', 'table'], {
    cohort_type: { type: 'enum', options: ['monthly', 'quarterly'], default: 'monthly', description: 'Cohort size' },
    metric: { type: 'enum', options: ['conversion', 'retention', 'revenue'], default: 'conversion', description: 'What each cell shows' },
  }),
];
