import type { Db } from '../../db/open-database';
import { ENTITIES } from '../../../shared/entities/entities';
import type { EntityDef } from '../../../shared/entities/field-def';
import { mayBeSchema2, rewriteDocAsSchema3 } from '../../../shared/record-doc/schema3-rewrite';
import { loadDoc } from './record-doc';
import { readsTheSame } from './rewrite-check';
import { NEVER_SHARED, RewriteEligibility } from './rewrite-eligibility';

/**
 * Rewrites an existing store's schema-2 record documents as schema 3 (schema3-rewrite.ts), in
 * the background, in small batches, where no other copy of their history can exist.
 *
 * When it is safe. A rewritten history merged with a copy of the old one gives every field two
 * live entries, so the rewrite runs only in a store whose documents never left it and never
 * came from elsewhere (rewrite-eligibility.ts): never in a team (no team connection, cursor,
 * bootstrap or removal noted, no first connection recorded), no document a relay acknowledged
 * or sent (`relay_sv`, checked over the whole store before the first rewrite), no remote update
 * parked or refused. That is every seeded or single-user store. It stops for good the moment
 * the store joins a team: the team check runs in each batch's transaction, and the push of the
 * outbox starts only after the connection is saved, so what reaches the relay is either all
 * old or all new history per record. A store that ever synced keeps its schema-2 documents (the
 * team-wide step is in the README, "Record documents: schema 2 to 3").
 *
 * What changes per record: its document (same live entries, same stamps and writers, fewer
 * bytes) and its outbox, kept as one row (the outbox computes what to send from the document,
 * so the one row now sends the new history). What does not: the projected row and search
 * entry, tags, conflicts, stage history, role-restricted (scoped) documents, the audit trail.
 * A record whose new document would read differently in any way (rewrite-check.ts) keeps its
 * old one, and is counted as kept.
 *
 * Resumable: progress (the last rowid done, counts) is saved in each batch's transaction, so a
 * kill -9 loses at most the batch in flight, which is done again. Start-up is never held: the
 * first batch runs after `startDelayMs`, and batches yield to the event loop between them.
 */
export interface DocRewriteProgress {
  state: 'pending' | 'checking' | 'rewriting' | 'done' | 'refused';
  /** Why the store's documents stay schema 2 (state `refused`). */
  reason: string | null;
  /** Documents in the store when the rewrite started, and documents gone through since. */
  total: number;
  done: number;
  rewritten: number;
  /** Schema-2 documents left as they are: a rewrite would not read the same. */
  kept: number;
  bytes_before: number;
  bytes_after: number;
  /** Rowid reached by the current phase. */
  after: number;
  started_at: string | null;
  finished_at: string | null;
}

export interface DocRewriteDeps {
  db: Db;
  /** The write path's transaction (records.transaction). */
  transaction: <T>(fn: () => T) => T;
  /** Outbox rows were removed: the outbox counts again. */
  outboxChanged: () => void;
  now: () => Date;
  /** Wait before the first batch (default 5 s): a start never competes with it. */
  startDelayMs?: number;
  /** Time one batch may take before it commits and yields (default 40 ms). */
  batchMs?: number;
  /** Rows one check step reads (default 50,000). */
  checkRows?: number;
}

const KEY = 'records.schema3_rewrite';
const KEPT = Symbol('kept');
const RECORD_ENTITIES = new Map(ENTITIES.map((e) => [e.name, e]));
const yieldTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

export class DocRewrite {
  private readonly sql;
  private readonly eligibility: RewriteEligibility;
  private stopped = false;
  private running: Promise<void> | null = null;

  constructor(private readonly deps: DocRewriteDeps) {
    const db = deps.db;
    this.eligibility = new RewriteEligibility(db);
    this.sql = {
      get: db.prepare('SELECT value FROM settings WHERE key = ?').pluck(),
      put: db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value'),
      total: db.prepare('SELECT count(*) FROM record_docs').pluck(),
      relayTouched: db.prepare('SELECT rowid FROM record_docs WHERE rowid > ? AND rowid <= ? AND relay_sv IS NOT NULL LIMIT 1').pluck(),
      maxRowid: db.prepare('SELECT coalesce(max(rowid), 0) FROM record_docs').pluck(),
      next: db.prepare('SELECT rowid, id, entity, state, relay_sv FROM record_docs WHERE rowid > ? ORDER BY rowid LIMIT ?'),
      putState: db.prepare('UPDATE record_docs SET state = ? WHERE rowid = ?'),
      oneOutboxRow: db.prepare('DELETE FROM sync_outbox WHERE record_id = ? AND seq > (SELECT min(seq) FROM sync_outbox WHERE record_id = ?)'),
    };
  }

