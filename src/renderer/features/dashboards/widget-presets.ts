import type { WidgetType } from '../../../shared/contract/dashboard-operations';

/** What a new widget of each type starts from in the Add widget dialog: a source and parameters that read well. */
export const WIDGET_PRESETS: Record<WidgetType, { label: string; name: string; data_source: string; query_params: Record<string, unknown>; value_prefix?: string; width: number; height: number }> = {
  metric_card: { label: 'Metric card', name: 'Won this month', data_source: 'opportunities_value', query_params: { stage: 'won', period: 'this_month' }, value_prefix: '$', width: 3, height: 2 },
  line_chart: { label: 'Line chart', name: 'New leads per week', data_source: 'records_aggregate', query_params: { entity: 'lead', interval: 'week', period: 'last_90_days' }, width: 6, height: 4 },
  bar_chart: { label: 'Bar chart', name: 'Deals by stage', data_source: 'records_aggregate', query_params: { entity: 'opportunity', group_by: 'stage' }, width: 6, height: 4 },
  pie_chart: { label: 'Pie chart', name: 'Leads by source', data_source: 'records_aggregate', query_params: { entity: 'lead', group_by: 'lead_source' }, width: 4, height: 4 },
  table: { label: 'Table', name: 'Biggest open deals', data_source: 'records', query_params: { entity: 'opportunity', filters: { stage__in: 'prospecting,qualification,proposal,negotiation' }, ordering: '-amount', limit: 8 }, width: 6, height: 4 },
  funnel: { label: 'Funnel', name: 'Pipeline funnel', data_source: 'opportunities_by_stage', query_params: {}, width: 4, height: 4 },
  goal: { label: 'Goal', name: 'Calls this month', data_source: 'goal', query_params: { target: 200, entity: 'activity', filters: { activity_type: 'call' }, period: 'this_month', date_field: 'occurred_at' }, width: 3, height: 2 },
  leaderboard: { label: 'Leaderboard', name: 'Top sellers this quarter', data_source: 'leaderboard', query_params: { entity: 'opportunity', metric: 'sum', field: 'amount', filters: { stage: 'closed_won' }, period: 'this_quarter', date_field: 'actual_close_date' }, value_prefix: '$', width: 4, height: 4 },
  timeline: { label: 'Timeline', name: 'Recent activity', data_source: 'timeline', query_params: { limit: 10 }, width: 4, height: 4 },
  heatmap: { label: 'Heatmap', name: 'When we call', data_source: 'records_heatmap', query_params: { entity: 'activity', date_field: 'occurred_at', period: 'last_90_days' }, width: 6, height: 3 },
  map: { label: 'Map', name: 'Customers by country', data_source: 'record_locations', query_params: { entity: 'company' }, width: 6, height: 4 },
  list: { label: 'List', name: 'My overdue tasks', data_source: 'records', query_params: { entity: 'task', filters: { status__in: 'pending,in_progress', due_date__lt: '@now', assigned_to: 'me' }, ordering: 'due_date', limit: 8 }, width: 4, height: 4 },
};
