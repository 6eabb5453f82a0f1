import type { Db } from '../../db/open-database';
import type { Caller } from '../../core/handler';
import { isTimeZone } from './periods';
import type { DataViewer } from './sources/source-types';

/** Who reads widget data: the caller with the time zone of their profile (UTC when unset or unknown). */
export class ViewerDirectory {
  private readonly timezone;
  private readonly names;

  constructor(db: Db) {
    this.timezone = db.prepare('SELECT timezone FROM users WHERE id = ?').pluck();
    this.names = db.prepare('SELECT id, username, full_name FROM users WHERE id IN (SELECT value FROM json_each(?))');
  }

  viewer(caller: Caller): DataViewer {
    const tz = this.timezone.get(caller.id) as string | null | undefined;
    return { id: caller.id, role: caller.role, timezone: tz && isTimeZone(tz) ? tz : 'UTC' };
  }

  /** Owner briefs for a page of definitions, one query. */
  owners(ids: readonly string[]): Map<string, { id: string; username: string; full_name: string }> {
    const rows = this.names.all(JSON.stringify([...new Set(ids)])) as { id: string; username: string; full_name: string | null }[];
    return new Map(rows.map((r) => [r.id, { id: r.id, username: r.username, full_name: r.full_name ?? '' }]));
  }
}
