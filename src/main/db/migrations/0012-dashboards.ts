/**
 * Dashboards and widgets: team-shared definitions, local to this install for now (each kind is
 * read and written through one store module, so moving them to a synced document store is a
 * local change). A user's default dashboard is a personal choice, kept apart from the
 * dashboard itself so a shared dashboard can be the default of several people.
 */
export const sql = `
CREATE TABLE widgets (
  id TEXT PRIMARY KEY,
  owner_id TEXT NOT NULL,
  -- JSON: name, widget_type, data_source, query_params, size, color_scheme, icon, value_prefix, value_suffix, refresh_interval
  definition TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX widgets_owner ON widgets(owner_id);

CREATE TABLE dashboards (
  id TEXT PRIMARY KEY,
  owner_id TEXT NOT NULL,
  -- JSON: name, description, layout_config, visibility, shared_roles, share_permission,
  -- placements [{widget_id, row, column, width, height}]
  definition TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX dashboards_owner ON dashboards(owner_id);

CREATE TABLE user_default_dashboards (
  user_id TEXT PRIMARY KEY,
  dashboard_id TEXT NOT NULL
);
`;
