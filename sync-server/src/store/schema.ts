/**
 * The relay's tables, in plain PostgreSQL (PGlite runs the same). Applied idempotently at start;
 * a later change is a new numbered entry, never an edit of an applied one.
 */
export const RELAY_MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE IF NOT EXISTS relay_settings (key text PRIMARY KEY, value text NOT NULL);
  CREATE TABLE IF NOT EXISTS accounts (
    id text PRIMARY KEY,
    email text NOT NULL UNIQUE,
    password_hash text NOT NULL,
    display_name text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
  );
  CREATE TABLE IF NOT EXISTS teams (
    id text PRIMARY KEY,
    name text NOT NULL,
    -- The team's last committed seq. Appends lock this row, so seqs are handed out in commit
    -- order and a rolled-back append gives its numbers back: no gaps, no reordering.
    head_seq bigint NOT NULL DEFAULT 0,
    created_at timestamptz NOT NULL DEFAULT now()
  );
  CREATE TABLE IF NOT EXISTS members (
    team_id text NOT NULL REFERENCES teams(id),
    account_id text NOT NULL REFERENCES accounts(id),
    role text NOT NULL,
    status text NOT NULL DEFAULT 'active',
    joined_at timestamptz NOT NULL DEFAULT now(),
    removed_at timestamptz,
    PRIMARY KEY (team_id, account_id)
  );
  CREATE TABLE IF NOT EXISTS invites (
    code_hash text PRIMARY KEY,
    team_id text NOT NULL REFERENCES teams(id),
    email text NOT NULL,
    role text NOT NULL,
    created_by text NOT NULL,
    expires_at timestamptz NOT NULL,
    used_at timestamptz,
    used_by text
  );
  CREATE TABLE IF NOT EXISTS refresh_tokens (
    id text PRIMARY KEY,
    family_id text NOT NULL,
    token_hash text NOT NULL,
    account_id text NOT NULL,
    team_id text NOT NULL,
    device_id text NOT NULL,
    expires_at timestamptz NOT NULL,
    used_at timestamptz,
    revoked_at timestamptz
  );
  CREATE INDEX IF NOT EXISTS refresh_tokens_family ON refresh_tokens (family_id);
  CREATE TABLE IF NOT EXISTS updates (
    team_id text NOT NULL,
    seq bigint NOT NULL,
    record_id text NOT NULL,
    entity text NOT NULL,
    schema_version integer NOT NULL,
    writer text NOT NULL,
    device_id text NOT NULL,
    client_seq bigint NOT NULL,
    data bytea NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (team_id, seq)
  );
  CREATE INDEX IF NOT EXISTS updates_by_record ON updates (team_id, record_id, seq);
  CREATE INDEX IF NOT EXISTS updates_by_device ON updates (team_id, device_id, client_seq);
  -- Highest client_seq stored per device: only a resend at or below it can be a duplicate.
  CREATE TABLE IF NOT EXISTS device_heads (
    team_id text NOT NULL,
    device_id text NOT NULL,
    client_seq bigint NOT NULL,
    seq bigint NOT NULL,
    PRIMARY KEY (team_id, device_id)
  );
  CREATE TABLE IF NOT EXISTS inbox (
    id bigserial PRIMARY KEY,
    team_id text NOT NULL,
    account_id text NOT NULL,
    notification_id text NOT NULL,
    from_account_id text NOT NULL,
    payload text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (team_id, account_id, notification_id)
  );
  CREATE TABLE IF NOT EXISTS inbox_deliveries (
    inbox_id bigint NOT NULL REFERENCES inbox(id),
    device_id text NOT NULL,
    delivered_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (inbox_id, device_id)
  );
  -- Ready for the public email endpoints (next issue): addresses that must not be mailed.
  CREATE TABLE IF NOT EXISTS suppressions (
    team_id text NOT NULL,
    email text NOT NULL,
    reason text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (team_id, email)
  );
  `,
  // The id the invited person's account takes when it is new (an install can then use its
  // local user id as the relay account id, so writer entries name the same person).
  `ALTER TABLE invites ADD COLUMN IF NOT EXISTS account_id text;`,
  // The public email endpoints: one tracking key per team (signs every public link), the
  // opens, clicks and unsubscribes they saw, and the suppression list read by id for sync.
  // `suppressions.email` holds a keyed hash of the address, never the address itself.
  `
  CREATE TABLE IF NOT EXISTS tracking_keys (
    team_id text PRIMARY KEY REFERENCES teams(id),
    key text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
  );
  CREATE TABLE IF NOT EXISTS tracking_events (
    id bigserial PRIMARY KEY,
    team_id text NOT NULL,
    token text NOT NULL,
    event text NOT NULL,
    at timestamptz NOT NULL,
    url text,
    machine boolean NOT NULL DEFAULT false
  );
  CREATE INDEX IF NOT EXISTS tracking_events_by_team ON tracking_events (team_id, id);
  ALTER TABLE suppressions ADD COLUMN IF NOT EXISTS id bigserial;
  ALTER TABLE suppressions ADD COLUMN IF NOT EXISTS token text;
  CREATE INDEX IF NOT EXISTS suppressions_by_id ON suppressions (team_id, id);
  `,
  // Role-restricted documents: the roles an update may be sent to, as ',admin,manager,' (empty
  // for the whole team), so readers filter in SQL and a page holds only what the reader may get.
  `ALTER TABLE updates ADD COLUMN IF NOT EXISTS audience text NOT NULL DEFAULT '';`,
  // The team-wide compaction step (README, "The record document"): the epoch of the team's
  // document histories (0 for every existing team), whether the relay is rewriting its log for
  // it ('compacting') or done ('ready'), and the figures of the last run (JSON text).
  `
  ALTER TABLE teams ADD COLUMN IF NOT EXISTS compaction_epoch integer NOT NULL DEFAULT 0;
  ALTER TABLE teams ADD COLUMN IF NOT EXISTS compaction_state text NOT NULL DEFAULT 'ready';
  ALTER TABLE teams ADD COLUMN IF NOT EXISTS compaction_stats text NOT NULL DEFAULT '{}';
  -- Each rewritten record's merged history of the epoch before: a device with unsent edits
  -- reads it to tell which entries its edits had seen (kept until the team's next compaction).
  CREATE TABLE IF NOT EXISTS epoch_previous (
    team_id text NOT NULL,
    record_id text NOT NULL,
    epoch integer NOT NULL,
    data bytea NOT NULL,
    PRIMARY KEY (team_id, record_id)
  );
  `,
  // Which devices hold which compaction epoch (epoch_confirm): once every device of the team's
  // active members holds the current one, or 30 days after the compaction, the previous
  // histories are dropped (they are as large as the logs were before the rewrite).
  `
  CREATE TABLE IF NOT EXISTS epoch_confirmations (
    team_id text NOT NULL,
    device_id text NOT NULL,
    epoch integer NOT NULL,
    confirmed_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (team_id, device_id)
  );
  ALTER TABLE epoch_previous ADD COLUMN IF NOT EXISTS kept_since timestamptz NOT NULL DEFAULT now();
  `,
];

export async function migrate(exec: (sql: string) => Promise<void>): Promise<void> {
  for (const sql of RELAY_MIGRATIONS) await exec(sql);
}
