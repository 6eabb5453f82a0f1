/**
 * Analytics: the stage history of deals and leads, and the team's own metric definitions.
 *
 * stage_transitions is history the forecast, the funnel and the backtest trust: one row per
 * stage (opportunity) or status (lead) change, dated with the change's authored time. Audit
 * retention never touches it. `key` is deterministic (record, authored time, new stage), so the
 * same transition seen twice (a replayed remote update) is stored once (INSERT OR IGNORE).
 * `close_date` is the deal's expected close date as of that transition: the slip between it
 * and the actual close is what the forecast learns from.
 */
export const sql = `
CREATE TABLE stage_transitions (
  key TEXT PRIMARY KEY,
  record_id TEXT NOT NULL,
  -- 'opportunity' | 'lead'
  entity TEXT NOT NULL,
  from_stage TEXT,
  to_stage TEXT NOT NULL,
  at TEXT NOT NULL,
  actor TEXT,
  close_date TEXT
) WITHOUT ROWID;
-- Covering: the forecast and the funnel read a record's history from the index alone.
CREATE INDEX stage_transitions_record ON stage_transitions(entity, record_id, at, to_stage, close_date);
CREATE INDEX stage_transitions_at ON stage_transitions(entity, at);

CREATE TABLE metric_definitions (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL UNIQUE COLLATE NOCASE,
  label TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  entity TEXT NOT NULL,
  aggregate TEXT NOT NULL,
  field TEXT,
  filter TEXT NOT NULL DEFAULT '',
  date_field TEXT NOT NULL DEFAULT 'created_at',
  created_by TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
`;