  progress(): DocRewriteProgress {
    const raw = this.sql.get.get(KEY) as string | undefined;
    const saved = raw ? (JSON.parse(raw) as DocRewriteProgress) : null;
    return (
      saved ?? {
        state: 'pending',
        reason: null,
        total: 0,
        done: 0,
        rewritten: 0,
        kept: 0,
        bytes_before: 0,
        bytes_after: 0,
        after: 0,
        started_at: null,
        finished_at: null,
      }
    );
  }

  /** Runs (or resumes) the rewrite to its end now; one run at a time. */
  run(): Promise<void> {
    this.running ??= this.runAll().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  /** The job runner's entry: the same, after `startDelayMs` (start-up first). */
  async runLater(): Promise<void> {
    const state = this.progress().state;
    if (state === 'done' || state === 'refused') return;
    await new Promise((resolve) => setTimeout(resolve, this.deps.startDelayMs ?? 5000).unref?.());
    if (this.live) await this.run();
  }

  /** The store is closing: the batch in progress is the last. */
  stop(): void {
    this.stopped = true;
  }

  private get live(): boolean {
    return !this.stopped && this.deps.db.open;
  }

  private async runAll(): Promise<void> {
    while (this.live) {
      const p = this.progress();
      if (p.state === 'done' || p.state === 'refused') return;
      this.deps.transaction(() => this.step(p));
      await yieldTurn();
    }
  }

  /** One batch of the current phase, in one transaction with its progress. */
  private step(p: DocRewriteProgress): void {
    const shared = this.eligibility.historyShared();
    if (shared !== NEVER_SHARED) return this.finish(p, 'refused', shared);
    if (p.state === 'pending') {
      const total = this.sql.total.get() as number;
      return this.save({ ...p, state: 'checking', total, after: 0, started_at: this.deps.now().toISOString() });
    }
    if (p.state === 'checking') return this.check(p);
    this.rewrite(p);
  }

  /** Before the first rewrite: no document of the store ever went to or came from a relay. */
  private check(p: DocRewriteProgress): void {
    const upto = p.after + (this.deps.checkRows ?? 50_000);
    const touched = this.sql.relayTouched.get(p.after, upto) as number | undefined;
    if (touched !== undefined) return this.finish(p, 'refused', 'A record of this store was acknowledged by or received from a team relay.');
    if (upto >= (this.sql.maxRowid.get() as number)) return this.save({ ...p, state: 'rewriting', after: 0 });
    this.save({ ...p, after: upto });
  }

  private rewrite(p: DocRewriteProgress): void {
    const until = performance.now() + (this.deps.batchMs ?? 40);
    const next = { ...p };
    let outboxChanged = false;
    while (performance.now() < until) {
      const rows = this.sql.next.all(next.after, 64) as { rowid: number; id: string; entity: string; state: Buffer; relay_sv: Buffer | null }[];
      if (rows.length === 0) return this.finish(next, 'done', null);
      for (const row of rows) {
        next.after = row.rowid;
        next.done++;
        const entity = RECORD_ENTITIES.get(row.entity);
        if (!entity || row.relay_sv !== null) continue;
        const rewritten = this.rewriteOne(entity, row.id, row.state);
        if (rewritten === null) continue;
        if (rewritten === KEPT) {
          next.kept++;
          continue;
        }
        this.sql.putState.run(Buffer.from(rewritten), row.rowid);
        if (this.sql.oneOutboxRow.run(row.id, row.id).changes > 0) outboxChanged = true;
        next.rewritten++;
        next.bytes_before += row.state.byteLength;
        next.bytes_after += rewritten.byteLength;
      }
    }
    this.save(next);
    if (outboxChanged) this.deps.outboxChanged();
  }

  /** The new state, KEPT when it would read differently, null when the document is no schema-2 record document. */
  private rewriteOne(entity: EntityDef, id: string, state: Uint8Array): Uint8Array | typeof KEPT | null {
    if (!mayBeSchema2(state)) return null;
    const doc = loadDoc(id, state);
    try {
      const rewritten = rewriteDocAsSchema3(doc);
      if (!rewritten) return null;
      return readsTheSame(entity, id, doc, rewritten) ? rewritten : KEPT;
    } finally {
      doc.destroy();
    }
  }

  private finish(p: DocRewriteProgress, state: 'done' | 'refused', reason: string | null): void {
    this.save({ ...p, state, reason, finished_at: this.deps.now().toISOString() });
  }

  private save(p: DocRewriteProgress): void {
    this.sql.put.run(KEY, JSON.stringify(p));
  }
}
