import type { Prng } from './prng';
import { DAY_MS, dateAt, isoAt, type SeedState } from './seed-state';
import {
  ACTIVITY_SUBJECTS,
  COMPANY_CORES,
  COMPANY_PREFIXES,
  COMPANY_SUFFIXES,
  DEPARTMENTS,
  FIRST_NAMES,
  INDUSTRIES,
  JOB_TITLES,
  LAST_NAMES,
  LEAD_SOURCES_WEIGHTED,
  NOTE_SENTENCES,
  PLACES,
  PRODUCTS,
  STREETS,
  TAGS,
  TASK_TITLES,
} from './word-lists';

/** Request bodies for the write path, one function per entity; ids of referenced records come from the state. */
export type Body = Record<string, unknown>;

const slug = (s: string) =>
  s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');

/**
 * Addresses use the reserved `.example` domain: the CRM sends mail, and generated data must
 * never reach a real inbox.
 */
export function uniqueEmail(s: SeedState, local: string, domain: string): string {
  const base = `${slug(local).replace(/-/g, '.')}@${domain}`;
  const n = s.emailCounts.get(base) ?? 0;
  s.emailCounts.set(base, n + 1);
  return n === 0 ? base : base.replace('@', `${n + 1}@`);
}

function phone(r: Prng): string {
  return `+1 555-${r.int(200, 999)}-${String(r.int(0, 9999)).padStart(4, '0')}`;
}

function tags(r: Prng, p: number): string[] | undefined {
  return r.chance(p) ? r.some(TAGS, 2) : undefined;
}

/** A recently created record is more likely to be picked than an old one (density rises linearly). */
export function pickRecent(r: Prng, count: number): number {
  return count === 0 ? -1 : Math.min(count - 1, Math.floor(count * Math.sqrt(r.next())));
}

export function pickSeller(r: Prng, s: SeedState): string {
  return s.users.ids[r.pick(s.users.sellers)];
}

export function personName(r: Prng): { first: string; last: string } {
  return { first: r.pick(FIRST_NAMES), last: r.pick(LAST_NAMES) };
}

export function companyName(r: Prng): { name: string; domain: string } {
  const core = `${r.pick(COMPANY_PREFIXES)} ${r.pick(COMPANY_CORES)}`;
  const name = r.chance(0.7) ? `${core} ${r.pick(COMPANY_SUFFIXES)}` : core;
  return { name, domain: `${slug(core)}.example` };
}

export function companyBody(r: Prng, s: SeedState): Body {
  const { name, domain } = companyName(r);
  const [city, state, country] = r.pick(PLACES);
  const size = r.weighted([
    ['1-10', 25],
    ['11-50', 30],
    ['51-200', 22],
    ['201-1000', 15],
    ['1000+', 8],
  ] as const);
  const revenueMedian = { '1-10': 8e5, '11-50': 5e6, '51-200': 2.5e7, '201-1000': 1.2e8, '1000+': 9e8 }[size];
  return {
    name,
    domain,
    industry: r.pick(INDUSTRIES),
    size,
    annual_revenue: Math.round(r.logNormal(revenueMedian, 0.6) / 1000) * 1000,
    currency: country === 'United States' ? 'USD' : country === 'United Kingdom' ? 'GBP' : r.pick(['EUR', 'USD']),
    phone: phone(r),
    website: `https://www.${domain}`,
    address_line_1: `${r.int(1, 999)} ${r.pick(STREETS)}`,
    city,
    state,
    postal_code: String(r.int(10000, 99999)),
    country,
    description: r.chance(0.3) ? r.pick(NOTE_SENTENCES) : undefined,
    owner: pickSeller(r, s),
    tags: tags(r, 0.3),
  };
}

export function contactBody(r: Prng, s: SeedState, company: number): Body {
  const { first, last } = personName(r);
  const domain = company >= 0 ? s.companies.domains[company] : r.pick(['mail.example', 'inbox.example', 'post.example']);
  const [city, state, country] = r.pick(PLACES);
  return {
    salutation: r.chance(0.4) ? r.pick(['mr', 'mrs', 'ms', 'dr', 'prof']) : undefined,
    first_name: first,
    last_name: last,
    email: uniqueEmail(s, `${first}.${last}`, domain),
    phone: phone(r),
    mobile: r.chance(0.5) ? phone(r) : undefined,
    company: company >= 0 ? s.companies.ids[company] : undefined,
    company_name: company >= 0 ? s.companies.names[company] : undefined,
    job_title: r.pick(JOB_TITLES),
    department: r.pick(DEPARTMENTS),
    city,
    state,
    country,
    contact_type: r.weighted([
      ['customer', 35],
      ['prospect', 50],
      ['vendor', 5],
      ['partner', 10],
    ] as const),
    source: r.weighted(LEAD_SOURCES_WEIGHTED),
    linkedin: r.chance(0.4) ? `https://www.linkedin.com/in/${slug(`${first}-${last}`)}-${r.int(100, 999)}` : undefined,
    assigned_to: pickSeller(r, s),
    notes: r.chance(0.2) ? r.pick(NOTE_SENTENCES) : undefined,
    email_opt_out: r.chance(0.05),
    tags: tags(r, 0.25),
  };
}

