/**
 * The SQLite floor of an imported contact: the statements the bulk path runs for one row
 * (unique e-mail check, row, search entry, two tags, document, outbox row, the import's
 * ledger row), prepared once, 500 rows a transaction, with the store's own settings and
 * nothing else: no validation, no document encoding, no hooks. What the import costs above
 * this is the engine's; what is below it no change to the engine can remove. The rows are
 * deleted afterwards (not timed).
 */
import type { Db } from '../../src/main/db/open-database';
import { newId } from '../../src/main/core/ids';
import { contactEntity } from '../../src/shared/entities/entities';
import { allFields } from '../../src/shared/entities/field-def';

const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

/** The floor's statements, each of which a run can leave out to price it (`--only floor-parts`). */
export type FloorPart = 'unique' | 'fts' | 'tags' | 'doc' | 'outbox' | 'ledger';
export const FLOOR_PARTS: readonly FloorPart[] = ['unique', 'fts', 'tags', 'doc', 'outbox', 'ledger'];

export interface FloorFigures {
  rows: number;
  wallMs: number;
  cpuMs: number;
}

export function sqliteFloor(db: Db, rows: number): string {
  const f = floorRun(db, rows);
  const per = (n: number, t: number) => Math.round(n / (t / 1000)).toLocaleString('en-US');
  return `SQLite floor of the same rows (statements only, 500 a transaction): ${per(rows, f.wallMs)}/s, ${per(rows, f.cpuMs)} per CPU-second`;
}

/**
 * What each of the floor's statements costs: the floor with all of them, then with each left
 * out in turn, then the row alone (with its five indexes), CPU microseconds per row. The
 * whole floor is run before and after, and the parts are differences of noisy figures on a
 * shared machine: read them as shares, not to the microsecond.
 */
export function sqliteFloorParts(db: Db, rows: number): string[] {
  const us = (f: FloorFigures) => (f.cpuMs * 1000) / f.rows;
  const all = [floorRun(db, rows)];
  const without = FLOOR_PARTS.map((part) => [part, floorRun(db, rows, new Set([part]))] as const);
  const rowOnly = floorRun(db, rows, new Set(FLOOR_PARTS));
  all.push(floorRun(db, rows));
  const whole = all.map(us).reduce((a, b) => a + b) / all.length;
  const lines = [
    `floor by part (${rows.toLocaleString('en-US')} rows, 500 a transaction; CPU us per row): all statements ${whole.toFixed(1)} (runs ${all.map((f) => us(f).toFixed(1)).join(', ')})`,
  ];
  for (const [part, f] of without) lines.push(`  ${part.padEnd(7)} ${(whole - us(f)).toFixed(1)} us (the floor without it: ${us(f).toFixed(1)})`);
  lines.push(
    `  the row alone, with its five indexes: ${us(rowOnly).toFixed(1)} us, ${Math.round(1e6 / us(rowOnly)).toLocaleString('en-US')} rows per CPU-second`,
  );
  return lines;
}

function floorRun(db: Db, rows: number, omit: ReadonlySet<FloorPart> = new Set()): FloorFigures {
  const fields = allFields(contactEntity);
  const columns = [...Object.keys(fields).filter((c) => !fields[c].local), 'custom_fields', 'version'];
  const searchable = [...Object.keys(contactEntity.fields).filter((k) => contactEntity.fields[k].searchable), 'tags', 'custom_text'];
  const sql = {
    unique: db.prepare('SELECT 1 FROM contacts WHERE email = ? COLLATE NOCASE AND deleted_at IS NULL AND id != ? LIMIT 1'),
    row: db.prepare(`INSERT INTO contacts (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`),
    fts: db.prepare(`INSERT INTO contacts_fts (rowid, ${searchable.join(', ')}) VALUES (?, ${searchable.map(() => '?').join(', ')})`),
    tag: db.prepare("INSERT OR IGNORE INTO record_tags (entity, tag, record_id) VALUES ('contact', ?, ?)"),
    doc: db.prepare("INSERT INTO record_docs (id, entity, state, updated_at) VALUES (?, 'contact', ?, ?)"),
    outbox: db.prepare("INSERT INTO sync_outbox (record_id, entity, update_data, created_at) VALUES (?, 'contact', x'', ?)"),
    ledger: db.prepare("INSERT INTO import_records (import_id, record_id, action) VALUES (?, ?, 'create')"),
  };
  const companies = db.prepare('SELECT id FROM companies WHERE deleted_at IS NULL LIMIT 2000').pluck().all() as string[];
  const admin = db.prepare("SELECT id FROM users WHERE role = 'admin' LIMIT 1").pluck().get() as string;
  // A document of the size the encoder makes for such a row.
  const state = Buffer.alloc(650, 1);
  const run = `floor${Date.now().toString(36)}`;
  const ids: string[] = [];
  const t0 = performance.now();
  const c0 = cpuMs();
  for (let start = 0; start < rows; start += 500) {
    db.transaction(() => {
      for (let i = start; i < Math.min(rows, start + 500); i++) {
        const id = newId();
        const at = new Date().toISOString();
        const email = `${run}${i}@floor.test`;
        const value: Record<string, unknown> = {
          id,
          email,
          first_name: `First${i}`,
          last_name: `Last${i}`,
          company: companies[i % companies.length] ?? null,
          job_title: 'Buyer',
          created_at: at,
          updated_at: at,
          created_by: admin,
          assigned_to: admin,
          tags: JSON.stringify([`t${i % 7}`, run]),
          custom_fields: '{}',
          version: 1,
        };
        if (!omit.has('unique')) sql.unique.get(email, id);
        const rowid = sql.row.run(...columns.map((c) => value[c] ?? null)).lastInsertRowid;
        if (!omit.has('fts')) sql.fts.run(rowid, ...searchable.map((c) => (c === 'tags' ? `t${i % 7} ${run}` : ((value[c] as string | undefined) ?? null))));
        if (!omit.has('tags')) {
          sql.tag.run(`t${i % 7}`, id);
          sql.tag.run(run, id);
        }
        if (!omit.has('doc')) sql.doc.run(id, state, at);
        if (!omit.has('outbox')) sql.outbox.run(id, at);
        if (!omit.has('ledger')) sql.ledger.run(run, id);
        ids.push(id);
      }
    })();
  }
  const ms = performance.now() - t0;
  const cpu = cpuMs() - c0;
  db.transaction(() => {
    const list = JSON.stringify(ids);
    db.prepare('DELETE FROM contacts_fts WHERE rowid IN (SELECT rowid FROM contacts WHERE id IN (SELECT value FROM json_each(?)))').run(list);
    for (const table of ['contacts', 'record_docs']) db.prepare(`DELETE FROM ${table} WHERE id IN (SELECT value FROM json_each(?))`).run(list);
    db.prepare('DELETE FROM sync_outbox WHERE record_id IN (SELECT value FROM json_each(?))').run(list);
    db.prepare("DELETE FROM record_tags WHERE entity = 'contact' AND record_id IN (SELECT value FROM json_each(?))").run(list);
    db.prepare('DELETE FROM import_records WHERE import_id = ?').run(run);
  })();
  return { rows, wallMs: ms, cpuMs: cpu };
}
