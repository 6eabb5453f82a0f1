import type { Db } from '../../db/open-database';

export interface SavedViewRow {
  id: string;
  owner_id: string;
  name: string;
  model: string;
  query: string;
  columns: string;
  is_shared: number;
  created_at: string;
  updated_at: string;
  owner_username: string | null;
  owner_full_name: string | null;
}

const SELECT = `SELECT v.*, u.username AS owner_username, u.full_name AS owner_full_name FROM saved_views v LEFT JOIN users u ON u.id = v.owner_id`;
/** What a user sees: their own views and the ones shared with the team. */
const VISIBLE = `(v.owner_id = @viewer OR v.is_shared = 1) AND (@model IS NULL OR v.model = @model)`;

/** SQL of the `saved_views` table (migration 0006), statements prepared once. */
export class SavedViewsStore {
  private readonly sql;

  constructor(db: Db) {
    this.sql = {
      get: db.prepare(`${SELECT} WHERE v.id = ?`),
      count: db.prepare(`SELECT count(*) FROM saved_views v WHERE ${VISIBLE}`).pluck(),
      page: db.prepare(`${SELECT} WHERE ${VISIBLE} ORDER BY v.name COLLATE NOCASE, v.id LIMIT @limit OFFSET @offset`),
      insert: db.prepare(
        `INSERT INTO saved_views (id, owner_id, name, model, query, columns, is_shared, created_at, updated_at)
         VALUES (@id, @owner_id, @name, @model, @query, @columns, @is_shared, @created_at, @updated_at)`,
      ),
      update: db.prepare(
        'UPDATE saved_views SET name = @name, query = @query, columns = @columns, is_shared = @is_shared, updated_at = @updated_at WHERE id = @id',
      ),
      remove: db.prepare('DELETE FROM saved_views WHERE id = ?'),
    };
  }

  get(id: string): SavedViewRow | undefined {
    return this.sql.get.get(id) as SavedViewRow | undefined;
  }

  page(viewer: string, model: string | null, limit: number, offset: number): { count: number; rows: SavedViewRow[] } {
    return {
      count: this.sql.count.get({ viewer, model }) as number,
      rows: this.sql.page.all({ viewer, model, limit, offset }) as SavedViewRow[],
    };
  }

  insert(row: Omit<SavedViewRow, 'owner_username' | 'owner_full_name'>): void {
    this.sql.insert.run(row);
  }

  update(row: Pick<SavedViewRow, 'id' | 'name' | 'query' | 'columns' | 'is_shared' | 'updated_at'>): void {
    this.sql.update.run(row);
  }

  remove(id: string): void {
    this.sql.remove.run(id);
  }
}
