import type { WidgetType } from '../../../shared/contract/dashboard-operations';

export interface WidgetDefinition {
  name: string;
  widget_type: WidgetType;
  data_source: string;
  query_params: Record<string, unknown>;
  size: string;
  color_scheme: string;
  icon: string | null;
  value_prefix: string;
  value_suffix: string;
  refresh_interval: number;
}

/** Where a widget sits on the 12-column grid. */
export interface Placement {
  widget_id: string;
  row: number;
  column: number;
  width: number;
  height: number;
}

export interface DashboardDefinition {
  name: string;
  description: string;
  layout_config: { columns: number; rowHeight: number };
  visibility: 'private' | 'team' | 'roles';
  shared_roles: string[];
  share_permission: 'view' | 'edit';
  placements: Placement[];
}
