import { AppError, validationError, type FieldErrors } from '../../../shared/errors';
import type { Caller } from '../../core/handler';
import type { Clock } from '../../core/clock';
import type { Db } from '../../db/open-database';
import { newId } from '../../core/ids';
import type { DefinitionStore, StoredDefinition } from './definition-store';
import type { PlacementStore } from './placement-store';
import type { DashboardDefinition, Placement, WidgetDefinition } from './dashboard-types';
import { canEdit, canView, requireEdit, requireView } from './dashboard-access';
import { DEFAULT_WIDTH, MAX_PLACEMENTS, dashboardFields, objectBody, placement } from './definition-input';
import type { WidgetsService } from './widgets-service';
import type { ViewerDirectory } from './viewer-directory';

type Dashboard = StoredDefinition<DashboardDefinition>;

export interface DashboardsDeps {
  db: Db;
  clock: Clock;
  /** The write path's transaction: change events go out only once the whole change committed. */
  transaction: <T>(fn: () => T) => T;
  dashboards: DefinitionStore<DashboardDefinition>;
  widgets: DefinitionStore<WidgetDefinition>;
  placements: PlacementStore;
  widgetsService: WidgetsService;
  viewers: ViewerDirectory;
}

/** Dashboards: a named 12-column grid of placed widgets, private or shared, one default per user. */
export class DashboardsService {
  private readonly defaults;

  constructor(private readonly deps: DashboardsDeps) {
    this.defaults = {
      get: deps.db.prepare('SELECT dashboard_id FROM user_default_dashboards WHERE user_id = ?').pluck(),
      set: deps.db.prepare(
        'INSERT INTO user_default_dashboards (user_id, dashboard_id) VALUES (?, ?) ON CONFLICT(user_id) DO UPDATE SET dashboard_id = excluded.dashboard_id',
      ),
      clear: deps.db.prepare('DELETE FROM user_default_dashboards WHERE user_id = ? AND dashboard_id = ?'),
      clearAll: deps.db.prepare('DELETE FROM user_default_dashboards WHERE dashboard_id = ?'),
    };
  }

  /** The caller's dashboards and the ones shared with them; their default first, then by name. */
  list(caller: Caller): Record<string, unknown>[] {
    const def = this.defaultId(caller);
    const seen = this.deps.dashboards.list().filter((d) => canView(d, caller));
    seen.sort((a, b) => Number(b.id === def) - Number(a.id === def) || a.definition.name.localeCompare(b.definition.name));
    return seen.map((d) => this.present(d, caller, false));
  }

  get(id: string, caller: Caller): Record<string, unknown> {
    return this.present(requireView(this.deps.dashboards.get(id), caller), caller, true);
  }

  /** The default dashboard's id when the caller still sees it. */
  defaultId(caller: Caller): string | null {
    const id = this.defaults.get.get(caller.id) as string | undefined;
    const d = id ? this.deps.dashboards.get(id) : undefined;
    return d && canView(d, caller) ? d.id : null;
  }

  create(body: unknown, caller: Caller): Record<string, unknown> {
    const { def, isDefault, errors, layout } = dashboardFields(body, null);
    if (layout) this.checkWidgets(layout, caller, errors, 'layout');
    if (Object.keys(errors).length) throw validationError(errors);
    const at = this.now();
    const d: Dashboard = { id: newId(), owner_id: caller.id, definition: def, created_at: at, updated_at: at };
    this.deps.transaction(() => {
      this.deps.dashboards.put(d);
      if (layout) this.replaceLayout(d.id, layout, caller.id);
      if (isDefault) this.defaults.set.run(caller.id, d.id);
    });
    return this.get(d.id, caller);
  }

  update(id: string, body: unknown, caller: Caller): Record<string, unknown> {
    const prior = requireEdit(this.deps.dashboards.get(id), caller);
    const { def, isDefault, errors, layout } = dashboardFields(body, prior.definition);
    const sharingChanged = ['visibility', 'shared_roles', 'share_permission'].some((k) => k in objectBody(body));
    if (sharingChanged && prior.owner_id !== caller.id && caller.role !== 'admin')
      errors.visibility = ['Only the owner (or an admin) changes who a dashboard is shared with.'];
    const placed = this.deps.placements.of(id);
    if (layout)
      this.checkWidgets(
        layout.filter((p) => !placed.some((q) => q.widget_id === p.widget_id)),
        caller,
        errors,
        'layout',
      );
    if (Object.keys(errors).length) throw validationError(errors);
    this.deps.transaction(() => {
      if (definitionChanged(prior.definition, def)) this.deps.dashboards.put({ ...prior, definition: def, updated_at: this.now() }, caller.id);
      if (layout) this.replaceLayout(id, layout, caller.id);
      if (isDefault === true) this.defaults.set.run(caller.id, id);
      if (isDefault === false) this.defaults.clear.run(caller.id, id);
    });
    return this.get(id, caller);
  }

