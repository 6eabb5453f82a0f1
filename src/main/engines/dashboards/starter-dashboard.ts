import { derivedId } from '../../../shared/entities/shared-kinds';
import type { Placement, WidgetDefinition } from './dashboard-types';
import type { SourceRegistry } from './sources/source-registry';

type Starter = Omit<WidgetDefinition, 'size' | 'color_scheme' | 'icon' | 'value_suffix' | 'value_prefix' | 'refresh_interval'> &
  Partial<WidgetDefinition> & { at: Omit<Placement, 'widget_id'> };

const OPEN_STAGES = 'prospecting,qualification,proposal,negotiation';
const OPEN_TASKS = { status__in: 'pending,in_progress', due_date__lt: '@now' };

/**
 * The dashboard a new user finds on the Overview screen: the numbers a salesperson checks each
 * morning. Entries whose source is not available on this install are left out, so the
 * forecast (with its band) appears by itself once the analytics engine is wired in.
 */
const STARTER: readonly Starter[] = [
  {
    name: 'Won this month',
    widget_type: 'metric_card',
    data_source: 'opportunities_value',
    query_params: { stage: 'won', this_month: true },
    value_prefix: '$',
    icon: 'currency-dollar',
    color_scheme: 'green',
    at: { row: 0, column: 0, width: 3, height: 2 },
  },
  {
    name: 'Open pipeline',
    widget_type: 'metric_card',
    data_source: 'opportunities_value',
    query_params: { stage: 'open' },
    value_prefix: '$',
    icon: 'pipeline',
    at: { row: 0, column: 3, width: 3, height: 2 },
  },
  {
    name: 'Overdue tasks',
    widget_type: 'metric_card',
    data_source: 'records_aggregate',
    query_params: { entity: 'task', filters: { ...OPEN_TASKS, assigned_to: 'me' } },
    icon: 'check',
    color_scheme: 'red',
    at: { row: 0, column: 6, width: 3, height: 2 },
  },
  {
    name: 'Activities this week',
    widget_type: 'metric_card',
    data_source: 'records_aggregate',
    query_params: { entity: 'activity', period: 'this_week', date_field: 'occurred_at' },
    icon: 'activity',
    color_scheme: 'purple',
    at: { row: 0, column: 9, width: 3, height: 2 },
  },
  {
    name: 'Pipeline by stage',
    widget_type: 'bar_chart',
    data_source: 'opportunities_by_stage',
    query_params: { measure: 'amount' },
    value_prefix: '$',
    at: { row: 2, column: 0, width: 6, height: 4 },
  },
  {
    name: 'Forecast',
    widget_type: 'line_chart',
    data_source: 'forecast',
    query_params: { period: 'month', periods: 6 },
    value_prefix: '$',
    at: { row: 2, column: 6, width: 6, height: 4 },
  },
  {
    name: 'Deals closing this month',
    widget_type: 'table',
    data_source: 'records',
    query_params: {
      entity: 'opportunity',
      filters: { stage__in: OPEN_STAGES },
      period: 'this_month',
      date_field: 'close_date',
      ordering: 'close_date',
      limit: 8,
      columns: ['name', 'amount', 'close_date', 'owner'],
    },
    size: 'large',
    at: { row: 6, column: 0, width: 6, height: 4 },
  },
  {
    name: 'My overdue tasks',
    widget_type: 'list',
    data_source: 'records',
    query_params: { entity: 'task', filters: { ...OPEN_TASKS, assigned_to: 'me' }, ordering: 'due_date', limit: 8 },
    color_scheme: 'red',
    at: { row: 6, column: 6, width: 6, height: 4 },
  },
  {
    name: 'Activity leaderboard',
    widget_type: 'leaderboard',
    data_source: 'leaderboard',
    query_params: { entity: 'activity', period: 'this_month', date_field: 'occurred_at', limit: 8 },
    at: { row: 10, column: 0, width: 6, height: 4 },
  },
  { name: 'Recent activity', widget_type: 'timeline', data_source: 'timeline', query_params: { limit: 10 }, at: { row: 10, column: 6, width: 6, height: 4 } },
];

export function starterWidgets(registry: SourceRegistry): { definition: WidgetDefinition; at: Omit<Placement, 'widget_id'> }[] {
  const usable = STARTER.filter((s) => registry.get(s.data_source)?.read);
  // Without the forecast, the stage chart takes the whole row.
  const withoutForecast = !usable.some((s) => s.data_source === 'forecast');
  return usable.map(({ at, ...s }) => ({
    definition: { size: 'medium', color_scheme: 'blue', icon: null, value_prefix: '', value_suffix: '', refresh_interval: 300, ...s },
    at: withoutForecast && s.name === 'Pipeline by stage' ? { ...at, width: 12 } : at,
  }));
}

/** The same id for a user's starter dashboard on every install of the team. */
export function starterDashboardId(userId: string): string {
  return derivedId(`starter-dashboard:${userId}`);
}

export function starterWidgetId(userId: string, widgetName: string): string {
  return derivedId(`starter-widget:${userId}:${widgetName}`);
}
