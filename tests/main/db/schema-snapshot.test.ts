import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENTITIES } from '../../../src/shared/entities/entities';
import { allFields } from '../../../src/shared/entities/field-def';
import { openDatabase, type Db } from '../../../src/main/db/open-database';

/**
 * Synced tables only grow: another install running an older version still reads and writes
 * these columns, so a migration may add columns but never drop, rename or retype one.
 *
 * The committed snapshot (schema-snapshot.json, next to this file) lists the columns of the
 * synced tables as a fresh store creates them. This test fails if any snapshot column is
 * missing or changed in a fresh store; new columns and new tables are allowed.
 *
 * After adding columns on purpose, refresh the snapshot with
 *   UPDATE_SCHEMA_SNAPSHOT=1 npx vitest run tests/main/db/schema-snapshot.test.ts
 * and commit the JSON; review its diff: it must only add lines.
 */
const SYNCED_TABLES = [
  'users',
  'companies',
  'contacts',
  'leads',
  'opportunities',
  'tasks',
  'activities',
  'record_docs',
  'sync_outbox',
  'record_tags',
  'record_conflicts',
] as const;

const SNAPSHOT_FILE = fileURLToPath(new URL('./schema-snapshot.json', import.meta.url));

interface Column {
  name: string;
  type: string;
  notnull: boolean;
  dflt: string | null;
  pk: boolean;
}
type Snapshot = Record<string, Column[]>;

function columnsOf(db: Db, table: string): Column[] {
  const rows = db.prepare(`SELECT name, type, "notnull", dflt_value, pk FROM pragma_table_info(?) ORDER BY cid`).all(table) as {
    name: string;
    type: string;
    notnull: number;
    dflt_value: string | null;
    pk: number;
  }[];
  return rows.map((r) => ({ name: r.name, type: r.type.toUpperCase(), notnull: r.notnull === 1, dflt: r.dflt_value, pk: r.pk > 0 }));
}

function readSchema(db: Db): Snapshot {
  return Object.fromEntries(SYNCED_TABLES.map((table) => [table, columnsOf(db, table)]));
}

// One fresh store (a real SQLite file, all migrations applied) for the whole file.
let dir: string;
let db: Db;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'crm-schema-'));
  db = openDatabase(join(dir, 'crm.sqlite'));
});
afterAll(() => {
  if (db?.open) db.close();
  rmSync(dir, { recursive: true, force: true });
});

/** One column a line, so a refresh shows up in review as added lines only. */
function formatSnapshot(snapshot: Snapshot): string {
  const tables = Object.entries(snapshot).map(
    ([table, columns]) => `  ${JSON.stringify(table)}: [\n${columns.map((c) => `    ${JSON.stringify(c)}`).join(',\n')}\n  ]`,
  );
  return `{\n${tables.join(',\n')}\n}\n`;
}

describe('schema snapshot of the synced tables', () => {
  it('a fresh store keeps every column of the snapshot, unchanged', () => {
    const current = readSchema(db);
    for (const table of SYNCED_TABLES) expect(current[table].length, `table ${table} exists`).toBeGreaterThan(0);

    if (process.env.UPDATE_SCHEMA_SNAPSHOT === '1') {
      writeFileSync(SNAPSHOT_FILE, formatSnapshot(current));
      return;
    }
    const snapshot = JSON.parse(readFileSync(SNAPSHOT_FILE, 'utf8')) as Snapshot;
    expect(Object.keys(snapshot).sort(), 'the snapshot covers exactly the synced tables').toEqual([...SYNCED_TABLES].sort());

    const problems: string[] = [];
    for (const [table, columns] of Object.entries(snapshot)) {
      const now = new Map(current[table].map((c) => [c.name, c]));
      for (const column of columns) {
        const found = now.get(column.name);
        if (!found) problems.push(`${table}.${column.name} was dropped or renamed`);
        else if (JSON.stringify(found) !== JSON.stringify(column)) {
          problems.push(`${table}.${column.name} changed from ${JSON.stringify(column)} to ${JSON.stringify(found)}`);
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it('every entity field has a column in its table, plus custom_fields', () => {
    const missing: string[] = [];
    for (const entity of ENTITIES) {
      const columns = new Set(columnsOf(db, entity.table).map((c) => c.name));
      expect(columns.size, `table ${entity.table} exists`).toBeGreaterThan(0);
      for (const field of [...Object.keys(allFields(entity)), 'custom_fields']) {
        if (!columns.has(field)) missing.push(`${entity.table}.${field}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('the snapshot itself is well formed (guards against a broken refresh)', () => {
    const snapshot = JSON.parse(readFileSync(SNAPSHOT_FILE, 'utf8')) as Snapshot;
    for (const [table, columns] of Object.entries(snapshot)) {
      expect(columns.length, table).toBeGreaterThan(0);
      expect(new Set(columns.map((c) => c.name)).size, `${table} has no duplicate columns`).toBe(columns.length);
      for (const c of columns) expect(Object.keys(c).sort()).toEqual(['dflt', 'name', 'notnull', 'pk', 'type']);
    }
    for (const entity of ENTITIES) {
      expect(
        snapshot[entity.table]?.some((c) => c.name === 'id' && c.pk),
        `${entity.table}.id is the key`,
      ).toBe(true);
    }
  });
});
