import type { Db } from '../../db/open-database';

/** Who is who, read from the projected users table (the records engine owns the writes). */
export class UserDirectory {
  private readonly sql;

  constructor(db: Db) {
    this.sql = {
      byUsername: db.prepare('SELECT id FROM users WHERE username = ? COLLATE NOCASE AND deleted_at IS NULL').pluck(),
      byId: db.prepare('SELECT username, full_name FROM users WHERE id = ?'),
    };
  }

  idByUsername(username: string): string | null {
    return (this.sql.byUsername.get(username) as string | undefined) ?? null;
  }

  /** How a person is named in a notification's text. */
  displayName(id: string | null): string {
    if (!id) return 'Someone';
    const row = this.sql.byId.get(id) as { username: string | null; full_name: string | null } | undefined;
    return row?.full_name?.trim() || row?.username || 'Someone';
  }
}
