/**
 * The team-wide compaction to schema 3 (README, "The record document"), its two heavy parts:
 *   npm run bench:epoch -- [--records N] [--data-dir DIR]
 * 1. the relay rewriting its per-record logs (PGlite, one transaction per record, as the
 *    relay does), records/s and mean bytes per record before and after;
 * 2. an install swapping the rewritten documents in (records' epoch-swap.ts, batches of 200
 *    in one transaction each, as the re-bootstrap does), records/s.
 * The records are leads made by a schema-2 install: created, then edited twice each for half
 * of them. The bootstrap over the network is not in these figures (the existing bootstrap's
 * rate applies). DIR (default: a temp dir) gets scratch stores, removed at the end. Other
 * processes on the machine make the times upper bounds: the load average is printed.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { openDatabase } from '../src/main/db/open-database';
import { runMigrations } from '../src/main/db/migrate';
import { MIGRATIONS } from '../src/main/db/migrations';
import { RecordsEngine } from '../src/main/engines/records';
import { systemClock } from '../src/main/core/clock';
import { DOC_SCHEMA_V2 } from '../src/shared/record-doc/doc-format';
import type { UpdateEnvelope } from '../src/shared/sync/sync-protocol';
import { drainOutbox } from '../tests/helpers/outbox-envelopes';
import { openPgliteRelayStore } from '../sync-server/src/store/relay-store';
import { createAccessTokens } from '../sync-server/src/identity/access-tokens';
import { createIdentityService } from '../sync-server/src/identity/identity-service';

const BUDGET_BYTES = 600;

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { records: { type: 'string' }, 'data-dir': { type: 'string' } } });
  const count = Number(values.records ?? '10000');
  const root = mkdtempSync(join(values['data-dir'] ?? tmpdir(), 'bench-epoch-'));
  try {
    const db = openDatabase(join(root, 'install.sqlite'));
    runMigrations(db, MIGRATIONS);
    const records = new RecordsEngine({ db, clock: systemClock });
    records.docVersion = DOC_SCHEMA_V2;
    const ctx = { actor: null, origin: 'api' as const };
    const ids: string[] = [];
    for (let start = 0; start < count; start += 500) {
      records.transaction(() => {
        for (let i = start; i < Math.min(count, start + 500); i++)
          ids.push(String(records.create('lead', { email: `e${i}@bench.test`, first_name: `Lead ${i}`, status: 'new', tags: ['vip'] }, ctx).id));
      });
    }
    const envelopes: UpdateEnvelope[] = [];
    const drain = (writer: string) => drainOutbox(records, writer, DOC_SCHEMA_V2, envelopes);

    const store = await openPgliteRelayStore(join(root, 'relay'));
    const tokens = createAccessTokens(new TextEncoder().encode('bench-key-not-secret-0123456789abcdef'));
    const identity = createIdentityService({ store: store.identity, tokens, now: () => new Date(), onMemberRemoved: () => {} });
    const team = await identity.createTeam({ team_name: 'Bench', email: 'bench@bench.test', password: 'bench-password-1', device_id: 'bench-1' });
    drain(team.account_id);
    for (let round = 0; round < 2; round++) {
      for (let start = 0; start < ids.length / 2; start += 500) {
        records.transaction(() => {
          for (const id of ids.slice(start, Math.min(start + 500, ids.length / 2)))
            records.update('lead', id, { first_name: `Edited ${round}`, lead_score: round + 1 }, ctx);
        });
      }
      drain(team.account_id);
    }
    for (let i = 0; i < envelopes.length; i += 500) await store.updates.append(team.team_id, 'bench-1', envelopes.slice(i, i + 500));
    console.log(`bench-epoch: ${count} leads, ${envelopes.length} relay rows; load ${loadText()}`);

    // 1. The relay's rewrite.
    const begun = await store.epochs.begin(team.team_id, new Date().toISOString());
    let t = performance.now();
    const totals = { records: 0, rewritten: 0, kept: 0, before: 0, after: 0 };
    for (let after: string | null = ''; after !== null;) {
      const page = await store.epochs.rewritePage(team.team_id, begun!.epoch, after, 200);
      if (!page) continue; // the history compactor's lock (not with PGlite)
      totals.records += page.records;
      totals.rewritten += page.rewritten;
      totals.kept += page.kept;
      totals.before += page.bytesBefore;
      totals.after += page.bytesAfter;
      after = page.after;
    }
    let seconds = (performance.now() - t) / 1000;
    console.log(
      `relay rewrite: ${totals.rewritten} rewritten, ${totals.kept} kept, of ${totals.records} in ${seconds.toFixed(1)} s: ${(totals.records / seconds).toFixed(0)} records/s`,
    );
    const mean = totals.after / Math.max(1, totals.records);
    console.log(
      `  per record log: ${(totals.before / Math.max(1, totals.records)).toFixed(0)} B -> ${mean.toFixed(0)} B (budget ${BUDGET_BYTES} B: ${mean <= BUDGET_BYTES ? 'ok' : 'OVER'}); load ${loadText()}`,
    );

    // 2. The install's swap of the rewritten documents (what the re-bootstrap staged).
    const staged: { record_id: string; update: Uint8Array }[] = [];
    for (let cursor = null as Parameters<typeof store.updates.bootstrapPage>[1], done = false; !done;) {
      const page = await store.updates.bootstrapPage(team.team_id, cursor, 900 * 1024);
      staged.push(...page.records);
      cursor = page.cursor;
      done = page.done;
    }
    t = performance.now();
    let swapped = 0;
    for (let i = 0; i < staged.length; i += 200) swapped += records.epochSwap.swap(staged.slice(i, i + 200)).swapped;
    seconds = (performance.now() - t) / 1000;
    const docBytes = (db.prepare("SELECT avg(length(state)) AS n FROM record_docs WHERE entity = 'lead'").get() as { n: number }).n;
    console.log(
      `install swap: ${swapped} of ${staged.length} documents in ${seconds.toFixed(1)} s: ${(staged.length / seconds).toFixed(0)} records/s; mean lead document now ${docBytes.toFixed(0)} B; load ${loadText()}`,
    );
    records.close();
    db.close();
    await store.close();
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

function loadText(): string {
  return loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
}

void main();
