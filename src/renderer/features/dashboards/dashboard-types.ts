import type { Placement, WidgetDefinition, WidgetType } from '../../../shared/contract/dashboard-operations';

export type { Placement };

export interface Widget extends WidgetDefinition {
  id: string;
  can_edit: boolean;
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
