import type { FieldErrors } from '../errors';

/** Shapes of the import and saved-view endpoints, shared by the engine and the UI. */
export type ImportStatus = 'running' | 'completed' | 'failed' | 'undone';
export type MatchOn = 'email' | 'id' | null;
export type RowAction = 'create' | 'update' | 'skip';

export interface RowError {
  /** 1-based data row of the file. */
  row: number;
  fields: FieldErrors;
}

/** `POST /api/v1/imports/` body. */
export interface ImportRequest {
  model: string;
  csv: string;
  mapping?: Record<string, string>;
  dry_run?: boolean;
  match_on?: MatchOn;
}

/** A field's stored value and the value the import would write. */
export type FieldDiff = Record<string, { old: unknown; new: unknown }>;

/** The answer to a dry run: what the import would do, nothing written. */
export interface DryRunView {
  model: string;
  total_rows: number;
  create: number;
  update: number;
  skip: number;
  errors: RowError[];
  preview: { row: number; action: RowAction; values: Record<string, unknown>; changes?: FieldDiff }[];
  /** Updated rows (the first 200) with each changed field's value before and after. */
  updates: { row: number; record_id: string; changes: FieldDiff }[];
  /** Rows (the first 200) that would create a record that may already exist. */
  duplicates: { row: number; candidates: { model: string; id: string; label: string; reasons: string[] }[] }[];
  columns: string[];
  mapping: Record<string, string>;
}

/** An import as the API returns it (progress while it runs). */
export interface ImportView {
  id: string;
  status: ImportStatus;
  model: string;
  total_rows: number;
  processed: number;
  created: number;
  updated: number;
  skipped: number;
  errors: RowError[];
  created_at: string;
  finished_at: string | null;
}

export interface SavedView {
  id: string;
  name: string;
  model: string;
  /** A list query string, e.g. `status=qualified&ordering=-created_at`. */
  query: string;
  columns: string[];
  is_shared: boolean;
  owner: { id: string; username: string | null; full_name: string | null };
  created_at: string;
  updated_at: string;
}

export type SavedViewInput = Pick<SavedView, 'name' | 'model' | 'query' | 'columns' | 'is_shared'>;
