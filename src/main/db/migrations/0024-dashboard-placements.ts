import type { Db } from '../open-database';
import { dashboardWidgetKind, placementId } from '../../../shared/entities/shared-kinds';
import { documentExistingRows } from './document-builder';

/**
 * Where a widget sits on a dashboard becomes a synced document of its own (shared kind
 * `dashboard_widget`), so concurrent layout edits of one dashboard merge instead of the later
 * save dropping the other's widgets. Existing placements move out of the dashboards'
 * definitions into rows, get their documents and wait in the outbox.
 */
export const sql = `
CREATE TABLE dashboard_widgets (
  id TEXT PRIMARY KEY,
  dashboard_id TEXT,
  widget_id TEXT,
  at_row INTEGER,
  at_column INTEGER,
  width INTEGER,
  height INTEGER,
  created_by TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  deleted_at TEXT,
  tags TEXT NOT NULL DEFAULT '[]',
  custom_fields TEXT NOT NULL DEFAULT '{}',
  version INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX dashboard_widgets_dashboard ON dashboard_widgets(dashboard_id);
CREATE INDEX dashboard_widgets_widget ON dashboard_widgets(widget_id);
`;

interface DashboardRow {
  id: string;
  owner_id: string;
  definition: string;
  created_at: string;
  updated_at: string;
}

export function run(db: Db): void {
  const insert = db.prepare(`INSERT OR IGNORE INTO dashboard_widgets
    (id, dashboard_id, widget_id, at_row, at_column, width, height, created_by, created_at, updated_at, deleted_at)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  const dashboards = db.prepare('SELECT id, owner_id, definition, created_at, updated_at, deleted_at FROM dashboards').all() as (DashboardRow & {
    deleted_at: string | null;
  })[];
  for (const d of dashboards) {
    const placements =
      (JSON.parse(d.definition) as { placements?: { widget_id: string; row: number; column: number; width: number; height: number }[] }).placements ?? [];
    for (const p of placements) {
      insert.run(placementId(d.id, p.widget_id), d.id, p.widget_id, p.row, p.column, p.width, p.height, d.owner_id, d.created_at, d.updated_at, d.deleted_at);
    }
  }
  documentExistingRows(db, [dashboardWidgetKind]);
}
