export interface RowError {
  row: number;
  fields: Record<string, string[]>;
}

export interface DryRunResult {
  total_rows: number;
  create: number;
  update: number;
  skip: number;
  errors: RowError[];
  preview: { row: number; action: 'create' | 'update' | 'skip'; values: Record<string, unknown> }[];
  columns: string[];
  mapping: Record<string, string>;
}

export interface ImportJob {
  id: string;
  status: 'running' | 'completed' | 'failed' | 'undone';
  total_rows: number;
  processed: number;
  created: number;
  updated: number;
  skipped: number;
  errors: RowError[];
}

export type MatchOn = 'email' | 'id' | null;

export interface ImportRequest {
  model: string;
  csv: string;
  mapping: Record<string, string>;
  match_on: MatchOn;
}
