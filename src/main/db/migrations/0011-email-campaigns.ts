/**
 * Email templates and campaigns (team-shared definitions, local tables until the synced
 * document store takes them: each kind stays behind one store module), the per-recipient send
 * state machine, tracking events and the local suppression list.
 */
export const sql = `
CREATE TABLE email_templates (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  subject TEXT NOT NULL,
  body_html TEXT NOT NULL,
  body_text TEXT,
  variables TEXT NOT NULL DEFAULT '[]',
  category TEXT,
  created_by TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);

-- status: draft | scheduled | sending | sent | paused | cancelled | failed
-- variants: JSON list of {key, subject?, template?} (A/B test) or NULL
-- ab_test: JSON {test_share, metric, duration_minutes, winner?, test_ends_at?} or NULL
CREATE TABLE email_campaigns (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  template TEXT,
  variants TEXT,
  ab_test TEXT,
  segment_filter TEXT NOT NULL DEFAULT '{}',
  scheduled_send TEXT,
  from_email TEXT NOT NULL,
  from_name TEXT,
  track_clicks INTEGER NOT NULL DEFAULT 1,
  status TEXT NOT NULL DEFAULT 'draft',
  failure TEXT,
  created_by TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  started_at TEXT,
  finished_at TEXT
);
CREATE INDEX email_campaigns_status ON email_campaigns(status, scheduled_send);

-- One row per recipient, written before and after every SMTP call.
-- state: held (A/B rest, waiting for the winner) | queued | sending (claimed, unconfirmed)
--        | sent | bounced | failed | suppressed
CREATE TABLE campaign_recipients (
  campaign_id TEXT NOT NULL,
  contact_id TEXT NOT NULL,
  email TEXT NOT NULL,
  token TEXT NOT NULL UNIQUE,
  variant TEXT,
  state TEXT NOT NULL,
  seq INTEGER NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  message_id TEXT NOT NULL,
  error TEXT,
  sent_at TEXT,
  opened_at TEXT,
  machine_opened_at TEXT,
  clicked_at TEXT,
  unsubscribed_at TEXT,
  PRIMARY KEY (campaign_id, contact_id)
);
CREATE INDEX campaign_recipients_queue ON campaign_recipients(state, campaign_id, seq);
CREATE INDEX campaign_recipients_sent_at ON campaign_recipients(sent_at) WHERE sent_at IS NOT NULL;
CREATE INDEX campaign_recipients_contact ON campaign_recipients(contact_id);

-- Sends outside campaigns (test messages) count against the same rate limit.
CREATE TABLE email_sends (
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL,
  at TEXT NOT NULL
);
CREATE INDEX email_sends_at ON email_sends(at);

-- event: sent | open | click | unsubscribe | bounce. machine: opens fetched by privacy proxies.
CREATE TABLE email_events (
  id INTEGER PRIMARY KEY,
  campaign_id TEXT NOT NULL,
  contact_id TEXT NOT NULL,
  variant TEXT,
  event TEXT NOT NULL,
  machine INTEGER NOT NULL DEFAULT 0,
  url TEXT,
  at TEXT NOT NULL
);
CREATE INDEX email_events_campaign ON email_events(campaign_id, event, at);
CREATE INDEX email_events_contact ON email_events(contact_id, at);

-- Addresses never mailed again by a campaign. reason: unsubscribed | hard_bounce
CREATE TABLE email_suppressions (
  email TEXT PRIMARY KEY COLLATE NOCASE,
  contact_id TEXT,
  reason TEXT NOT NULL,
  campaign_id TEXT,
  at TEXT NOT NULL
);
`;
