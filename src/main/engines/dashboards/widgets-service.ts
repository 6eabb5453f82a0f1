import { notFound, validationError } from '../../../shared/errors';
import type { Caller } from '../../core/handler';
import type { Clock } from '../../core/clock';
import { newId } from '../../core/ids';
import type { PlacementStore } from './placement-store';
import type { DefinitionStore, StoredDefinition } from './definition-store';
import type { DashboardDefinition, WidgetDefinition } from './dashboard-types';
import { canEdit, canView } from './dashboard-access';
import { widgetFields } from './definition-input';
import type { SourceRegistry } from './sources/source-registry';
import type { WidgetCache } from './widget-cache';
import type { ViewerDirectory } from './viewer-directory';
import { AppError } from '../../../shared/errors';

type Widget = StoredDefinition<WidgetDefinition>;

export interface WidgetsDeps {
  clock: Clock;
  widgets: DefinitionStore<WidgetDefinition>;
  dashboards: DefinitionStore<DashboardDefinition>;
  placements: PlacementStore;
  registry: SourceRegistry;
  cache: WidgetCache;
  viewers: ViewerDirectory;
}

/**
 * Widgets: a type, a data source with its parameters, and how it looks. A widget is seen by
 * its owner, admins, and whoever sees a dashboard it is on; changed by its owner, admins, and
 * whoever may edit such a dashboard.
 */
export class WidgetsService {
  constructor(private readonly deps: WidgetsDeps) {}

  list(caller: Caller): Record<string, unknown>[] {
    const all = this.deps.widgets.list();
    const shared = this.sharedWith(caller);
    return this.present(
      all.filter((w) => w.owner_id === caller.id || caller.role === 'admin' || shared.view.has(w.id)),
      caller,
      shared.edit,
    );
  }

  get(id: string, caller: Caller): Record<string, unknown> {
    const w = this.visible(id, caller);
    return this.present([w], caller, this.sharedWith(caller).edit)[0];
  }

  create(body: unknown, caller: Caller): Record<string, unknown> {
    const { def, rawParams, errors } = widgetFields(body, null);
    const params = this.checked(def, rawParams, caller, errors);
    const at = this.now();
    const w: Widget = { id: newId(), owner_id: caller.id, definition: { ...def, query_params: params }, created_at: at, updated_at: at };
    this.deps.widgets.put(w);
    return this.get(w.id, caller);
  }

  update(id: string, body: unknown, caller: Caller): Record<string, unknown> {
    const prior = this.editable(id, caller);
    const { def, rawParams, errors } = widgetFields(body, prior.definition);
    const params = this.checked(def, rawParams, caller, errors);
    this.deps.widgets.put({ ...prior, definition: { ...def, query_params: params }, updated_at: this.now() }, caller.id);
    this.deps.cache.invalidateWidget(id);
    return this.get(id, caller);
  }

  remove(id: string, caller: Caller): void {
    this.editable(id, caller);
    for (const dashboardId of this.deps.placements.dashboardsOf(id)) this.deps.placements.remove(dashboardId, id, caller.id);
    this.deps.widgets.delete(id, caller.id);
    this.deps.cache.invalidateWidget(id);
  }

  /** The widget's data as this caller may read it, from the cache while it is fresh. */
  data(id: string, caller: Caller): { data: unknown; cached: boolean } {
    const w = this.visible(id, caller);
    const def = w.definition;
    const source = this.deps.registry.get(def.data_source);
    if (!source?.read)
      throw new AppError('validation_failed', `The data source "${def.data_source}" is not available on this install.`, { data_source: ['Not available.'] });
    const viewer = this.deps.viewers.viewer(caller);
    const who = source.dependsOn(def.query_params) === 'user' ? viewer.id : viewer.role;
    const key = `${w.id}|${w.updated_at}|${who}|${viewer.timezone}`;
    const nowMs = this.deps.clock.now().getTime();
    const hit = this.deps.cache.get(key, nowMs);
    if (hit !== undefined) return { data: hit, cached: true };
    const data = source.read({ params: def.query_params, viewer, widgetType: def.widget_type, label: def.name, now: this.deps.clock.now() });
    this.deps.cache.put(key, w.id, source.entities(def.query_params), data, nowMs + def.refresh_interval * 1000);
    return { data, cached: false };
  }

  /** What a widget would show, without saving it (the Add widget dialog's preview). */
  preview(body: unknown, caller: Caller): { data: unknown; cached: false } {
    const input = { name: 'Preview', ...(typeof body === 'object' && body !== null ? body : {}) };
    const { def, rawParams, errors } = widgetFields(input, null);
    const params = this.checked(def, rawParams, caller, errors);
    const viewer = this.deps.viewers.viewer(caller);
    const data = this.deps.registry.get(def.data_source)!.read!({ params, viewer, widgetType: def.widget_type, label: def.name, now: this.deps.clock.now() });
    return { data, cached: false };
  }

  /** Visible to the caller, or 404 (another user's private widget does not exist for them). */
  visible(id: string, caller: Caller): Widget {
    const w = this.deps.widgets.get(id);
    if (!w || !(w.owner_id === caller.id || caller.role === 'admin' || this.sharedWith(caller).view.has(id))) throw notFound('Widget');
    return w;
  }

  private editable(id: string, caller: Caller): Widget {
    const w = this.visible(id, caller);
    if (!(w.owner_id === caller.id || caller.role === 'admin' || this.sharedWith(caller).edit.has(id))) {
      throw new AppError('forbidden', 'This widget is shared with you to view; ask its owner for edit rights.');
    }
    return w;
  }

  private checked(def: Omit<WidgetDefinition, 'query_params'>, rawParams: unknown, caller: Caller, errors: Record<string, string[]>): Record<string, unknown> {
    let params: Record<string, unknown> = {};
    try {
      params = this.deps.registry.validate(def.widget_type, def.data_source, rawParams, this.deps.viewers.viewer(caller));
    } catch (e) {
      if (!(e instanceof AppError)) throw e;
      Object.assign(errors, e.fields);
    }
    if (Object.keys(errors).length) throw validationError(errors);
    return params;
  }

  /** Widgets on dashboards shared with the caller: those they may view and those they may edit. */
  private sharedWith(caller: Caller): { view: Set<string>; edit: Set<string> } {
    const view = new Set<string>();
    const edit = new Set<string>();
    for (const d of this.deps.dashboards.list()) {
      if (!canView(d, caller)) continue;
      const editable = canEdit(d, caller);
      for (const p of this.deps.placements.of(d.id)) {
        view.add(p.widget_id);
        if (editable) edit.add(p.widget_id);
      }
    }
    return { view, edit };
  }

  present(widgets: Widget[], caller: Caller, editable: Set<string> = this.sharedWith(caller).edit): Record<string, unknown>[] {
    const owners = this.deps.viewers.owners(widgets.map((w) => w.owner_id));
    return widgets.map((w) => ({
      id: w.id,
      ...w.definition,
      owner: owners.get(w.owner_id) ?? { id: w.owner_id, username: '', full_name: '' },
      can_edit: w.owner_id === caller.id || caller.role === 'admin' || editable.has(w.id),
      created_at: w.created_at,
      updated_at: w.updated_at,
    }));
  }

  private now(): string {
    return this.deps.clock.now().toISOString();
  }
}
