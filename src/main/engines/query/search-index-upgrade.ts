import type { Db } from '../../db/open-database';
import type { EntityDef } from '../../../shared/entities/field-def';

/**
 * Rebuilds the full-text indexes that migration 0026 lists with a new `prefix=` option. A
 * contentless FTS5 table keeps no text, so the new index is filled from the projected rows
 * into `<table>_fts_next`, in chunks that each commit with their progress (a start stopped
 * midway resumes where it was), then swapped in by one short transaction. It runs at start,
 * before anything writes: a write during the copy would miss the new index.
 *
 * Measured on the M dataset (loaded machine, so upper bounds): contacts (100k) 2.9 s,
 * activities (1M) 16 s; with the one-letter prefix the contacts index grows from 22 to 29 MB.
 */

/** Rows a chunk copies: about 0.2-0.5 s of work, so progress moves and a stop loses little. */
const CHUNK_ROWS = 50_000;
/** Stores smaller than this upgrade in well under a second: nothing is reported. */
const REPORT_FROM_ROWS = 50_000;

/** The text of a record's custom values in its search entry (what the projection writes). */
export type CustomSearchTextOf = (entity: EntityDef, customValues: Record<string, unknown>) => string;

interface Pending {
  table_name: string;
  prefix: string;
  done_rowid: number | null;
}

export interface SearchIndexUpgradeOptions {
  entities: readonly EntityDef[];
  customText: CustomSearchTextOf | null;
  /** One line per step worth telling (the headless entry prints them). */
  report?: (line: string) => void;
  now?: () => Date;
  /** Rows a chunk copies (default 50,000; tests take a few to stop midway). */
  chunkRows?: number;
}

/** Runs every pending rebuild; returns the tables rebuilt now. */
export function upgradeSearchIndexes(db: Db, opts: SearchIndexUpgradeOptions): string[] {
  const hasTable = db.prepare("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'search_index_upgrades'").get();
  if (!hasTable) return [];
  const pending = db.prepare('SELECT table_name, prefix, done_rowid FROM search_index_upgrades WHERE finished_at IS NULL ORDER BY rowid').all() as Pending[];
  if (pending.length === 0) return [];
  // Each table's live rows are counted once (1M activities take a while): for the total and its progress lines.
  const rows = new Map(pending.map((p) => [p.table_name, liveRows(db, p.table_name)]));
  const total = [...rows.values()].reduce((n, r) => n + r, 0);
  const report = total >= REPORT_FROM_ROWS ? (opts.report ?? (() => {})) : () => {};
  report(`search index: adding one-letter prefixes to ${pending.length} indexes (${total.toLocaleString('en-US')} records); this runs once`);
  const began = Date.now();
  const rebuildAll = () => {
    for (const p of pending) rebuildTable(db, p, rows.get(p.table_name)!, opts.entities.find((e) => e.table === p.table_name) ?? null, opts, report);
  };
  // A store that fits in one chunk (a new one: every test's) is rebuilt in one commit, not 3 a table.
  if (total <= (opts.chunkRows ?? CHUNK_ROWS)) db.transaction(rebuildAll)();
  else rebuildAll();
  report(`search index: done in ${((Date.now() - began) / 1000).toFixed(1)} s`);
  return pending.map((p) => p.table_name);
}

function tableExists(db: Db, name: string): boolean {
  return db.prepare("SELECT 1 FROM sqlite_schema WHERE name = ? AND type = 'table'").get(name) !== undefined;
}

/** The table's live records (0 when the table does not exist). */
function liveRows(db: Db, table: string): number {
  return tableExists(db, table) ? (db.prepare(`SELECT count(*) FROM ${table} WHERE deleted_at IS NULL`).pluck().get() as number) : 0;
}

