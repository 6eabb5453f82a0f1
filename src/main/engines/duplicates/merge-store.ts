import type { Db, Stmt } from '../../db/open-database';
import { objectOr } from '../../core/json-object';

/** A linked record moved from the merged record to the kept one. */
export interface MovedLink {
  entity: string;
  id: string;
  field: string;
}

export interface MergeRow {
  id: string;
  model: string;
  kept_id: string;
  merged_id: string;
  kept_before: Record<string, unknown>;
  moved: MovedLink[];
  merged_by: string;
  merged_at: string;
  undone_at: string | null;
}

/** The record_merges table: one row per merge, marked when undone. */
export class MergeStore {
  private readonly insertStmt: Stmt;
  private readonly getStmt: Stmt;
  private readonly undoneStmt: Stmt;

  constructor(db: Db) {
    this.insertStmt = db.prepare(
      'INSERT INTO record_merges (id, model, kept_id, merged_id, kept_before, moved, merged_by, merged_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    );
    this.getStmt = db.prepare('SELECT * FROM record_merges WHERE id = ?');
    this.undoneStmt = db.prepare('UPDATE record_merges SET undone_at = ? WHERE id = ?');
  }

  put(row: Omit<MergeRow, 'undone_at'>): void {
    this.insertStmt.run(
      row.id,
      row.model,
      row.kept_id,
      row.merged_id,
      JSON.stringify(row.kept_before),
      JSON.stringify(row.moved),
      row.merged_by,
      row.merged_at,
    );
  }

  get(id: string): MergeRow | undefined {
    const raw = this.getStmt.get(id) as (Omit<MergeRow, 'kept_before' | 'moved'> & { kept_before: string; moved: string }) | undefined;
    if (!raw) return undefined;
    return { ...raw, kept_before: objectOr(JSON.parse(raw.kept_before)), moved: JSON.parse(raw.moved) as MovedLink[] };
  }

  markUndone(id: string, at: string): void {
    this.undoneStmt.run(at, id);
  }
}
