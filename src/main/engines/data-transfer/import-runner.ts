import type { Db } from '../../db/open-database';
import type { EntityDef } from '../../../shared/entities/field-def';
import type { RecordsEngine } from '../records';
import type { FieldDiff } from '../../../shared/contract/data-transfer-types';
import type { DuplicateCandidate } from '../duplicates';
import type { RowOutcome, RowWriter } from './row-writer';
import { MAX_STORED_ERRORS, type ImportStore, type Progress, type RowError } from './import-store';

/**
 * Rows per transaction. One commit (one fsync) per batch instead of per row; between batches
 * the loop yields to the event loop so the API keeps answering during a long import.
 */
export const BATCH_SIZE = 500;
export const PREVIEW_ROWS = 20;
/** Updated rows whose field diffs a dry run lists (the counts stay exact past it). */
export const MAX_DIFF_ROWS = 200;

export const nextTick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** Thrown inside a dry run's batch transaction to roll it back. */
class DryRunRollback extends Error {}

export interface DryRunResult {
  create: number;
  update: number;
  skip: number;
  errors: RowError[];
  preview: { row: number; action: RowOutcome['action']; values: Record<string, unknown>; changes?: FieldDiff }[];
  /** Per updated row: the record and each field's value before and after. */
  updates: { row: number; record_id: string; changes: FieldDiff }[];
  /** Rows that would create a record that may already exist, with the candidates. */
  duplicates: { row: number; candidates: DuplicateCandidate[] }[];
}

function diffOf(changes: RowOutcome['changes']): FieldDiff | undefined {
  if (!changes) return undefined;
  return Object.fromEntries(Object.entries(changes).map(([field, [old, next]]) => [field, { old, new: next }]));
}

function tally(p: Progress, row: number, outcome: RowOutcome): void {
  p.processed++;
  if (outcome.action === 'create') p.created++;
  else if (outcome.action === 'update') p.updated++;
  else p.skipped++;
  if (outcome.error && p.errors.length < MAX_STORED_ERRORS) p.errors.push({ row, fields: outcome.error });
}

/**
 * Validates every row exactly as the real run would (through the write path, in batches that
 * are rolled back) and counts what would be created, updated and skipped.
 */
export async function dryRun(records: RecordsEngine, writer: RowWriter, rows: readonly string[][]): Promise<DryRunResult> {
  const progress: Progress = { processed: 0, created: 0, updated: 0, skipped: 0, errors: [] };
  const preview: DryRunResult['preview'] = [];
  const updates: DryRunResult['updates'] = [];
  const duplicates: DryRunResult['duplicates'] = [];
  for (let start = 0; start < rows.length; start += BATCH_SIZE) {
    try {
      records.inBulk(writer.ctx, () => {
        writer.primeBatch(rows.slice(start, start + BATCH_SIZE));
        for (let i = start; i < Math.min(rows.length, start + BATCH_SIZE); i++) {
          const outcome = writer.write(rows[i], true);
          tally(progress, i + 1, outcome);
          const changes = diffOf(outcome.changes);
          if (preview.length < PREVIEW_ROWS) preview.push({ row: i + 1, action: outcome.action, values: outcome.values, ...(changes ? { changes } : {}) });
          if (changes && outcome.recordId && updates.length < MAX_DIFF_ROWS) updates.push({ row: i + 1, record_id: outcome.recordId, changes });
          if (outcome.duplicates && duplicates.length < MAX_DIFF_ROWS) duplicates.push({ row: i + 1, candidates: outcome.duplicates });
        }
        throw new DryRunRollback();
      });
    } catch (e) {
      if (!(e instanceof DryRunRollback)) throw e;
    }
    if (start + BATCH_SIZE < rows.length) await nextTick();
  }
  return { create: progress.created, update: progress.updated, skip: progress.skipped, errors: progress.errors, preview, updates, duplicates };
}

export interface RunDeps {
  db: Db;
  records: RecordsEngine;
  store: ImportStore;
  now: () => string;
  /** False once the engine closes: the loop stops and a restart marks the import failed. */
  alive: () => boolean;
}

/**
 * The real run, in the background. Each batch commits its records, what the import did to
 * them (for undo) and its progress in one transaction, so a crash loses at most the batch
 * in flight and never leaves a record the undo does not know about.
 */
export async function runImport(deps: RunDeps, importId: string, entity: EntityDef, writer: RowWriter, rows: readonly string[][]): Promise<void> {
  const progress: Progress = { processed: 0, created: 0, updated: 0, skipped: 0, errors: [] };
  try {
    for (let start = 0; start < rows.length; start += BATCH_SIZE) {
      await nextTick();
      if (!deps.alive()) return;
      // The bulk path: created rows are written as one batch (one audit entry, one event).
      deps.records.inBulk(writer.ctx, () => {
        writer.primeBatch(rows.slice(start, start + BATCH_SIZE));
        for (let i = start; i < Math.min(rows.length, start + BATCH_SIZE); i++) {
          const outcome = writer.write(rows[i], false);
          tally(progress, i + 1, outcome);
          if (outcome.action === 'create') deps.store.recordCreated(importId, outcome.recordId!);
          else if (outcome.action === 'update') deps.store.recordUpdated(importId, outcome.recordId!, outcome.changes!);
        }
        deps.store.saveProgress(importId, progress);
      });
    }
    deps.store.finish(importId, 'completed', deps.now());
  } catch (e) {
    if (!deps.alive()) return;
    console.error(`[imports] import ${importId} of ${entity.resource} failed:`, e instanceof Error ? e.stack : e);
    deps.store.finish(importId, 'failed', deps.now(), e instanceof Error ? e.message : String(e));
  }
}