/** `rows`: the table's live records, for the progress lines. */
function rebuildTable(db: Db, p: Pending, rows: number, entity: EntityDef | null, opts: SearchIndexUpgradeOptions, report: (line: string) => void): void {
  const table = p.table_name;
  const fts = `${table}_fts`;
  const next = `${table}_fts_next`;
  const finish = db.prepare('UPDATE search_index_upgrades SET finished_at = ? WHERE table_name = ?');
  const now = () => (opts.now?.() ?? new Date()).toISOString();
  const ftsSql = db.prepare("SELECT sql FROM sqlite_schema WHERE name = ? AND type = 'table'").pluck().get(fts) as string | undefined;
  if (!ftsSql || !tableExists(db, table)) {
    finish.run(now(), table);
    return;
  }
  const columns = (db.prepare(`SELECT name FROM pragma_table_info(?)`).pluck().all(fts) as string[]).map(String);
  if (p.done_rowid === null || !tableExists(db, next)) {
    // Same columns and tokenizer as the live index; only the prefix option changes.
    const create = withPrefix(ftsSql.replace(fts, next), p.prefix);
    db.transaction(() => {
      db.exec(`DROP TABLE IF EXISTS ${next}`);
      db.exec(create);
      db.prepare('UPDATE search_index_upgrades SET done_rowid = 0 WHERE table_name = ?').run(table);
    })();
    p.done_rowid = 0;
  }

  const plain = columns.map((c) => (c === 'tags' ? `(SELECT group_concat(value, ' ') FROM json_each(t.tags))` : c === 'custom_text' ? 'NULL' : `t.${c}`));
  const list = columns.join(', ');
  // Rows without custom values in one INSERT ... SELECT; the few with some through the custom
  // fields engine's text, as the projection writes it.
  const copyPlain = db.prepare(
    `INSERT INTO ${next} (rowid, ${list}) SELECT t.rowid, ${plain.join(', ')} FROM ${table} t WHERE t.rowid > ? AND t.rowid <= ? AND t.deleted_at IS NULL AND t.custom_fields = '{}'`,
  );
  const withCustom = db.prepare(
    `SELECT t.rowid AS _rowid, t.custom_fields AS _custom, ${plain.map((e, i) => `${e} AS c${i}`).join(', ')} FROM ${table} t WHERE t.rowid > ? AND t.rowid <= ? AND t.deleted_at IS NULL AND t.custom_fields != '{}'`,
  );
  const insertOne = db.prepare(`INSERT INTO ${next} (rowid, ${list}) VALUES (?, ${columns.map(() => '?').join(', ')})`);
  const chunkEnd = db.prepare(`SELECT rowid FROM ${table} WHERE rowid > ? ORDER BY rowid LIMIT 1 OFFSET ${(opts.chunkRows ?? CHUNK_ROWS) - 1}`).pluck();
  const lastRowid = (db.prepare(`SELECT max(rowid) FROM ${table}`).pluck().get() as number | null) ?? 0;
  const saveProgress = db.prepare('UPDATE search_index_upgrades SET done_rowid = ? WHERE table_name = ?');

  let done = p.done_rowid;
  let lastReport = Date.now();
  while (done < lastRowid) {
    const end = (chunkEnd.get(done) as number | undefined) ?? lastRowid;
    db.transaction(() => {
      copyPlain.run(done, end);
      for (const r of withCustom.all(done, end) as Record<string, unknown>[]) {
        const values = columns.map((c, i) => (c === 'custom_text' ? customTextOf(entity, r._custom, opts.customText) : r[`c${i}`]));
        insertOne.run(r._rowid, ...values);
      }
      saveProgress.run(end, table);
    })();
    done = end;
    if (Date.now() - lastReport > 1000) {
      lastReport = Date.now();
      report(`search index: ${table} ${Math.min(100, Math.round((100 * done) / lastRowid))}% of ${rows.toLocaleString('en-US')} records`);
    }
  }
  db.transaction(() => {
    db.exec(`DROP TABLE ${fts}`);
    db.exec(`ALTER TABLE ${next} RENAME TO ${fts}`);
    finish.run(now(), table);
  })();
  report(`search index: ${table} done (${rows.toLocaleString('en-US')} records)`);
}

function withPrefix(createSql: string, prefix: string): string {
  const option = `prefix='${prefix}'`;
  return /prefix\s*=\s*'[^']*'/.test(createSql) ? createSql.replace(/prefix\s*=\s*'[^']*'/, option) : createSql.replace(/\)\s*$/, `, ${option})`);
}

function customTextOf(entity: EntityDef | null, raw: unknown, customText: CustomSearchTextOf | null): string | null {
  if (!entity || !customText || typeof raw !== 'string') return null;
  let values: unknown;
  try {
    values = JSON.parse(raw);
  } catch {
    return null;
  }
  return values && typeof values === 'object' && !Array.isArray(values) ? customText(entity, values as Record<string, unknown>) : null;
}
