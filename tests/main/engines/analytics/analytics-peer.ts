import type { Db } from '../../../../src/main/db/open-database';
import { RecordsEngine } from '../../../../src/main/engines/records';
import { ListQueryEngine } from '../../../../src/main/engines/query';
import { AnalyticsEngine } from '../../../../src/main/engines/analytics';
import { ManualClock } from '../../../helpers/manual-clock';
import { tempStore } from '../../../helpers/temp-store';
import { RelayLog } from '../../../helpers/relay-log';

/**
 * One install for the analytics index tests: a records engine and the analytics engine on a
 * real SQLite file, with a clock the test moves. Each test compares an in-memory index with
 * the direct SQL on such peers.
 */
export interface Peer {
  db: Db;
  clock: ManualClock;
  records: RecordsEngine;
  analytics: AnalyticsEngine;
}

export const DAY = 86_400_000;

export function peer(startIso = '2025-01-02T10:00:00Z'): Peer {
  const { db } = tempStore();
  const clock = new ManualClock(Date.parse(startIso));
  const records = new RecordsEngine({ db, clock });
  const analytics = new AnalyticsEngine({ db, clock, records, query: new ListQueryEngine(db) });
  return { db, clock, records, analytics };
}

export const ctx = (actor: string) => ({ actor, origin: 'api' as const });

/**
 * Two installs that both know users u1 and u2, and the relay log between them: B's users
 * already pushed, so the test's writes on A are the first thing the relay carries.
 */
export function twoPeers(): { a: Peer; b: Peer; relay: RelayLog } {
  const a = peer();
  const b = peer();
  const relay = new RelayLog();
  for (const p of [a, b])
    for (const id of ['u1', 'u2']) p.records.create('user', { username: id, email: `${id}@example.com` }, { actor: null, origin: 'system' }, id);
  relay.push(b.records);
  return { a, b, relay };
}
