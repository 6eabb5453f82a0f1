import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { onTestFinished } from 'vitest';
import { openDatabase, type Db } from '../../src/main/db/open-database';

/** A real SQLite file in a fresh temp dir, closed and removed when the calling test finishes. */
export function tempStore(): { db: Db; dir: string; file: string } {
  const dir = mkdtempSync(join(tmpdir(), 'crm-test-'));
  const file = join(dir, 'crm.sqlite');
  const db = openDatabase(file);
  onTestFinished(() => {
    if (db.open) db.close();
    rmSync(dir, { recursive: true, force: true });
  });
  return { db, dir, file };
}

/** A temp dir removed after the test. */
export function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'crm-test-'));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}
