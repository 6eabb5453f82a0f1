/** Base CRM records: one projected table and one full-text index per synced entity. */
export const sql = `
CREATE TABLE users (
  id TEXT PRIMARY KEY,
  created_at TEXT,
  updated_at TEXT,
  deleted_at TEXT,
  created_by TEXT,
  tags TEXT NOT NULL DEFAULT '[]',
  username TEXT,
  email TEXT,
  first_name TEXT,
  last_name TEXT,
  full_name TEXT,
  role TEXT,
  phone TEXT,
  department TEXT,
  is_active INTEGER,
  timezone TEXT,
  language TEXT,
  notification_preferences TEXT,
  last_login TEXT,
  custom_fields TEXT NOT NULL DEFAULT '{}'
);
CREATE VIRTUAL TABLE users_fts USING fts5(username, email, first_name, last_name, tags, custom_text, content='', contentless_delete=1, tokenize='unicode61 remove_diacritics 2', prefix='2 3');

CREATE TABLE companies (
  id TEXT PRIMARY KEY,
  created_at TEXT,
  updated_at TEXT,
  deleted_at TEXT,
  created_by TEXT,
  tags TEXT NOT NULL DEFAULT '[]',
  name TEXT,
  domain TEXT,
  industry TEXT,
  size TEXT,
  annual_revenue REAL,
  currency TEXT,
  phone TEXT,
  website TEXT,
  address_line_1 TEXT,
  address_line_2 TEXT,
  city TEXT,
  state TEXT,
  postal_code TEXT,
  country TEXT,
  description TEXT,
  owner TEXT,
  custom_fields TEXT NOT NULL DEFAULT '{}'
);
CREATE VIRTUAL TABLE companies_fts USING fts5(name, domain, industry, city, tags, custom_text, content='', contentless_delete=1, tokenize='unicode61 remove_diacritics 2', prefix='2 3');

CREATE TABLE contacts (
  id TEXT PRIMARY KEY,
  created_at TEXT,
  updated_at TEXT,
  deleted_at TEXT,
  created_by TEXT,
  tags TEXT NOT NULL DEFAULT '[]',
  salutation TEXT,
  first_name TEXT,
  last_name TEXT,
  email TEXT,
  phone TEXT,
  mobile TEXT,
  company TEXT,
  company_name TEXT,
  job_title TEXT,
  department TEXT,
  address_line_1 TEXT,
  address_line_2 TEXT,
  city TEXT,
  state TEXT,
  postal_code TEXT,
  country TEXT,
  contact_type TEXT,
  source TEXT,
  status TEXT,
  website TEXT,
  linkedin TEXT,
  twitter TEXT,
  assigned_to TEXT,
  notes TEXT,
  email_opt_out INTEGER,
  custom_fields TEXT NOT NULL DEFAULT '{}'
);
CREATE VIRTUAL TABLE contacts_fts USING fts5(first_name, last_name, email, phone, company_name, job_title, city, notes, tags, custom_text, content='', contentless_delete=1, tokenize='unicode61 remove_diacritics 2', prefix='2 3');

CREATE TABLE leads (
  id TEXT PRIMARY KEY,
  created_at TEXT,
  updated_at TEXT,
  deleted_at TEXT,
  created_by TEXT,
  tags TEXT NOT NULL DEFAULT '[]',
  first_name TEXT,
  last_name TEXT,
  email TEXT,
  phone TEXT,
  company_name TEXT,
  job_title TEXT,
  lead_source TEXT,
  status TEXT,
  priority TEXT,
  assigned_to TEXT,
  owner TEXT,
  lead_score INTEGER,
  estimated_value REAL,
  currency TEXT,
  last_contact_date TEXT,
  next_follow_up TEXT,
  notes TEXT,
  converted_at TEXT,
  converted_contact TEXT,
  converted_opportunity TEXT,
  custom_fields TEXT NOT NULL DEFAULT '{}'
);
CREATE VIRTUAL TABLE leads_fts USING fts5(first_name, last_name, email, phone, company_name, job_title, notes, tags, custom_text, content='', contentless_delete=1, tokenize='unicode61 remove_diacritics 2', prefix='2 3');

CREATE TABLE opportunities (
  id TEXT PRIMARY KEY,
  created_at TEXT,
  updated_at TEXT,
  deleted_at TEXT,
  created_by TEXT,
  tags TEXT NOT NULL DEFAULT '[]',
  name TEXT,
  contact TEXT,
  company TEXT,
  stage TEXT,
  probability INTEGER,
  amount REAL,
  currency TEXT,
  close_date TEXT,
  actual_close_date TEXT,
  owner TEXT,
  assigned_to TEXT,
  description TEXT,
  notes TEXT,
  weighted_amount REAL,
  last_activity_date TEXT,
  lead TEXT,
  custom_fields TEXT NOT NULL DEFAULT '{}'
);
CREATE VIRTUAL TABLE opportunities_fts USING fts5(name, description, tags, custom_text, content='', contentless_delete=1, tokenize='unicode61 remove_diacritics 2', prefix='2 3');

CREATE TABLE tasks (
  id TEXT PRIMARY KEY,
  created_at TEXT,
  updated_at TEXT,
  deleted_at TEXT,
  created_by TEXT,
  tags TEXT NOT NULL DEFAULT '[]',
  title TEXT,
  description TEXT,
  task_type TEXT,
  status TEXT,
  priority TEXT,
  due_date TEXT,
  reminder_date TEXT,
  completed_at TEXT,
  assigned_to TEXT,
  contact TEXT,
  lead TEXT,
  opportunity TEXT,
  company TEXT,
  custom_fields TEXT NOT NULL DEFAULT '{}'
);
CREATE VIRTUAL TABLE tasks_fts USING fts5(title, description, tags, custom_text, content='', contentless_delete=1, tokenize='unicode61 remove_diacritics 2', prefix='2 3');

CREATE TABLE activities (
  id TEXT PRIMARY KEY,
  created_at TEXT,
  updated_at TEXT,
  deleted_at TEXT,
  created_by TEXT,
  tags TEXT NOT NULL DEFAULT '[]',
  activity_type TEXT,
  direction TEXT,
  subject TEXT,
  body TEXT,
  occurred_at TEXT,
  duration INTEGER,
  user TEXT,
  contact TEXT,
  lead TEXT,
  opportunity TEXT,
  company TEXT,
  custom_fields TEXT NOT NULL DEFAULT '{}'
);
CREATE VIRTUAL TABLE activities_fts USING fts5(subject, body, tags, custom_text, content='', contentless_delete=1, tokenize='unicode61 remove_diacritics 2', prefix='2 3');


-- Every list filters on live rows; partial indexes keep paging index-only. Single-column
-- orderings: the list engine breaks ties by rowid, which every index already ends with.
CREATE INDEX users_live_created ON users(created_at) WHERE deleted_at IS NULL;
CREATE INDEX users_username ON users(username COLLATE NOCASE);
CREATE INDEX users_email ON users(email COLLATE NOCASE);

CREATE INDEX companies_live_created ON companies(created_at) WHERE deleted_at IS NULL;
CREATE INDEX companies_name ON companies(name COLLATE NOCASE);
CREATE INDEX companies_industry ON companies(industry, created_at) WHERE deleted_at IS NULL;
CREATE INDEX companies_owner ON companies(owner, created_at) WHERE deleted_at IS NULL;

CREATE INDEX contacts_live_created ON contacts(created_at) WHERE deleted_at IS NULL;
CREATE INDEX contacts_last_name ON contacts(last_name) WHERE deleted_at IS NULL;
CREATE INDEX contacts_email ON contacts(email COLLATE NOCASE);
CREATE INDEX contacts_company ON contacts(company, created_at) WHERE deleted_at IS NULL;
CREATE INDEX contacts_assigned ON contacts(assigned_to, created_at) WHERE deleted_at IS NULL;

CREATE INDEX leads_live_created ON leads(created_at) WHERE deleted_at IS NULL;
CREATE INDEX leads_status ON leads(status, created_at) WHERE deleted_at IS NULL;
CREATE INDEX leads_owner ON leads(owner, created_at) WHERE deleted_at IS NULL;
CREATE INDEX leads_assigned ON leads(assigned_to, created_at) WHERE deleted_at IS NULL;
CREATE INDEX leads_source ON leads(lead_source, created_at) WHERE deleted_at IS NULL;
CREATE INDEX leads_email ON leads(email COLLATE NOCASE);

CREATE INDEX opportunities_live_created ON opportunities(created_at) WHERE deleted_at IS NULL;
CREATE INDEX opportunities_stage ON opportunities(stage, created_at) WHERE deleted_at IS NULL;
CREATE INDEX opportunities_owner ON opportunities(owner, created_at) WHERE deleted_at IS NULL;
CREATE INDEX opportunities_close_date ON opportunities(close_date) WHERE deleted_at IS NULL;
CREATE INDEX opportunities_amount ON opportunities(amount) WHERE deleted_at IS NULL;
CREATE INDEX opportunities_stage_amount ON opportunities(stage, amount) WHERE deleted_at IS NULL;
CREATE INDEX opportunities_contact ON opportunities(contact) WHERE deleted_at IS NULL;
CREATE INDEX opportunities_company ON opportunities(company) WHERE deleted_at IS NULL;

CREATE INDEX tasks_live_created ON tasks(created_at) WHERE deleted_at IS NULL;
CREATE INDEX tasks_assigned_status ON tasks(assigned_to, status, due_date) WHERE deleted_at IS NULL;
CREATE INDEX tasks_due ON tasks(due_date) WHERE deleted_at IS NULL;
CREATE INDEX tasks_contact ON tasks(contact) WHERE deleted_at IS NULL;
CREATE INDEX tasks_lead ON tasks(lead) WHERE deleted_at IS NULL;
CREATE INDEX tasks_opportunity ON tasks(opportunity) WHERE deleted_at IS NULL;
CREATE INDEX tasks_company ON tasks(company) WHERE deleted_at IS NULL;

CREATE INDEX activities_live_created ON activities(created_at) WHERE deleted_at IS NULL;
CREATE INDEX activities_occurred ON activities(occurred_at) WHERE deleted_at IS NULL;
CREATE INDEX activities_contact ON activities(contact, occurred_at) WHERE deleted_at IS NULL;
CREATE INDEX activities_lead ON activities(lead, occurred_at) WHERE deleted_at IS NULL;
CREATE INDEX activities_opportunity ON activities(opportunity, occurred_at) WHERE deleted_at IS NULL;
CREATE INDEX activities_company ON activities(company, occurred_at) WHERE deleted_at IS NULL;
CREATE INDEX activities_user ON activities(user, occurred_at) WHERE deleted_at IS NULL;

-- Tags of every record, for "any of" filters.
CREATE TABLE record_tags (
  entity TEXT NOT NULL,
  tag TEXT NOT NULL,
  record_id TEXT NOT NULL,
  PRIMARY KEY (entity, tag, record_id)
) WITHOUT ROWID;
CREATE INDEX record_tags_record ON record_tags(record_id);
`;
