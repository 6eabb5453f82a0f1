import { describe, expect, it } from 'vitest';
import { startHeadless } from '../../../helpers/headless-process';
import { tempDir } from '../../../helpers/temp-store';
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { BATCH_SIZE } from '../../../../src/main/engines/data-transfer/import-runner';

const ROWS = 40_000;

function contactsCsv(): string {
  const lines = ['email,first_name,last_name,company,tags'];
  for (let i = 0; i < ROWS; i++) lines.push(`k${i}@kill.test,First${i},Last${i},Killco,"t${i % 5}, killed"`);
  return lines.join('\n');
}

describe('an import killed midway (kill -9)', () => {
  it('leaves whole batches only, each known to the import, and its undo removes exactly them', async () => {
    const dataDir = tempDir();
    const first = await startHeadless(dataDir);
    let importId = '';
    try {
      expect((await first.call('POST', '/api/v1/companies/', { name: 'Killco' })).status).toBe(201);
      const started = await first.call('POST', '/api/v1/imports/', { model: 'contact', csv: contactsCsv() });
      expect(started.status).toBe(202);
      importId = started.body.id;
      // Killed once a few batches have committed and before the last one.
      for (;;) {
        const now = await first.call('GET', `/api/v1/imports/${importId}/`);
        expect(now.body.status).toBe('running');
        if (now.body.processed >= 3 * BATCH_SIZE) break;
        await new Promise((r) => setTimeout(r, 10));
      }
    } finally {
      first.kill();
      await first.exited;
    }

    const second = await startHeadless(dataDir);
    const db = new Database(join(dataDir, 'crm.sqlite'), { readonly: true });
    try {
      const count = (sql: string, ...args: unknown[]) =>
        db
          .prepare(sql)
          .pluck()
          .get(...args) as number;
      const after = await second.call('GET', `/api/v1/imports/${importId}/`);
      expect(after.body).toMatchObject({ status: 'failed' });
      const created = count("SELECT count(*) FROM contacts WHERE email LIKE '%@kill.test'");
      expect(created).toBeGreaterThanOrEqual(3 * BATCH_SIZE);
      expect(created).toBeLessThan(ROWS);
      // Whole batches: the progress, the import's own list, the rows and their parts agree.
      expect(created % BATCH_SIZE).toBe(0);
      expect(after.body.created).toBe(created);
      expect(count("SELECT count(*) FROM import_records WHERE import_id = ? AND action = 'create'", importId)).toBe(created);
      expect(count('SELECT count(*) FROM import_records r JOIN contacts c ON c.id = r.record_id WHERE r.import_id = ?', importId)).toBe(created);
      expect(count("SELECT count(*) FROM record_docs d JOIN contacts c ON c.id = d.id WHERE c.email LIKE '%@kill.test'")).toBe(created);
      expect(count("SELECT count(*) FROM sync_outbox o JOIN contacts c ON c.id = o.record_id WHERE c.email LIKE '%@kill.test'")).toBe(created);
      expect(count("SELECT count(*) FROM record_tags WHERE tag = 'killed'")).toBe(created);
      expect(count("SELECT count(*) FROM contacts_fts WHERE contacts_fts MATCH 'killed'")).toBe(created);
      expect(count("SELECT count(*) FROM audit_entries WHERE origin = 'import' AND action = 'create' AND model = 'contact'")).toBe(created / BATCH_SIZE);

      const undone = await second.call('POST', `/api/v1/imports/${importId}/undo/`);
      expect(undone.status).toBe(200);
      expect((await second.call('GET', '/api/v1/contacts/?email__endswith=@kill.test')).body.count).toBe(0);
      expect((await second.call('GET', '/api/v1/contacts/?email__endswith=@kill.test&deleted_at__isnull=false')).body.count).toBe(created);
      expect(count("SELECT count(*) FROM contacts_fts WHERE contacts_fts MATCH 'killed'")).toBe(0);
    } finally {
      db.close();
      second.kill();
      await second.exited;
    }
  }, 240_000);
});
