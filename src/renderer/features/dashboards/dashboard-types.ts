/** The dashboards' shapes live once, in the shared contract. */
export type { Placement } from '../../../shared/contract/dashboard-operations';
export type { Dashboard, ParamSpec, SourceInfo, Widget, WidgetData } from '../../../shared/contract/api-types';
