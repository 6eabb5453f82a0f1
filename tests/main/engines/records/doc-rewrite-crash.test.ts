import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { createEngine } from '../../../../src/main/app/create-engine';
import { documentReading } from '../../../../src/main/engines/records/rewrite-check';
import { documentKind } from '../../../../src/shared/entities/shared-kinds';
import { DOC_SCHEMA_V2 } from '../../../../src/shared/record-doc/doc-format';
import { spawnHeadless, type HeadlessProcess } from '../../../helpers/headless-process';
import { ManualClock } from '../../../helpers/manual-clock';
import { tempDir } from '../../../helpers/temp-store';

/**
 * kill -9 of the headless entry in the middle of the background rewrite of schema-2 record
 * documents, then a restart: the rewrite resumes from the batch it had committed and finishes,
 * every record reads as before, and progress and documents never disagree.
 */
const OWNER = { email: 'owner@crash.test', password: 'owner-password-1' };
const RECORDS = 12_000;

let server: HeadlessProcess | null = null;

afterEach(async () => {
  await server?.crash();
  server = null;
});

/** A store of schema-2 records as an install before schema 3 made them (imported in bulk). */
function schema2Store(dir: string): void {
  const clock = new ManualClock();
  const engine = createEngine({ dataDir: dir, clock, docRewriteDelayMs: 3_600_000, reminderIntervalMs: 3_600_000 });
  engine.records.docVersion = DOC_SCHEMA_V2;
  const ctx = { actor: null, origin: 'import' as const };
  engine.records.inBulk(ctx, () => {
    const company = String(engine.records.create('company', { name: 'Crash Co' }, ctx).id);
    for (let n = 0; n < RECORDS; n++) {
      // One record per millisecond: a stamp's time is its record's updated_at (1,000 stamps in one ms would move on a ms).
      clock.advance(1);
      engine.records.create('contact', { first_name: `C${n}`, last_name: 'Crash', email: `c${n}@crash.test`, company, tags: n % 7 ? [] : ['seven'] }, ctx);
    }
  });
  engine.close();
}

type Snapshot = { readings: Map<string, string>; rows: unknown[]; outbox: unknown[]; progress: { state: string; rewritten: number; kept: number } | null };

function snapshot(dir: string): Snapshot {
  const db = new Database(join(dir, 'crm.sqlite'), { readonly: true });
  try {
    const docs = db.prepare("SELECT id, entity, state FROM record_docs WHERE entity IN ('company', 'contact')").all() as {
      id: string;
      entity: string;
      state: Buffer;
    }[];
    const raw = db.prepare("SELECT value FROM settings WHERE key = 'records.schema3_rewrite'").pluck().get() as string | undefined;
    return {
      readings: new Map(docs.map((d) => [d.id, documentReading(documentKind(d.entity)!, d.id, d.state)])),
      rows: db.prepare('SELECT * FROM contacts ORDER BY id').all(),
      outbox: db.prepare("SELECT record_id, count(*) AS n FROM sync_outbox WHERE entity IN ('company', 'contact') GROUP BY record_id ORDER BY record_id").all(),
      progress: raw ? JSON.parse(raw) : null,
    };
  } finally {
    db.close();
  }
}

/** Documents of the store still in schema 2 (the item m.v = 2 in their bytes). */
function schema2Count(dir: string): number {
  const db = new Database(join(dir, 'crm.sqlite'), { readonly: true });
  try {
    return db
      .prepare("SELECT count(*) FROM record_docs WHERE entity IN ('company', 'contact') AND instr(state, x'2801016d0176017d02') > 0")
      .pluck()
      .get() as number;
  } finally {
    db.close();
  }
}

async function rewriteProgress(url: string, token: string): Promise<{ state: string; rewritten: number; total: number }> {
  const res = await fetch(`${url}/api/v1/system/status/`, { headers: { authorization: `Bearer ${token}` } });
  return ((await res.json()) as { doc_rewrite: { state: string; rewritten: number; total: number } }).doc_rewrite;
}

async function signIn(url: string): Promise<string> {
  const res = await fetch(`${url}/api/v1/auth/token/`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: OWNER.email, password: OWNER.password }),
  });
  return ((await res.json()) as { access: string }).access;
}

describe('the record document rewrite after kill -9', () => {
  it('resumes where it stopped and finishes with nothing lost', async () => {
    const dir = tempDir();
    schema2Store(dir);
    const before = snapshot(dir);
    expect(schema2Count(dir)).toBe(RECORDS + 1);
    const env = { CRM_ADMIN_EMAIL: OWNER.email, CRM_ADMIN_PASSWORD: OWNER.password };

    server = await spawnHeadless(dir, env);
    let token = await signIn(server.url);
    // The API answers while the rewrite runs; stop it hard once some but not all are done.
    for (;;) {
      const p = await rewriteProgress(server.url, token);
      if (p.state === 'rewriting' && p.rewritten > 0) break;
      expect(p.state).not.toBe('done');
      await new Promise((r) => setTimeout(r, 20));
    }
    await server.crash();
    server = null;

    const midway = snapshot(dir);
    expect(midway.progress?.state).toBe('rewriting');
    expect(midway.progress!.rewritten).toBeGreaterThan(0);
    expect(midway.progress!.rewritten).toBeLessThan(RECORDS + 1);
    // What the progress says is done is exactly what the documents show: both are in each batch's commit.
    expect(schema2Count(dir)).toBe(RECORDS + 1 - midway.progress!.rewritten);
    expect(midway.readings).toEqual(before.readings);

    server = await spawnHeadless(dir, env);
    token = await signIn(server.url);
    for (;;) {
      const p = await rewriteProgress(server.url, token);
      if (p.state === 'done') break;
      await new Promise((r) => setTimeout(r, 100));
    }
    await server.stop();
    server = null;

    const after = snapshot(dir);
    expect(after.progress).toMatchObject({ state: 'done', rewritten: RECORDS + 1, kept: 0 });
    expect(schema2Count(dir)).toBe(0);
    expect(after.readings).toEqual(before.readings);
    expect(after.rows).toEqual(before.rows);
    expect(after.outbox).toEqual(before.outbox);
  }, 180_000);
});
