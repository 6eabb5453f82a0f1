import { requireCaller, type HandlerMap, type HandlerRequest } from '../../core/handler';
import { pageOf } from '../query';
import type { DashboardsEngine } from './dashboards-engine';
import { withBody } from '../../core/typed-handler';
import { REMOVE_WIDGET_BODY } from '../../../shared/contract/dashboard-operations';

/** `page` and `page_size` over an in-memory list (dashboards and widgets number in the hundreds at most). */
function paged(req: HandlerRequest, all: unknown[]) {
  const { page, pageSize: size } = pageOf(req.query);
  const link = (p: number) => {
    const url = new URL(`${req.baseUrl}${req.path}`);
    url.searchParams.set('page', String(p));
    url.searchParams.set('page_size', String(size));
    return url.toString();
  };
  return {
    count: all.length,
    next: page * size < all.length ? link(page + 1) : null,
    previous: page > 1 ? link(page - 1) : null,
    results: all.slice((page - 1) * size, page * size),
  };
}

export function dashboardHandlers(engine: DashboardsEngine): HandlerMap {
  const { widgets, dashboards } = engine;
  return {
    'widgets.data_sources': () => engine.registry.catalogue(),
    'widgets.preview': (req) => widgets.preview(req.body, requireCaller(req)),
    'widgets.list': (req) => paged(req, widgets.list(requireCaller(req))),
    'widgets.create': (req) => widgets.create(req.body, requireCaller(req)),
    'widgets.retrieve': (req) => widgets.get(req.params.id, requireCaller(req)),
    'widgets.update': (req) => widgets.update(req.params.id, req.body, requireCaller(req)),
    'widgets.destroy': (req) => {
      widgets.remove(req.params.id, requireCaller(req));
      return undefined;
    },
    'widgets.data': (req) => widgets.data(req.params.id, requireCaller(req)),
    'dashboards.list': (req) => paged(req, dashboards.list(requireCaller(req))),
    'dashboards.create': (req) => dashboards.create(req.body, requireCaller(req)),
    'dashboards.default': (req) => engine.defaultDashboard(requireCaller(req)),
    'dashboards.retrieve': (req) => dashboards.get(req.params.id, requireCaller(req)),
    'dashboards.update': (req) => dashboards.update(req.params.id, req.body, requireCaller(req)),
    'dashboards.destroy': (req) => {
      dashboards.remove(req.params.id, requireCaller(req));
      return undefined;
    },
    'dashboards.set_default': (req) => dashboards.setDefault(req.params.id, requireCaller(req)),
    'dashboards.add_widget': (req) => dashboards.addWidget(req.params.id, req.body, requireCaller(req)),
    'dashboards.remove_widget': withBody(REMOVE_WIDGET_BODY, (req) =>
      dashboards.removeWidget(req.params.id, req.body.widget_id ?? req.query.widget_id, requireCaller(req)),
    ),
  };
}
