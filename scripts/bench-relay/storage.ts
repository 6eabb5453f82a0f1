import { openRelayStore } from '../../sync-server/src/store/relay-store';
import type { SqlDriver } from '../../sync-server/src/store/sql-driver';
import { DEFAULT_COMPACTOR } from '../../sync-server/src/core/compactor';
import { BenchRecord, envelope } from './load-clients';

export interface StorageFigures {
  updates: number;
  records: number;
  before: { rows: number; rowBytes: number; diskBytes: number };
  after: { rows: number; rowBytes: number; diskBytes: number };
  appendSeconds: number;
  compactSeconds: number;
}

async function measure(db: SqlDriver, teamId: string) {
  const [r] = await db.query<{ rows: number; bytes: number }>(
    'SELECT count(*)::int8 AS rows, coalesce(sum(pg_column_size(u.*)), 0)::int8 AS bytes FROM updates u WHERE team_id = $1',
    [teamId],
  );
  // The table with its TOAST and indexes, after VACUUM FULL gave back what deleted rows held.
  await db.exec('VACUUM FULL updates');
  const [d] = await db.query<{ disk: number }>("SELECT pg_total_relation_size('updates')::int8 AS disk");
  return { rows: Number(r.rows), rowBytes: Number(r.bytes), diskBytes: Number(d.disk) };
}

/**
 * `updates` updates over `records` leads (each edited updates/records times, as a team does
 * all day) appended straight into an empty store, then compacted with the relay's default
 * policy: rows and bytes before and after.
 */
export async function measureStorage(driver: SqlDriver, updates: number, records: number): Promise<StorageFigures> {
  const store = await openRelayStore(driver);
  await store.identity.createAccount({ id: 'bench-acc', email: 'storage@bench.test', password_hash: 'x', display_name: 'Bench' });
  await store.identity.createTeam('bench-storage', 'Storage', 'bench-acc');
  const recs = Array.from({ length: records }, (_, i) => new BenchRecord(`s-${i}`));
  const t0 = performance.now();
  let seq = 0;
  for (let done = 0; done < updates; done += 500) {
    const batch = [];
    for (let k = done; k < Math.min(updates, done + 500); k++) batch.push(envelope(recs[k % records], 'bench-acc', ++seq));
    await store.updates.append('bench-storage', 'bench-dev', batch);
  }
  const appendSeconds = (performance.now() - t0) / 1000;
  const before = await measure(driver, 'bench-storage');
  const c0 = performance.now();
  const { minRows, maxMergedBytes } = DEFAULT_COMPACTOR;
  while ((await store.updates.compact(minRows, 1000, maxMergedBytes)) > 0);
  const compactSeconds = (performance.now() - c0) / 1000;
  const after = await measure(driver, 'bench-storage');
  await store.close();
  return { updates, records, before, after, appendSeconds, compactSeconds };
}
