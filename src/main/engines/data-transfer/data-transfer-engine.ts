import type { Db } from '../../db/open-database';
import type { Clock } from '../../core/clock';
import { newId } from '../../core/ids';
import type { Caller } from '../../core/handler';
import { AppError, notFound, validationError, type FieldErrors } from '../../../shared/errors';
import { entityByName } from '../../../shared/entities/entities';
import type { EntityDef } from '../../../shared/entities/field-def';
import { IMPORT_MAX_ROWS, IMPORT_MODELS } from '../../../shared/contract/data-transfer-operations';
import type { ListQueryEngine, QueryParams } from '../query';
import type { RecordChange, RecordsEngine } from '../records';
import { parseCsv } from './csv-format';
import { autoMapping, checkMapping, checkMatchOn, importTargets, RowReader } from './import-plan';
import type { DryRunView } from '../../../shared/contract/data-transfer-types';
import { EventBus } from '../../core/event-bus';
import { ImportStore, importView, type ImportRow, type ImportView } from './import-store';
import { dryRun, runImport } from './import-runner';
import { undoImport } from './import-undo';
import { RowWriter } from './row-writer';
import { exportCsv } from './csv-export';
import { DUPLICATE_MODELS, type DuplicateCandidate, type DuplicateFinder } from '../duplicates';
import { isJsonObject } from '../../core/json-object';

export interface DataTransferDeps {
  db: Db;
  clock: Clock;
  records: RecordsEngine;
  query: ListQueryEngine;
  /** Looks for existing records a created row may duplicate (dry runs list them). */
  duplicates?: DuplicateFinder;
}

const BODY_KEYS = new Set(['model', 'csv', 'mapping', 'dry_run', 'match_on']);

export type { DryRunView };

/**
 * CSV import and export. Imports write only through the records engine (origin `import`),
 * remember what they did in `import_records` and can be undone as a whole; exports read
 * through the list query engine, so a list view and its CSV always hold the same records.
 */
export interface DataTransferEvents extends Record<string, unknown> {
  /** A background import ended (completed or failed); the importer is told. */
  'import.finished': ImportView & { user_id: string };
}

export class DataTransferEngine {
  readonly events = new EventBus<DataTransferEvents>();
  readonly store: ImportStore;
  /** Imports whose background run or undo is in progress in this process. */
  private readonly busy = new Set<string>();
  private closed = false;
  private captured: RecordChange | null = null;

  constructor(private readonly deps: DataTransferDeps) {
    this.store = new ImportStore(deps.db);
    this.store.failInterrupted(this.now());
    // Tells the row writer what an update changed (old values for undo), without reading the record twice.
    deps.records.onWrite((change) => {
      this.captured = change;
    });
  }

  close(): void {
    this.closed = true;
  }

  async startImport(body: unknown, caller: Caller): Promise<{ dryRun: true; result: DryRunView } | { dryRun: false; result: ImportView }> {
    const input = this.checkBody(body);
    const entity = entityByName(input.model)!;
    const parsed = parseCsv(input.csv, IMPORT_MAX_ROWS);
    const targets = importTargets(entity, this.deps.query.fields(entity, caller));
    const matchOnRaw = input.match_on ?? null;
    const mapping =
      input.mapping === undefined
        ? autoMapping(parsed.columns, targets, matchOnRaw === 'id' ? 'id' : null)
        : checkMapping(input.mapping, parsed.columns, targets, entity);
    if (!Object.values(mapping).some(Boolean)) throw validationError({ mapping: ['No column maps to a field; name the fields in `mapping`.'] });
    const matchOn = checkMatchOn(matchOnRaw, mapping, entity);
    if (matchOn !== 'id' && Object.values(mapping).includes('id'))
      throw validationError({ mapping: ['A column maps to "id": set match_on to "id" to update those records, or skip the column.'] });
    const reader = new RowReader(parsed.columns, mapping, targets);
    const writer = new RowWriter(
      { db: this.deps.db, records: this.deps.records, lastChange: { take: () => this.take() }, findDuplicates: this.duplicateCheck(entity, caller) },
      entity,
      reader,
      matchOn,
      { actor: caller.id, origin: 'import' },
    );

    if (input.dry_run) {
      const counts = await dryRun(this.deps.records, writer, parsed.rows);
      return { dryRun: true, result: { model: entity.name, total_rows: parsed.rows.length, ...counts, columns: parsed.columns, mapping } };
    }
    const id = newId();
    this.store.create({
      id,
      user_id: caller.id,
      model: entity.name,
      match_on: matchOn,
      mapping: JSON.stringify(mapping),
      total_rows: parsed.rows.length,
      created_at: this.now(),
    });
    this.busy.add(id);
    void runImport(
      { db: this.deps.db, records: this.deps.records, store: this.store, now: () => this.now(), alive: () => !this.closed },
      id,
      entity,
      writer,
      parsed.rows,
    ).finally(() => {
      this.busy.delete(id);
      const row = this.store.get(id);
      if (row && !this.closed && row.status !== 'running') this.events.emit('import.finished', { ...importView(row), user_id: caller.id });
    });
    return { dryRun: false, result: importView(this.store.get(id)!) };
  }

