import type { Db } from '../../db/open-database';
import { AppError, validationError, type FieldErrors } from '../../../shared/errors';
import { contactEntity } from '../../../shared/entities/entities';
import type { ListQueryEngine, QueryParams } from '../query';

/**
 * A campaign's audience: the contacts a `segment_filter` selects, in the list endpoints'
 * query grammar (`{"status": "active", "created_at__gte": "2025-01-01"}`). A name the contact
 * does not have but its company does (the spec's `industry`, `size`) reads the company's,
 * as `company__<name>` would. The spec's size words map to the size bands.
 */
const SIZE_WORDS: Record<string, string> = { startup: '1-10', small: '11-50', medium: '51-200', large: '201-1000', enterprise: '1000+' };
const NOT_FILTERS = new Set(['page', 'page_size', 'ordering']);
const MAX_KEYS = 50;

export type { AudienceCount } from '../../../shared/contract/campaign-types';
import type { AudienceCount } from '../../../shared/contract/campaign-types';
import { isJsonObject } from '../../core/json-object';

export class Audience {
  private readonly db: Db;

  constructor(
    db: Db,
    private readonly query: ListQueryEngine,
  ) {
    this.db = db;
  }

  /** The filter as list query parameters; a 400 naming each bad key. */
  params(segment: unknown): QueryParams {
    if (!isJsonObject(segment)) throw validationError({ segment_filter: ['Expected an object of list filters, e.g. {"industry": "technology"}.'] });
    const entries = Object.entries(segment);
    const errors: FieldErrors = {};
    if (entries.length > MAX_KEYS) errors.segment_filter = [`At most ${MAX_KEYS} filters.`];
    const fields = this.query.fields(contactEntity);
    const params: QueryParams = {};
    for (const [key, raw] of entries) {
      if (NOT_FILTERS.has(key)) {
        errors[`segment_filter.${key}`] = ['Paging and ordering do not apply to an audience.'];
        continue;
      }
      const [name, ...lookup] = key.split('__');
      const viaCompany = key !== 'search' && !fields[name] && fields[`company__${name}`];
      const param = viaCompany ? `company__${key}` : key;
      let value: string;
      if (Array.isArray(raw) && raw.every((v) => ['string', 'number'].includes(typeof v))) value = raw.join(',');
      else if (['string', 'number', 'boolean'].includes(typeof raw)) value = String(raw);
      else {
        errors[`segment_filter.${key}`] = ['Expected a text, number, boolean or list value.'];
        continue;
      }
      if (viaCompany && name === 'size' && lookup.length === 0) value = SIZE_WORDS[value.toLowerCase()] ?? value;
      params[param] = value;
    }
    if (Object.keys(errors).length) throw validationError(errors);
    return params;
  }

  /** Throws the 400 a bad filter gets, naming the key. */
  check(segment: unknown): void {
    this.where(segment);
  }

  private where(segment: unknown): { sql: string; params: unknown[] } {
    const params = this.params(segment);
    try {
      return this.query.where(contactEntity, params);
    } catch (e) {
      if (!(e instanceof AppError) || !e.fields) throw e;
      const renamed: FieldErrors = {};
      for (const [k, v] of Object.entries(e.fields)) renamed[`segment_filter.${k.replace(/^company__/, '')}`] = v;
      throw validationError(renamed);
    }
  }

  count(segment: unknown): AudienceCount {
    const w = this.where(segment);
    const row = this.db
      .prepare(
        `SELECT count(*) AS matched,
         sum(CASE WHEN coalesce(t.email, '') = '' THEN 1 ELSE 0 END) AS no_email,
         sum(CASE WHEN coalesce(t.email, '') != '' AND (t.email_opt_out = 1 OR s.reason = 'unsubscribed') THEN 1 ELSE 0 END) AS unsubscribed,
         sum(CASE WHEN coalesce(t.email, '') != '' AND coalesce(t.email_opt_out, 0) = 0 AND s.reason = 'hard_bounce' THEN 1 ELSE 0 END) AS bounced
       FROM contacts t LEFT JOIN email_suppressions s ON s.email = lower(t.email) ${w.sql}`,
      )
      .get(...w.params) as { matched: number; no_email: number | null; unsubscribed: number | null; bounced: number | null };
    const excluded = { unsubscribed: row.unsubscribed ?? 0, bounced: row.bounced ?? 0, no_email: row.no_email ?? 0 };
    return { matched: row.matched, eligible: row.matched - excluded.unsubscribed - excluded.bounced - excluded.no_email, excluded };
  }

  /** Who to mail, in a stable order. */
  members(segment: unknown): { id: string; email: string }[] {
    const w = this.where(segment);
    return this.db
      .prepare(
        `SELECT t.id, t.email FROM contacts t ${w.sql.replace(/^WHERE/, "WHERE coalesce(t.email, '') != '' AND coalesce(t.email_opt_out, 0) = 0 AND lower(t.email) NOT IN (SELECT email FROM email_suppressions) AND")} ORDER BY t.rowid`,
      )
      .all(...w.params) as { id: string; email: string }[];
  }
}
