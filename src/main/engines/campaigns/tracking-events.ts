import type { Db } from '../../db/open-database';
import { validationError } from '../../../shared/errors';
import type { CampaignEvents } from './campaign-events';
import type { RecipientsStore } from './recipients-store';
import type { SuppressionList } from './suppression-list';

export interface TrackingEvent {
  token: string;
  event: 'open' | 'click' | 'unsubscribe';
  at: string;
  url?: string;
  /** An open fetched by a privacy proxy (every pixel prefetched), counted apart. */
  machine?: boolean;
}

export interface TrackingResult {
  applied: number;
  /** Tokens no recipient of this install holds (another install's, or forged). */
  unknown: number;
}

const EVENTS = new Set(['open', 'click', 'unsubscribe']);
const MAX_EVENTS = 10_000;

/**
 * The door the relay's events come in by: each moves the recipient's marks (first open,
 * first click, unsubscribe), adds an event for the stats and the contact's timeline, and an
 * unsubscribe puts the address on the suppression list. Events may arrive twice or out of
 * order: marks keep the earliest time, and a repeated event only adds a row.
 */
export function recordTrackingEvents(
  deps: { db: Db; recipients: RecipientsStore; events: CampaignEvents; suppressions: SuppressionList },
  input: unknown,
): TrackingResult {
  if (!Array.isArray(input) || input.length > MAX_EVENTS) throw validationError({ events: [`Expected a list of at most ${MAX_EVENTS} events.`] });
  const events = input.map((raw, i) => checkEvent(raw, i));
  let applied = 0;
  let unknown = 0;
  deps.db.transaction(() => {
    for (const e of events) {
      const r = deps.recipients.byToken(e.token);
      if (!r) {
        unknown++;
        continue;
      }
      if (e.event === 'open') deps.recipients.markEvent(e.token, e.machine ? { machine_opened_at: e.at } : { opened_at: e.at });
      else if (e.event === 'click') deps.recipients.markEvent(e.token, { clicked_at: e.at, ...(e.machine ? {} : { opened_at: e.at }) });
      else {
        deps.recipients.markEvent(e.token, { unsubscribed_at: e.at });
        deps.suppressions.add(r.email, r.contact_id, 'unsubscribed', r.campaign_id, e.at);
      }
      deps.events.add(r, e.event, e.at, { machine: e.machine, url: e.url ?? null });
      applied++;
    }
  })();
  return { applied, unknown };
}

function checkEvent(raw: unknown, i: number): TrackingEvent {
  const e = raw as Partial<TrackingEvent> | null;
  const bad = (msg: string) => validationError({ [`events[${i}]`]: [msg] });
  if (typeof e !== 'object' || e === null) throw bad('Expected an object.');
  if (typeof e.token !== 'string' || !/^[A-Za-z0-9_-]{16,64}$/.test(e.token)) throw bad('A token is required.');
  if (typeof e.event !== 'string' || !EVENTS.has(e.event)) throw bad('event is one of open, click, unsubscribe.');
  if (typeof e.at !== 'string' || Number.isNaN(Date.parse(e.at))) throw bad('at is an ISO date-time.');
  if (e.url !== undefined && (typeof e.url !== 'string' || e.url.length > 2000)) throw bad('url is a text of at most 2000 characters.');
  if (e.machine !== undefined && typeof e.machine !== 'boolean') throw bad('machine is a boolean.');
  return { token: e.token, event: e.event, at: new Date(e.at).toISOString(), url: e.url, machine: e.machine };
}
