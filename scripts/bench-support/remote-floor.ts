/**
 * The SQLite floor of remote apply: the statements a batch of remote updates cannot do
 * without, on the same store, 500 updates a transaction, with the store's own settings and
 * nothing else (no Yjs, no checks, no projection in JS, no hooks). The same mix as
 * `bench:bulk --only remote`: edits of existing contacts (read the document, write it back
 * with what the relay has, read the stored row, update the changed columns, replace the
 * search entry, add a tag, one audit entry and two field-history rows) and new leads (the
 * document, the row, its search entry and tag, its first stage, one audit entry). What an
 * apply costs above this is the engine's; below it no change to the engine reaches.
 * The edited contacts are the 25,000 after the first 50,000 (the remote bench edits the
 * first ones); they keep the floor's edit, the new rows are deleted afterwards (not timed).
 */
import type { Db } from '../../src/main/db/open-database';
import { newId } from '../../src/main/core/ids';
import { contactEntity, leadEntity } from '../../src/shared/entities/entities';
import { allFields, type EntityDef } from '../../src/shared/entities/field-def';

const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

const searchableOf = (e: EntityDef) => [...Object.keys(e.fields).filter((k) => e.fields[k].searchable), 'tags', 'custom_text'];

export function remoteFloor(db: Db, updates: number): string {
  const leadFields = allFields(leadEntity);
  const leadColumns = [...Object.keys(leadFields).filter((c) => !leadFields[c].local), 'custom_fields', 'version'];
  const contactSearch = searchableOf(contactEntity);
  const leadSearch = searchableOf(leadEntity);
  const params = (n: number) => Array.from({ length: n }, () => '?').join(', ');
  const sql = {
    getDoc: db.prepare('SELECT entity, state, relay_sv FROM record_docs WHERE id = ?'),
    putDoc: db.prepare('UPDATE record_docs SET state = ?, updated_at = ?, relay_sv = ? WHERE id = ?'),
    storedRow: db.prepare(`SELECT rowid, * FROM contacts WHERE id = ?`),
    updateRow: db.prepare('UPDATE contacts SET updated_at = ?, tags = ?, job_title = ?, version = ? WHERE id = ?'),
    deleteFts: db.prepare('DELETE FROM contacts_fts WHERE rowid = ?'),
    contactFts: db.prepare(`INSERT INTO contacts_fts (rowid, ${contactSearch.join(', ')}) VALUES (?, ${params(contactSearch.length)})`),
    tag: db.prepare('INSERT OR IGNORE INTO record_tags (entity, tag, record_id) VALUES (?, ?, ?)'),
    audit: db.prepare(
      `INSERT INTO audit_entries (id, at, actor, actor_name, actor_email, action, model, object_id, object_repr, description, changes, old_values, new_values, origin)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'remote')`,
    ),
    field: db.prepare(
      'INSERT INTO field_history (id, audit_id, at, actor, model, object_id, field_name, old_value, new_value) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
    ),
    newDoc: db.prepare("INSERT INTO record_docs (id, entity, state, updated_at, relay_sv) VALUES (?, 'lead', ?, ?, ?)"),
    newRow: db.prepare(`INSERT INTO leads (${leadColumns.join(', ')}) VALUES (${params(leadColumns.length)})`),
    leadFts: db.prepare(`INSERT INTO leads_fts (rowid, ${leadSearch.join(', ')}) VALUES (?, ${params(leadSearch.length)})`),
    stage: db.prepare('INSERT INTO stage_transitions (key, record_id, entity, from_stage, to_stage, at, actor, close_date) VALUES (?, ?, ?, ?, ?, ?, ?, ?)'),
  };
  const edits = Math.floor(updates / 2);
  const ids = db.prepare('SELECT id FROM contacts WHERE deleted_at IS NULL ORDER BY rowid LIMIT ? OFFSET 50000').pluck().all(edits) as string[];
  const admin = db.prepare("SELECT id FROM users WHERE role = 'admin' LIMIT 1").pluck().get() as string;
  // Documents and state vectors of the sizes a remote apply writes.
  const state = Buffer.alloc(650, 1);
  const sv = Buffer.alloc(12, 1);
  const run = `rfloor${Date.now().toString(36)}`;
  const created: string[] = [];
  const items = [...ids.map((id) => ({ id, edit: true })), ...Array.from({ length: updates - ids.length }, () => ({ id: newId(), edit: false }))];
  const t0 = performance.now();
  const c0 = cpuMs();
  for (let start = 0; start < items.length; start += 500) {
    db.transaction(() => {
      for (const { id, edit } of items.slice(start, start + 500)) {
        const at = new Date().toISOString();
        const auditId = newId();
        if (edit) {
          sql.getDoc.get(id);
          sql.putDoc.run(state, at, sv, id);
          const row = sql.storedRow.get(id) as { rowid: number } & Record<string, unknown>;
          sql.updateRow.run(at, '["remote"]', 'Remote edit', 1, id);
          sql.deleteFts.run(row.rowid);
          sql.contactFts.run(
            row.rowid,
            ...contactSearch.map((c) => (c === 'tags' ? 'remote' : c === 'job_title' ? 'Remote edit' : ((row[c] as string | null) ?? null))),
          );
          sql.tag.run('contact', 'remote', id);
          sql.audit.run(auditId, at, admin, 'Admin', null, 'update', 'contact', id, 'A contact', 'Updated job title, tags', '["job_title","tags"]', '{}', '{}');
          sql.field.run(newId(), auditId, at, admin, 'contact', id, 'job_title', '"Buyer"', '"Remote edit"');
          sql.field.run(newId(), auditId, at, admin, 'contact', id, 'tags', '[]', '["remote"]');
        } else {
          const email = `${run}${created.length}@floor.test`;
          const value: Record<string, unknown> = {
            id,
            email,
            first_name: 'Peer',
            last_name: 'Remote',
            status: 'new',
            created_at: at,
            updated_at: at,
            tags: '["peer"]',
            custom_fields: '{}',
            version: 1,
          };
          sql.newDoc.run(id, state, at, sv);
          const rowid = sql.newRow.run(...leadColumns.map((c) => value[c] ?? null)).lastInsertRowid;
          sql.leadFts.run(rowid, ...leadSearch.map((c) => (c === 'tags' ? 'peer' : ((value[c] as string | undefined) ?? null))));
          sql.tag.run('lead', 'peer', id);
          sql.stage.run(`${id}:0`, id, 'lead', null, 'new', at, admin, null);
          sql.audit.run(auditId, at, admin, 'Admin', null, 'create', 'lead', id, 'Peer Remote', 'Created lead', null, null, '{}');
          created.push(id);
        }
      }
    })();
  }
  const ms = performance.now() - t0;
  const cpu = cpuMs() - c0;
  db.transaction(() => {
    const list = JSON.stringify(created);
    db.prepare('DELETE FROM leads_fts WHERE rowid IN (SELECT rowid FROM leads WHERE id IN (SELECT value FROM json_each(?)))').run(list);
    for (const table of ['leads', 'record_docs']) db.prepare(`DELETE FROM ${table} WHERE id IN (SELECT value FROM json_each(?))`).run(list);
    db.prepare('DELETE FROM stage_transitions WHERE record_id IN (SELECT value FROM json_each(?))').run(list);
    db.prepare("DELETE FROM record_tags WHERE entity = 'lead' AND record_id IN (SELECT value FROM json_each(?))").run(list);
    db.prepare('DELETE FROM audit_entries WHERE object_id IN (SELECT value FROM json_each(?))').run(list);
  })();
  const per = (n: number, t: number) => Math.round(n / (t / 1000)).toLocaleString('en-US');
  return `SQLite floor of remote apply (${ids.length.toLocaleString('en-US')} edits + ${created.length.toLocaleString('en-US')} new leads, statements only, 500 a transaction): ${per(items.length, ms)}/s, ${per(items.length, cpu)} per CPU-second`;
}
