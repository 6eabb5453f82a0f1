import { createSqlIdentityStore, type IdentityStore } from './identity-store';
import { createSqlEpochStore, type EpochStore } from './epoch-store';
import { createSqlInboxStore, type InboxStore } from './inbox-store';
import { migrate } from './schema';
import { createSqlTrackingStore, type TrackingStore } from './tracking-store';
import { openPgliteDriver, type SqlDriver } from './sql-driver';
import { createSqlUpdateStore, type UpdateStore } from './update-store';

export interface RelayStore {
  updates: UpdateStore;
  identity: IdentityStore;
  inbox: InboxStore;
  tracking: TrackingStore;
  epochs: EpochStore;
  /** Bytes on disk of the relay's database, for /metrics. */
  sizeBytes(): Promise<number>;
  close(): Promise<void>;
}

export async function openRelayStore(driver: SqlDriver, opts: { notifyChannel?: string } = {}): Promise<RelayStore> {
  await migrate((sql) => driver.exec(sql));
  return {
    updates: createSqlUpdateStore(driver, opts),
    identity: createSqlIdentityStore(driver),
    inbox: createSqlInboxStore(driver),
    tracking: createSqlTrackingStore(driver),
    epochs: createSqlEpochStore(driver),
    async sizeBytes() {
      const [row] = await driver.query<{ s: number }>('SELECT pg_database_size(current_database())::int8 AS s');
      return Number(row?.s ?? 0);
    },
    close: () => driver.close(),
  };
}

export async function openPgliteRelayStore(dataDir: string): Promise<RelayStore> {
  return openRelayStore(await openPgliteDriver(dataDir));
}
