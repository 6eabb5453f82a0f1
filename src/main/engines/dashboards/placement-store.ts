import type { Db } from '../../db/open-database';
import type { RecordsEngine, WriteContext } from '../records';
import { placementId } from '../../../shared/entities/shared-kinds';
import { GRID_COLUMNS } from '../../../shared/contract/dashboard-operations';
import type { Placement } from './dashboard-types';

interface Row {
  id: string;
  dashboard_id: string;
  widget_id: string;
  at_row: number;
  at_column: number;
  width: number;
  height: number;
  deleted_at: string | null;
}

/**
 * Where widgets sit on dashboards: one synced document per (dashboard, widget), see the
 * `dashboard_widget` kind. Writes go through the records engine like every shared kind; reads
 * come from its table, grouped by dashboard and kept until the next placement write (local or
 * from a teammate).
 */
export class PlacementStore {
  private readonly sql;
  private byDashboard: Map<string, Placement[]> | null = null;

  constructor(
    db: Db,
    private readonly records: RecordsEngine,
  ) {
    this.sql = {
      live: db.prepare('SELECT * FROM dashboard_widgets WHERE deleted_at IS NULL ORDER BY at_row, at_column, id'),
      one: db.prepare('SELECT * FROM dashboard_widgets WHERE id = ?'),
    };
    records.onWrite((change) => {
      if (change.entity === 'dashboard_widget') this.byDashboard = null;
    });
  }

  /** A dashboard's placements, top to bottom, left to right. */
  of(dashboardId: string): Placement[] {
    return this.loaded().get(dashboardId) ?? [];
  }

  /** Every dashboard a widget is placed on. */
  dashboardsOf(widgetId: string): string[] {
    const ids: string[] = [];
    for (const [dashboardId, placements] of this.loaded()) if (placements.some((p) => p.widget_id === widgetId)) ids.push(dashboardId);
    return ids;
  }

  /** Places a widget or moves it; writes only the coordinates that changed. */
  put(dashboardId: string, p: Placement, actor: string | null): void {
    const id = placementId(dashboardId, p.widget_id);
    const values = { dashboard_id: dashboardId, widget_id: p.widget_id, at_row: p.row, at_column: p.column, width: p.width, height: p.height };
    const ctx: WriteContext = { actor, origin: 'api' };
    this.byDashboard = null;
    const stored = this.sql.one.get(id) as Row | undefined;
    if (!stored) {
      this.records.create('dashboard_widget', values, ctx, id);
      return;
    }
    if (stored.deleted_at) this.records.restore('dashboard_widget', id, ctx);
    const changed = Object.fromEntries(Object.entries(values).filter(([k, v]) => stored[k as keyof Row] !== v));
    if (Object.keys(changed).length) this.records.update('dashboard_widget', id, changed, ctx);
  }

  remove(dashboardId: string, widgetId: string, actor: string | null): void {
    const id = placementId(dashboardId, widgetId);
    const stored = this.sql.one.get(id) as Row | undefined;
    if (!stored || stored.deleted_at) return;
    this.byDashboard = null;
    this.records.remove('dashboard_widget', id, { actor, origin: 'api' });
  }

  private loaded(): Map<string, Placement[]> {
    if (this.byDashboard) return this.byDashboard;
    const map = new Map<string, Placement[]>();
    for (const row of this.sql.live.all() as Row[]) {
      const list = map.get(row.dashboard_id) ?? [];
      list.push(fitted(row));
      map.set(row.dashboard_id, list);
    }
    this.byDashboard = map;
    return map;
  }
}

/**
 * Two teammates' concurrent move and resize both apply, field by field; the merge can leave a
 * widget reaching past the grid's edge, which the reader pulls back inside.
 */
function fitted(row: Row): Placement {
  const width = Math.min(Math.max(1, row.width), GRID_COLUMNS);
  const column = Math.min(Math.max(0, row.at_column), GRID_COLUMNS - width);
  return { widget_id: row.widget_id, row: Math.max(0, row.at_row), column, width, height: Math.max(1, row.height) };
}
