import type { WidgetType } from '../../../shared/contract/dashboard-operations';

export interface Widget {
  id: string;
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
  can_edit: boolean;
}

export interface Placement {
  widget_id: string;
  row: number;
  column: number;
  width: number;
  height: number;
}

export interface Dashboard {
  id: string;
  name: string;
  description: string;
  layout_config: { columns: number; rowHeight: number };
  is_default: boolean;
  visibility: 'private' | 'team' | 'roles';
  can_edit: boolean;
  widgets: (Placement & { widget: Widget })[];
}

export interface ParamSpec {
  type: 'string' | 'number' | 'integer' | 'boolean' | 'enum' | 'period' | 'entity' | 'field' | 'filters' | 'string_list';
  description: string;
  required?: boolean;
  options?: string[];
  default?: unknown;
  minimum?: number;
  maximum?: number;
}

export interface SourceInfo {
  name: string;
  label: string;
  description: string;
  widget_types: WidgetType[];
  available: boolean;
  params: Record<string, ParamSpec>;
}

export interface WidgetData {
  data: any;
  cached: boolean;
}
