import type { Db } from '../open-database';
import { dashboardKind, metricDefinitionKind, widgetKind } from '../../../shared/entities/shared-kinds';
import { documentExistingRows } from './document-builder';

/**
 * Metric definitions, widgets and dashboards become shared kinds (synced with the team, see
 * README "Shared kinds"). Their tables gain the columns every projected row has. A metric's
 * name is no longer unique at the table (two installs may add one concurrently; the write path
 * checks it locally), so that table is rebuilt; empty texts become null as the write path
 * stores them. Existing rows get their documents and wait in the outbox.
 */
export const sql = `
CREATE TABLE metric_definitions_synced (
  id TEXT PRIMARY KEY,
  name TEXT,
  label TEXT,
  description TEXT,
  entity TEXT,
  aggregate TEXT,
  field TEXT,
  filter TEXT,
  date_field TEXT,
  created_by TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  deleted_at TEXT,
  tags TEXT NOT NULL DEFAULT '[]',
  custom_fields TEXT NOT NULL DEFAULT '{}',
  version INTEGER NOT NULL DEFAULT 0
);
INSERT INTO metric_definitions_synced (id, name, label, description, entity, aggregate, field, filter, date_field, created_by, created_at, updated_at)
  SELECT id, name, label, nullif(description, ''), entity, aggregate, nullif(field, ''), nullif(filter, ''), date_field, created_by, created_at, updated_at
  FROM metric_definitions;
DROP TABLE metric_definitions;
ALTER TABLE metric_definitions_synced RENAME TO metric_definitions;
CREATE INDEX metric_definitions_name ON metric_definitions(name COLLATE NOCASE);

ALTER TABLE widgets ADD COLUMN name TEXT;
ALTER TABLE widgets ADD COLUMN created_by TEXT;
ALTER TABLE widgets ADD COLUMN deleted_at TEXT;
ALTER TABLE widgets ADD COLUMN tags TEXT NOT NULL DEFAULT '[]';
ALTER TABLE widgets ADD COLUMN custom_fields TEXT NOT NULL DEFAULT '{}';
ALTER TABLE widgets ADD COLUMN version INTEGER NOT NULL DEFAULT 0;
UPDATE widgets SET name = json_extract(definition, '$.name'), created_by = owner_id;

ALTER TABLE dashboards ADD COLUMN name TEXT;
ALTER TABLE dashboards ADD COLUMN created_by TEXT;
ALTER TABLE dashboards ADD COLUMN deleted_at TEXT;
ALTER TABLE dashboards ADD COLUMN tags TEXT NOT NULL DEFAULT '[]';
ALTER TABLE dashboards ADD COLUMN custom_fields TEXT NOT NULL DEFAULT '{}';
ALTER TABLE dashboards ADD COLUMN version INTEGER NOT NULL DEFAULT 0;
UPDATE dashboards SET name = json_extract(definition, '$.name'), created_by = owner_id;
`;

export function run(db: Db): void {
  documentExistingRows(db, [metricDefinitionKind, widgetKind, dashboardKind]);
}