  /** For leads, contacts and companies: the row's email, names, company name and domain compared with live records. */
  private duplicateCheck(entity: EntityDef, caller: Caller): ((values: Record<string, unknown>) => DuplicateCandidate[]) | undefined {
    const finder = this.deps.duplicates;
    const model = DUPLICATE_MODELS.find((m) => m === entity.name);
    if (!finder || !model) return undefined;
    const text = (v: unknown) => (typeof v === 'string' ? v : undefined);
    return (values) =>
      finder.find(
        model,
        {
          email: text(values.email),
          first_name: text(values.first_name),
          last_name: text(values.last_name),
          name: text(values.name),
          domain: text(values.domain),
        },
        caller,
      );
  }

  get(id: string, caller: Caller): ImportView {
    return importView(this.visible(id, caller));
  }

  list(caller: Caller, page: number, pageSize: number): { count: number; rows: ImportView[] } {
    const { count, rows } = this.store.page(caller.id, pageSize, (page - 1) * pageSize);
    return { count, rows: rows.map(importView) };
  }

  async undo(id: string, caller: Caller): Promise<ImportView> {
    const row = this.visible(id, caller);
    if (row.status === 'running' || this.busy.has(id))
      throw new AppError('conflict', 'This import is still running (or being undone); undo it once it has finished.');
    if (row.status === 'undone') throw new AppError('conflict', 'This import has already been undone.');
    this.busy.add(id);
    try {
      await undoImport(this.deps.db, this.deps.records, this.store, id, entityByName(row.model)!, { actor: caller.id, origin: 'import' });
      this.store.markUndone(id, this.now());
    } finally {
      this.busy.delete(id);
    }
    return importView(this.store.get(id)!);
  }

  exportCsv(entity: EntityDef, params: QueryParams, caller: Caller): string {
    return exportCsv(this.deps.query, entity, params, caller);
  }

  /** Today in UTC, for file names. */
  today(): string {
    return this.now().slice(0, 10);
  }

  private take(): RecordChange | null {
    const change = this.captured;
    this.captured = null;
    return change;
  }

  /** Imports are the caller's own; admins see everyone's. Others' are not found. */
  private visible(id: string, caller: Caller): ImportRow {
    const row = this.store.get(id);
    if (!row || (row.user_id !== caller.id && caller.role !== 'admin')) throw notFound('Import');
    return row;
  }

  private checkBody(body: unknown): { model: string; csv: string; mapping?: unknown; dry_run: boolean; match_on?: unknown } {
    if (!isJsonObject(body)) throw validationError({ non_field_errors: ['Invalid data. Expected a JSON object.'] });
    const b = body;
    const errors: FieldErrors = {};
    for (const key of Object.keys(b)) if (!BODY_KEYS.has(key)) errors[key] = ['Unknown field.'];
    if (typeof b.model !== 'string' || !IMPORT_MODELS.includes(b.model)) errors.model = [`One of: ${IMPORT_MODELS.join(', ')}.`];
    if (b.csv === undefined || b.csv === null || b.csv === '') errors.csv = ['This field is required: the text of the CSV file.'];
    else if (typeof b.csv !== 'string') errors.csv = ['Expected the text of the CSV file as a string.'];
    if (b.dry_run !== undefined && typeof b.dry_run !== 'boolean') errors.dry_run = ['Must be a valid boolean.'];
    if (b.match_on !== undefined && b.match_on !== null && b.match_on !== 'email' && b.match_on !== 'id') errors.match_on = ['One of: "email", "id", or null.'];
    if (Object.keys(errors).length) throw validationError(errors);
    return { model: b.model as string, csv: b.csv as string, mapping: b.mapping, dry_run: b.dry_run === true, match_on: b.match_on };
  }

  private now(): string {
    return this.deps.clock.now().toISOString();
  }
}
