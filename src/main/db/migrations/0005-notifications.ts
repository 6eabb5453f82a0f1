/**
 * Notifications: local to this install and never synced; each install derives them from the
 * record changes it sees (its own and its peers'), so they are keyed by what caused them.
 */
export const sql = `
CREATE TABLE notifications (
  -- Derived from the cause and the recipient, so reprocessing a cause never duplicates.
  id TEXT PRIMARY KEY,
  user_id TEXT NOT NULL,
  -- Dense per recipient: the WebSocket resumes from it.
  seq INTEGER NOT NULL,
  type TEXT NOT NULL,
  title TEXT NOT NULL,
  message TEXT NOT NULL,
  url TEXT,
  entity TEXT,
  record_id TEXT,
  actor_id TEXT,
  created_at TEXT NOT NULL,
  read_at TEXT,
  -- A tombstone: a deleted notification's id must keep blocking its re-creation.
  deleted_at TEXT,
  UNIQUE (user_id, seq)
);
CREATE INDEX notifications_user_unread ON notifications(user_id, seq) WHERE deleted_at IS NULL AND read_at IS NULL;

-- Progress of the reminder scheduler, so a restart catches up once.
CREATE TABLE notification_cursors (
  name TEXT PRIMARY KEY,
  value TEXT NOT NULL
);

CREATE INDEX tasks_reminder ON tasks(reminder_date) WHERE deleted_at IS NULL;
`;
