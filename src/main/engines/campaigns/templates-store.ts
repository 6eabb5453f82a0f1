import type { Db } from '../../db/open-database';

export interface TemplateRow {
  id: string;
  name: string;
  subject: string;
  body_html: string;
  body_text: string | null;
  variables: string;
  category: string | null;
  created_by: string | null;
  created_at: string;
  updated_at: string;
}

/**
 * The one home of email templates (list/get/put/delete). Templates are team-shared
 * definitions: when they move to the synced document store, only this module changes.
 */
export class TemplatesStore {
  private readonly sql;

  constructor(db: Db) {
    this.sql = {
      get: db.prepare('SELECT * FROM email_templates WHERE id = ?'),
      count: db.prepare('SELECT count(*) FROM email_templates WHERE (@category IS NULL OR category = @category)').pluck(),
      page: db.prepare(
        'SELECT * FROM email_templates WHERE (@category IS NULL OR category = @category) ORDER BY name COLLATE NOCASE, id LIMIT @limit OFFSET @offset',
      ),
      put: db.prepare(
        `INSERT INTO email_templates (id, name, subject, body_html, body_text, variables, category, created_by, created_at, updated_at)
         VALUES (@id, @name, @subject, @body_html, @body_text, @variables, @category, @created_by, @created_at, @updated_at)
         ON CONFLICT(id) DO UPDATE SET name = excluded.name, subject = excluded.subject, body_html = excluded.body_html,
           body_text = excluded.body_text, variables = excluded.variables, category = excluded.category, updated_at = excluded.updated_at`,
      ),
      remove: db.prepare('DELETE FROM email_templates WHERE id = ?'),
    };
  }

  list(category: string | null, limit: number, offset: number): { count: number; rows: TemplateRow[] } {
    return { count: this.sql.count.get({ category }) as number, rows: this.sql.page.all({ category, limit, offset }) as TemplateRow[] };
  }

  get(id: string): TemplateRow | undefined {
    return this.sql.get.get(id) as TemplateRow | undefined;
  }

  put(row: TemplateRow): void {
    this.sql.put.run(row);
  }

  delete(id: string): void {
    this.sql.remove.run(id);
  }
}
