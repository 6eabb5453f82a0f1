import type { Placement, WidgetDefinition } from '../../../shared/contract/dashboard-operations';

export type { Placement, WidgetDefinition };

export interface DashboardDefinition {
  name: string;
  description: string;
  layout_config: { columns: number; rowHeight: number };
  visibility: 'private' | 'team' | 'roles';
  shared_roles: string[];
  share_permission: 'view' | 'edit';
}