export function leadBody(r: Prng, s: SeedState): Body {
  const { first, last } = personName(r);
  const { name, domain } = companyName(r);
  const owner = pickSeller(r, s);
  return {
    first_name: first,
    last_name: last,
    email: `${slug(first)}.${slug(last)}@${domain}`,
    phone: phone(r),
    company_name: name,
    job_title: r.pick(JOB_TITLES),
    lead_source: r.weighted(LEAD_SOURCES_WEIGHTED),
    status: 'new',
    priority: r.weighted([
      ['low', 25],
      ['medium', 45],
      ['high', 22],
      ['urgent', 8],
    ] as const),
    owner,
    assigned_to: r.chance(0.8) ? owner : pickSeller(r, s),
    lead_score: Math.min(100, Math.round(r.logNormal(30, 0.6))),
    estimated_value: Math.round(r.logNormal(12000, 1) / 100) * 100,
    currency: 'USD',
    notes: r.chance(0.3) ? r.pick(NOTE_SENTENCES) : undefined,
    tags: tags(r, 0.2),
  };
}

export function opportunityBody(r: Prng, s: SeedState, contact: number, company: number, closeAt: number, stage: string): Body {
  const who = company >= 0 ? s.companies.names[company] : s.contacts.names[contact];
  const amount = Math.max(500, Math.round(r.logNormal(18000, 1.1) / 100) * 100);
  const owner = pickSeller(r, s);
  return {
    name: `${who} - ${r.pick(PRODUCTS)}`,
    contact: s.contacts.ids[contact],
    company: company >= 0 ? s.companies.ids[company] : undefined,
    stage,
    amount,
    currency: 'USD',
    close_date: dateAt(closeAt),
    owner,
    assigned_to: r.chance(0.85) ? owner : pickSeller(r, s),
    description: r.chance(0.5) ? r.pick(NOTE_SENTENCES) : undefined,
    tags: amount >= 100_000 ? ['enterprise', ...(r.chance(0.3) ? ['vip'] : [])] : tags(r, 0.25),
  };
}

/** Work hours: a time of day between 08:00 and 18:00 UTC on the day of `ms`. */
export function workHour(r: Prng, ms: number): number {
  return Math.floor(ms / DAY_MS) * DAY_MS + r.int(8 * 60, 18 * 60) * 60_000;
}

export type TaskLink = { contact?: number; lead?: number; opportunity?: number };

export function taskBody(r: Prng, s: SeedState, link: TaskLink, dueAt: number): Body {
  const type = r.weighted([
    ['call', 25],
    ['email', 20],
    ['meeting', 12],
    ['follow_up', 25],
    ['proposal', 6],
    ['demo', 6],
    ['other', 6],
  ] as const);
  const body: Body = {
    task_type: type,
    status: 'pending',
    due_date: isoAt(dueAt),
    assigned_to: pickSeller(r, s),
    priority: r.weighted([
      ['low', 20],
      ['medium', 50],
      ['high', 23],
      ['urgent', 7],
    ] as const),
    reminder_date: r.chance(0.3) ? isoAt(dueAt - 3_600_000) : undefined,
  };
  let about = 'the account';
  if (link.opportunity !== undefined) {
    about = s.opportunities.names[link.opportunity];
    Object.assign(body, opportunityLinks(s, link.opportunity));
  } else if (link.contact !== undefined) {
    about = s.contacts.names[link.contact];
    Object.assign(body, contactLinks(s, link.contact));
  } else if (link.lead !== undefined) {
    about = s.leads.names[link.lead];
    body.lead = s.leads.ids[link.lead];
  }
  body.title = `${r.pick(TASK_TITLES[type])} ${about}`.slice(0, 255);
  body.description = r.chance(0.3) ? r.pick(NOTE_SENTENCES) : undefined;
  return body;
}

export function activityBody(r: Prng, s: SeedState, link: TaskLink, occurredAt: number, user: string): Body {
  const type = r.weighted([
    ['email', 35],
    ['call', 25],
    ['meeting', 12],
    ['note', 18],
    ['sms', 5],
    ['other', 5],
  ] as const);
  const body: Body = {
    activity_type: type,
    subject: r.pick(ACTIVITY_SUBJECTS[type]),
    occurred_at: isoAt(occurredAt),
    user,
    direction: type === 'call' || type === 'email' || type === 'sms' ? (r.chance(0.6) ? 'outbound' : 'inbound') : undefined,
    duration: type === 'call' ? r.int(60, 2400) : type === 'meeting' ? r.pick([900, 1800, 2700, 3600]) : undefined,
    body: r.chance(0.6) ? r.some(NOTE_SENTENCES, 2).join(' ') : undefined,
  };
  if (link.opportunity !== undefined) Object.assign(body, opportunityLinks(s, link.opportunity));
  else if (link.contact !== undefined) Object.assign(body, contactLinks(s, link.contact));
  else if (link.lead !== undefined) body.lead = s.leads.ids[link.lead];
  return body;
}

function contactLinks(s: SeedState, contact: number): Body {
  const company = s.contacts.company[contact];
  return { contact: s.contacts.ids[contact], company: company >= 0 ? s.companies.ids[company] : undefined };
}

function opportunityLinks(s: SeedState, opp: number): Body {
  const company = s.opportunities.company[opp];
  return {
    opportunity: s.opportunities.ids[opp],
    contact: s.contacts.ids[s.opportunities.contact[opp]],
    company: company >= 0 ? s.companies.ids[company] : undefined,
  };
}
