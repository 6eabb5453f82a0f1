import * as Y from 'yjs';
import type { Db } from '../open-database';
import { ENTITIES } from '../../../shared/entities/entities';
import { META } from '../../../shared/record-doc/doc-format';
import { buildDocState } from './document-builder';

/**
 * Record documents move to schema 2 (src/shared/record-doc): compact entries, tags as a set,
 * conflicts derived from the document, the clock persisted, updates that cannot be applied
 * kept aside, and an outbox of one row per record computed against what the relay has.
 */
export const sql = `
${ENTITIES.map((e) => `ALTER TABLE ${e.table} ADD COLUMN version INTEGER NOT NULL DEFAULT 0;`).join('\n')}
ALTER TABLE record_docs ADD COLUMN relay_sv BLOB;
CREATE INDEX sync_outbox_record ON sync_outbox(record_id);

-- Remote updates not applied: parked (tried again later) or refused (with the reason).
CREATE TABLE sync_parked (
  id TEXT PRIMARY KEY,
  record_id TEXT NOT NULL,
  update_data BLOB NOT NULL,
  status TEXT NOT NULL,
  reason TEXT NOT NULL,
  detail TEXT NOT NULL,
  received_at TEXT NOT NULL
);
CREATE INDEX sync_parked_status ON sync_parked(status, received_at);
`;

interface LegacyEntry {
  v: unknown;
  h: string;
  by: string | null;
}

/** Schema-1 stamps were `<wall base36, 9>.<counter base36, 4>.<node>`. */
function legacyStamp(h: string): number {
  const m = /^([0-9a-z]{9})\.([0-9a-z]{4})\./.exec(h);
  return m ? parseInt(m[1], 36) * 1000 + Math.min(parseInt(m[2], 36), 999) : 0;
}

/**
 * Rewrites every schema-1 document as a schema-2 document holding the same winning values
 * (each with its original stamp and author), and queues every record for the relay: no
 * relay has ever held schema-1 documents, so the outbox starts from the whole store.
 */
export function run(db: Db): void {
  const batch = db.prepare('SELECT rowid, id, entity, state FROM record_docs WHERE rowid > ? ORDER BY rowid LIMIT 2000');
  const put = db.prepare('UPDATE record_docs SET state = ?, relay_sv = NULL WHERE rowid = ?');
  for (let after = 0; ;) {
    const rows = batch.all(after) as { rowid: number; id: string; entity: string; state: Buffer }[];
    if (rows.length === 0) break;
    after = rows[rows.length - 1].rowid;
    for (const row of rows) {
      const winners = legacyWinners(row.id, row.state);
      if (winners) put.run(Buffer.from(convert(row.id, row.entity, winners)), row.rowid);
    }
  }
  db.exec('DELETE FROM sync_outbox');
  db.exec(`INSERT INTO sync_outbox (record_id, entity, update_data, created_at) SELECT id, entity, x'', updated_at FROM record_docs`);
}

/** The winning entry of each field of a schema-1 document, or null if it is not one. */
function legacyWinners(id: string, state: Uint8Array): Map<string, LegacyEntry> | null {
  const old = new Y.Doc({ guid: id });
  try {
    Y.applyUpdate(old, state);
    if (old.getMap(META).has('e')) return null;
    const winners = new Map<string, LegacyEntry>();
    old.getMap('fields').forEach((value, key) => {
      const at = key.lastIndexOf('@');
      const e = value as LegacyEntry;
      if (at <= 0 || !e || typeof e.h !== 'string') return;
      const field = key.slice(0, at);
      const best = winners.get(field);
      if (!best || e.h > best.h) winners.set(field, e);
    });
    return winners;
  } finally {
    old.destroy();
  }
}

function convert(id: string, entity: string, winners: Map<string, LegacyEntry>): Uint8Array {
  const stamps = [...winners.values()].map((e) => legacyStamp(e.h)).filter((s) => s > 0);
  const createdMs = Date.parse(String(winners.get('created_at')?.v ?? '')) || Math.floor(Math.min(...stamps, Date.now() * 1000) / 1000);
  const values = Object.fromEntries([...winners].map(([field, e]) => [field, { value: e.v, stamp: legacyStamp(e.h) }]));
  return buildDocState(id, entity, values, createdMs, typeof winners.get('created_by')?.v === 'string' ? (winners.get('created_by')!.v as string) : null);
}
