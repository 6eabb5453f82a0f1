import type { Migration } from '../migrate';
import { sql as baseRecords } from './0001-base-records';
import { sql as syncAndAuth } from './0002-sync-and-auth';

/** Append only. Synced tables only grow: tests/main/db/schema-snapshot.test.ts enforces it. */
export const MIGRATIONS: readonly Migration[] = [
  { version: 1, name: 'base-records', sql: baseRecords },
  { version: 2, name: 'sync-and-auth', sql: syncAndAuth },
];
