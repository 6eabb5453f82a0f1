import type { Db } from '../../db/open-database';
import type { MatchOn } from './import-plan';

import type { ImportStatus, ImportView, RowError } from '../../../shared/contract/data-transfer-types';

export type { ImportStatus, ImportView, RowError };

export interface ImportRow {
  id: string;
  user_id: string;
  model: string;
  status: ImportStatus;
  match_on: MatchOn;
  mapping: string;
  total_rows: number;
  processed: number;
  created: number;
  updated: number;
  skipped: number;
  errors: string;
  failure: string | null;
  created_at: string;
  finished_at: string | null;
}

export interface Progress {
  processed: number;
  created: number;
  updated: number;
  skipped: number;
  errors: RowError[];
}

/** {field: [old, new]} of the fields an import changed on a record it updated. */
export type FieldChanges = Record<string, [unknown, unknown]>;

/** Errors kept per import: totals stay exact in `skipped`, the list stops here. */
export const MAX_STORED_ERRORS = 1000;

/** SQL of the `imports` and `import_records` tables (migration 0006), statements prepared once. */
export class ImportStore {
  private readonly sql;

  constructor(db: Db) {
    this.sql = {
      insert: db.prepare(
        `INSERT INTO imports (id, user_id, model, status, match_on, mapping, total_rows, created_at)
         VALUES (@id, @user_id, @model, 'running', @match_on, @mapping, @total_rows, @created_at)`,
      ),
      get: db.prepare('SELECT * FROM imports WHERE id = ?'),
      count: db.prepare('SELECT count(*) FROM imports WHERE user_id = ?').pluck(),
      page: db.prepare('SELECT * FROM imports WHERE user_id = ? ORDER BY created_at DESC, id DESC LIMIT ? OFFSET ?'),
      progress: db.prepare('UPDATE imports SET processed = ?, created = ?, updated = ?, skipped = ?, errors = ? WHERE id = ?'),
      finish: db.prepare('UPDATE imports SET status = ?, failure = ?, finished_at = ? WHERE id = ?'),
      undone: db.prepare("UPDATE imports SET status = 'undone', undone_at = ? WHERE id = ?"),
      interrupted: db.prepare(
        "UPDATE imports SET status = 'failed', failure = 'Interrupted: the app stopped during the import.', finished_at = ? WHERE status = 'running'",
      ),
      recordCreated: db.prepare("INSERT OR IGNORE INTO import_records (import_id, record_id, action) VALUES (?, ?, 'create')"),
      getRecord: db.prepare('SELECT action, changes FROM import_records WHERE import_id = ? AND record_id = ?'),
      putUpdate: db.prepare(
        `INSERT INTO import_records (import_id, record_id, action, changes) VALUES (?, ?, 'update', ?)
         ON CONFLICT (import_id, record_id) DO UPDATE SET changes = excluded.changes`,
      ),
      records: db.prepare('SELECT record_id, action, changes FROM import_records WHERE import_id = ? ORDER BY record_id'),
    };
  }

  create(row: Pick<ImportRow, 'id' | 'user_id' | 'model' | 'match_on' | 'mapping' | 'total_rows' | 'created_at'>): void {
    this.sql.insert.run(row);
  }

  get(id: string): ImportRow | undefined {
    return this.sql.get.get(id) as ImportRow | undefined;
  }

  page(userId: string, limit: number, offset: number): { count: number; rows: ImportRow[] } {
    return { count: this.sql.count.get(userId) as number, rows: this.sql.page.all(userId, limit, offset) as ImportRow[] };
  }

  saveProgress(id: string, p: Progress): void {
    this.sql.progress.run(p.processed, p.created, p.updated, p.skipped, JSON.stringify(p.errors), id);
  }

  finish(id: string, status: 'completed' | 'failed', at: string, failure: string | null = null): void {
    this.sql.finish.run(status, failure, at, id);
  }

  markUndone(id: string, at: string): void {
    this.sql.undone.run(at, id);
  }

  /** Imports that were running when the process stopped can never finish: they failed (and can be undone). */
  failInterrupted(at: string): void {
    this.sql.interrupted.run(at);
  }

  recordCreated(importId: string, recordId: string): void {
    this.sql.recordCreated.run(importId, recordId);
  }

  /** Keeps the first old value and the last new value of each field, over several rows naming one record. */
  recordUpdated(importId: string, recordId: string, changes: FieldChanges): void {
    const known = this.sql.getRecord.get(importId, recordId) as { action: string; changes: string | null } | undefined;
    if (known?.action === 'create') return;
    const merged: FieldChanges = known?.changes ? JSON.parse(known.changes) : {};
    for (const [field, [old, next]] of Object.entries(changes)) merged[field] = [field in merged ? merged[field][0] : old, next];
    this.sql.putUpdate.run(importId, recordId, JSON.stringify(merged));
  }

  /** Read whole: the undo writes while it walks them, and a connection cannot write during an iteration. */
  records(importId: string): { record_id: string; action: 'create' | 'update'; changes: string | null }[] {
    return this.sql.records.all(importId) as { record_id: string; action: 'create' | 'update'; changes: string | null }[];
  }
}

export function importView(row: ImportRow): ImportView {
  return {
    id: row.id,
    status: row.status,
    model: row.model,
    total_rows: row.total_rows,
    processed: row.processed,
    created: row.created,
    updated: row.updated,
    skipped: row.skipped,
    errors: JSON.parse(row.errors) as RowError[],
    created_at: row.created_at,
    finished_at: row.finished_at,
  };
}
