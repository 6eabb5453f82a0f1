/** Answers of the analytics endpoints, as the renderer reads them (the contract's shapes). */
export interface ForecastRow {
  date: string;
  predicted_value: number;
  confidence_low: number;
  confidence_high: number;
  closed_to_date: number | null;
  pipeline: number;
  run_rate: number;
}

export interface ForecastAnswer {
  forecast: ForecastRow[];
  model_accuracy: number | null;
  accuracy: { band_coverage: number | null; mape: number | null; cutoffs: number; horizon_days: number };
  trend: 'upward' | 'downward' | 'flat';
  closed_to_date: number;
  based_on_closed_deals: number;
  data_sufficiency: { sufficient: boolean; message: string };
  components: {
    pipeline: { predicted_value: number; confidence_low: number; confidence_high: number; open_deals: number; stale_deals_excluded: number };
    run_rate: { predicted_value: number; confidence_low: number; confidence_high: number };
  };
}

export interface FunnelStage {
  stage: string;
  count: number;
  entered: number;
  conversion_rate: number;
  step_conversion_rate: number | null;
  median_dwell_days: number | null;
}

export interface FunnelAnswer {
  stages: FunnelStage[];
  overall_conversion: number;
  bottleneck_stage: string | null;
  slowest_stage: string | null;
}

export interface CohortAnswer {
  metric: 'retention' | 'revenue' | 'activity';
  cohorts: { cohort: string; size: number; periods: number[]; retention_rate: number | null }[];
  average_retention: number | null;
  best_cohort: string | null;
}

export interface MetricValue {
  name: string;
  label: string;
  unit: string;
  description: string;
  custom: boolean;
  value: number | null;
  n?: number;
  median?: number | null;
  series: { period: string; value: number | null; n?: number }[] | null;
}

export interface MetricsAnswer {
  metrics: Record<string, MetricValue>;
}

export interface MetricDefinition {
  id: string;
  name: string;
  label: string;
}

/** The window and owner every panel's request carries. */
export interface AnalyticsFilters {
  start_date: string;
  end_date: string;
  owner: string;
}