  remove(id: string, caller: Caller): void {
    const d = requireView(this.deps.dashboards.get(id), caller);
    if (d.owner_id !== caller.id && caller.role !== 'admin') throw new AppError('forbidden', 'Only the owner of a dashboard (or an admin) can delete it.');
    this.deps.transaction(() => {
      this.deps.dashboards.delete(id, caller.id);
      this.defaults.clearAll.run(id);
    });
  }

  setDefault(id: string, caller: Caller): Record<string, unknown> {
    requireView(this.deps.dashboards.get(id), caller);
    this.defaults.set.run(caller.id, id);
    return this.get(id, caller);
  }

  addWidget(id: string, body: unknown, caller: Caller): Record<string, unknown> {
    const d = requireEdit(this.deps.dashboards.get(id), caller);
    const errors: FieldErrors = {};
    const input = objectBody(body);
    const widget = typeof input.widget_id === 'string' ? this.deps.widgets.get(input.widget_id) : undefined;
    const placed = this.deps.placements.of(id);
    const bottom = Math.max(0, ...placed.map((p) => p.row + p.height));
    const p = placement(input, '', { width: DEFAULT_WIDTH[widget?.definition.size ?? 'medium'] ?? 6, row: bottom }, errors);
    if (!errors.widget_id) this.checkWidgets([p], caller, errors, '');
    if (placed.some((q) => q.widget_id === p.widget_id)) errors.widget_id = ['This widget is already on the dashboard.'];
    else if (placed.length >= MAX_PLACEMENTS) errors.widget_id = [`A dashboard holds at most ${MAX_PLACEMENTS} widgets; remove one first.`];
    if (Object.keys(errors).length) throw validationError(errors);
    this.deps.placements.put(d.id, p, caller.id);
    return this.get(id, caller);
  }

  removeWidget(id: string, widgetId: unknown, caller: Caller): Record<string, unknown> {
    const d = requireEdit(this.deps.dashboards.get(id), caller);
    if (typeof widgetId !== 'string' || widgetId === '') throw validationError({ widget_id: ['This field is required.'] });
    if (!this.deps.placements.of(id).some((p) => p.widget_id === widgetId)) throw validationError({ widget_id: ['This widget is not on the dashboard.'] });
    this.deps.placements.remove(d.id, widgetId, caller.id);
    return this.get(id, caller);
  }

  /**
   * Makes the dashboard's placements these: moves what moved, places what is new, removes
   * what is gone. A teammate's placement made meanwhile and not yet seen here is left alone.
   */
  private replaceLayout(dashboardId: string, layout: readonly Placement[], actor: string): void {
    const keep = new Set(layout.map((p) => p.widget_id));
    for (const p of this.deps.placements.of(dashboardId)) if (!keep.has(p.widget_id)) this.deps.placements.remove(dashboardId, p.widget_id, actor);
    for (const p of layout) this.deps.placements.put(dashboardId, p, actor);
  }

  /** A widget placed by the caller must be one they can see. */
  private checkWidgets(placements: readonly { widget_id: string }[], caller: Caller, errors: FieldErrors, key: string): void {
    for (const p of placements) {
      try {
        this.deps.widgetsService.visible(p.widget_id, caller);
      } catch {
        errors[key ? `${key}.widget_id` : 'widget_id'] = [`No widget with id "${p.widget_id}".`];
      }
    }
  }

  private present(d: Dashboard, caller: Caller, withWidgets: boolean): Record<string, unknown> {
    const owner = this.deps.viewers.owners([d.owner_id]).get(d.owner_id) ?? { id: d.owner_id, username: '', full_name: '' };
    const rest = settingsOf(d.definition);
    const placements = this.deps.placements.of(d.id);
    const defs = withWidgets
      ? this.deps.widgetsService.present(
          placements.map((p) => this.deps.widgets.get(p.widget_id)).filter((w) => w !== undefined),
          caller,
        )
      : [];
    const byId = new Map(defs.map((w) => [w.id, w]));
    return {
      id: d.id,
      ...rest,
      is_default: this.defaultId(caller) === d.id,
      widgets: placements.filter((p) => !withWidgets || byId.has(p.widget_id)).map((p) => (withWidgets ? { ...p, widget: byId.get(p.widget_id) } : p)),
      owner,
      can_edit: canEdit(d, caller),
      created_at: d.created_at,
      updated_at: d.updated_at,
    };
  }

  private now(): string {
    return this.deps.clock.now().toISOString();
  }
}

/** A stored definition without the `placements` copy that ones written before migration 24 still carry (placements are documents of their own now). */
function settingsOf(def: DashboardDefinition): DashboardDefinition {
  const { placements: _legacy, ...settings } = def as DashboardDefinition & { placements?: unknown };
  return settings;
}

function definitionChanged(a: DashboardDefinition, b: DashboardDefinition): boolean {
  return JSON.stringify(settingsOf(a)) !== JSON.stringify(b);
}
