/** The 12-widget dashboard the benchmarks read: one widget per type, as a salesperson's dashboard would have them. */
export const BENCH_WIDGETS = [
  { widget_type: 'metric_card', data_source: 'opportunities_value', query_params: { stage: 'won', this_month: true } },
  {
    widget_type: 'line_chart',
    data_source: 'records_aggregate',
    query_params: { entity: 'activity', interval: 'week', period: 'last_90_days', date_field: 'occurred_at' },
  },
  { widget_type: 'bar_chart', data_source: 'opportunities_by_stage', query_params: { measure: 'amount' } },
  { widget_type: 'pie_chart', data_source: 'records_aggregate', query_params: { entity: 'lead', group_by: 'lead_source' } },
  {
    widget_type: 'table',
    data_source: 'records',
    query_params: {
      entity: 'opportunity',
      filters: { stage__in: 'prospecting,qualification,proposal,negotiation' },
      period: 'this_month',
      date_field: 'close_date',
      ordering: 'close_date',
      limit: 8,
    },
  },
  { widget_type: 'funnel', data_source: 'opportunities_by_stage', query_params: {} },
  {
    widget_type: 'goal',
    data_source: 'goal',
    query_params: { target: 500, entity: 'activity', filters: { activity_type: 'call' }, period: 'this_month', date_field: 'occurred_at' },
  },
  { widget_type: 'leaderboard', data_source: 'leaderboard', query_params: { entity: 'activity', period: 'this_month', date_field: 'occurred_at', limit: 10 } },
  { widget_type: 'timeline', data_source: 'timeline', query_params: { limit: 10 } },
  { widget_type: 'heatmap', data_source: 'records_heatmap', query_params: { entity: 'activity', date_field: 'occurred_at', period: 'last_30_days' } },
  { widget_type: 'map', data_source: 'record_locations', query_params: { entity: 'company' } },
  {
    widget_type: 'list',
    data_source: 'records',
    query_params: { entity: 'task', filters: { status__in: 'pending,in_progress', due_date__lt: '@now', assigned_to: 'me' }, ordering: 'due_date', limit: 8 },
  },
];
