import type { ApiClient } from '../../api/api-client';
import type { Dashboard, Placement, SourceInfo, Widget, WidgetData } from './dashboard-types';

/** The dashboards and widgets endpoints the screen uses (spec section 4). */
export const dashboardApi = {
  defaultDashboard: (api: ApiClient, signal?: AbortSignal) => api.get<Dashboard>('/dashboards/default/', { signal }),
  saveLayout: (api: ApiClient, id: string, layout: Placement[]) => api.request<Dashboard>('PUT', `/dashboards/${id}/`, { body: { layout } }),
  addWidget: (api: ApiClient, id: string, placement: Partial<Placement> & { widget_id: string }) =>
    api.request<Dashboard>('POST', `/dashboards/${id}/add_widget/`, { body: placement }),
  removeWidget: (api: ApiClient, id: string, widgetId: string) =>
    api.request<Dashboard>('DELETE', `/dashboards/${id}/remove_widget/`, { body: { widget_id: widgetId } }),
  sources: (api: ApiClient) => api.get<{ results: SourceInfo[] }>('/widgets/data-sources/'),
  createWidget: (api: ApiClient, body: Partial<Widget>) => api.request<Widget>('POST', '/widgets/', { body }),
  preview: (api: ApiClient, body: Partial<Widget>, signal?: AbortSignal) => api.request<WidgetData>('POST', '/widgets/preview/', { body, signal }),
  data: (api: ApiClient, id: string, signal?: AbortSignal) => api.get<WidgetData>(`/widgets/${id}/data/`, { signal }),
};
