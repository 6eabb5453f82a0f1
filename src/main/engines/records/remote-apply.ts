import * as Y from 'yjs';
import type { Db } from '../../db/open-database';
import type { Clock } from '../../core/clock';
import { newId } from '../../core/ids';
import { documentKind } from '../../../shared/entities/shared-kinds';
import type { EntityDef } from '../../../shared/entities/field-def';
import { DOC_SCHEMA_VERSION, canonicalJson, docMeta, readEntries, winnersOf, writerUser, type Entry } from '../../../shared/record-doc/doc-format';
import { stampTime } from '../../../shared/record-doc/stamps';
import { inspectUpdate, isProblem } from '../../../shared/record-doc/validate-update';
import { readSelfContained, type RecordContent } from '../../../shared/record-doc/fresh-update';
import { HISTORY, readStageLog, type StageStep } from '../../../shared/record-doc/stage-log';
import { isScopedDocId } from '../../../shared/record-doc/scoped-doc';
import type { HybridLogicalClock } from './hlc';
import { loadDoc } from './record-doc';
import { valuesFromWinners } from './projection';
import { RemoteChecks, type Refusal } from './remote-checks';
import { SyncOutbox } from './sync-outbox';
import { relayHasAfter } from './remote-state-vector';
import type { ProjectDocument, RecordChange, WriteContext } from './record-change';

/**
 * What became of a remote update. `pending`: Yjs holds it until the updates it builds on
 * arrive (its state is stored, nothing is lost); `missing` is the state vector still needed.
 * `parked`: kept aside and tried again later (a stamp from a clock running ahead, a newer
 * schema). `refused`: kept aside with the reason; nothing of it was applied.
 */
export type RemoteResult =
  | { status: 'applied'; change: RecordChange | null }
  | { status: 'duplicate' }
  | { status: 'pending'; missing: Record<number, number> }
  | { status: 'parked' | 'refused'; reason: Refusal['reason']; detail: string };

export interface RemoteApplierDeps {
  db: Db;
  clock: Clock;
  hlc: HybridLogicalClock;
  outbox: SyncOutbox;
  transaction: <T>(fn: () => T) => T;
  project: ProjectDocument;
  /** True inside a bulk batch, which persists the clock once at its end. */
  inBulk: () => boolean;
}

/** Reasons that may pass later: a clock running ahead, a newer app, a field whose definition has not arrived yet, a member who just joined. */
const PARKED_REASONS = new Set(['future', 'newer_schema', 'undefined_custom_field', 'unknown_author']);

class Refused extends Error {
  constructor(readonly refusal: Refusal) {
    super(refusal.detail);
  }
}

export class RemoteApplier {
  readonly checks: RemoteChecks;
  private readonly sql;

  constructor(private readonly deps: RemoteApplierDeps) {
    const db = deps.db;
    this.checks = new RemoteChecks(db);
    this.sql = {
      getDoc: db.prepare('SELECT entity, state, relay_sv FROM record_docs WHERE id = ?'),
      putNew: db.prepare('INSERT INTO record_docs (id, entity, state, updated_at, relay_sv) VALUES (?, ?, ?, ?, ?)'),
      // The document and what the relay has of it, in one statement (the row was just read).
      putDoc: db.prepare('UPDATE record_docs SET entity = ?, state = ?, updated_at = ?, relay_sv = ? WHERE id = ?'),
      park: db.prepare('INSERT INTO sync_parked (id, record_id, update_data, status, reason, detail, received_at) VALUES (?, ?, ?, ?, ?, ?, ?)'),
      parked: db.prepare("SELECT id, record_id, update_data FROM sync_parked WHERE status = 'parked' ORDER BY received_at LIMIT 500"),
      unpark: db.prepare('DELETE FROM sync_parked WHERE id = ?'),
    };
  }

  /** Updates of role-restricted documents (`<recordId>::<scope>`) go to their own applier (scoped-docs.ts). */
  scopedApply: ((docId: string, update: Uint8Array, opts: { quiet?: boolean }) => RemoteResult) | null = null;

  apply(recordId: string, update: Uint8Array, opts: { quiet?: boolean }): RemoteResult {
    if (this.scopedApply && isScopedDocId(recordId)) return this.scopedApply(recordId, update, opts);
    const facts = inspectUpdate(update);
    if (isProblem(facts) || typeof recordId !== 'string' || recordId.length === 0 || recordId.length > 64) {
      const refusal: Refusal = isProblem(facts) ? facts : { reason: 'malformed', detail: 'A record id is 1 to 64 characters.' };
      return this.setAside(String(recordId).slice(0, 64), update, refusal);
    }
    try {
      return this.deps.transaction(() => this.applyChecked(recordId, update, facts.decoded, opts.quiet ?? false));
    } catch (error) {
      if (error instanceof Refused) return this.setAside(recordId, update, error.refusal);
      throw error;
    }
  }

  /** Tries parked updates again; returns how many were applied now. */
  retryParked(): number {
    let applied = 0;
    for (const row of this.sql.parked.all() as { id: string; record_id: string; update_data: Buffer }[]) {
      this.sql.unpark.run(row.id);
      const result = this.apply(row.record_id, new Uint8Array(row.update_data), {});
      if (result.status === 'applied' || result.status === 'pending') applied++;
    }
    return applied;
  }

  private applyChecked(recordId: string, update: Uint8Array, decoded: ReturnType<typeof Y.decodeUpdate>, quiet: boolean): RemoteResult {
    const stored = this.sql.getDoc.get(recordId) as { entity: string; state: Buffer; relay_sv: Buffer | null } | undefined;
    if (!stored) {
      const content = readSelfContained(decoded);
      if (content && content.entity !== null) return this.applyNew(recordId, update, content, quiet);
    }
    const doc = loadDoc(recordId, stored?.state ?? null);
    try {
      const metaBefore = docMeta(doc);
      const entriesBefore = readEntries(doc);
      const movesBefore = doc.getMap(HISTORY).size;
      try {
        Y.applyUpdate(doc, update, 'remote');
      } catch {
        throw new Refused({ reason: 'malformed', detail: 'The update does not apply to the document.' });
      }
      const meta = docMeta(doc);
      if (metaBefore.entity !== null && (meta.entity !== metaBefore.entity || meta.createdMs !== metaBefore.createdMs)) {
        throw new Refused({ reason: 'entity_changed', detail: "A record's entity and creation time are fixed by its creator." });
      }
      if (meta.version !== null && meta.version > DOC_SCHEMA_VERSION) {
        throw new Refused({ reason: 'newer_schema', detail: `Written by a newer version (schema ${meta.version}); update this app.` });
      }
      const encoded = Y.encodeStateAsUpdate(doc);
      // A view of the encoded bytes, not a copy: compared and stored as they are.
      const state = Buffer.from(encoded.buffer, encoded.byteOffset, encoded.byteLength);
      if (stored && Buffer.compare(state, stored.state) === 0) return { status: 'duplicate' };
      const entity = meta.entity === null ? null : documentKind(meta.entity);
      if (meta.entity !== null && !entity) throw new Refused({ reason: 'unknown_entity', detail: `Unknown entity "${meta.entity.slice(0, 40)}".` });
      const entries = readEntries(doc);
      const fresh = freshEntries(entriesBefore, entries);
      const nowMs = this.deps.clock.now().getTime();
      if (entity) {
        const refusal = this.checks.check(entity, fresh, (w) => (doc.getMap('w').has(w) ? writerUser(doc, w) : undefined), nowMs, {
          id: recordId,
          existed: metaBefore.entity !== null,
        });
        if (refusal) throw new Refused(refusal);
      }
      const at = new Date(nowMs).toISOString();
      const relaySv = relayHasAfter(stored?.relay_sv ?? null, decoded.structs);
      if (stored) this.sql.putDoc.run(entity?.name ?? stored.entity, state, at, relaySv, recordId);
      else this.sql.putNew.run(recordId, entity?.name ?? '', state, at, relaySv);
      // A stage move can arrive with its field entry already superseded (the later write that
      // deleted it came first): the history still grew, and its projection must see that.
      const movesArrived = doc.getMap(HISTORY).size > movesBefore;
      const change =
        entity && meta.createdMs !== null && (fresh.length > 0 || movesArrived)
          ? this.project(entity, doc, entriesBefore, entries, fresh, stored !== undefined && metaBefore.entity !== null, quiet)
          : null;
      const pending = doc.store.pendingStructs;
      if (pending || meta.entity === null) {
        return { status: 'pending', missing: pending ? Object.fromEntries(pending.missing) : {} };
      }
      return { status: 'applied', change };
    } finally {
      doc.destroy();
    }
  }

  /**
   * A record this install does not have, in one self-contained update: read from the structs
   * and stored as received, with no Y.Doc built (the bulk path of bootstraps and catch-ups).
   */
  private applyNew(recordId: string, update: Uint8Array, content: RecordContent, quiet: boolean): RemoteResult {
    if (content.version !== null && content.version > DOC_SCHEMA_VERSION) {
      throw new Refused({ reason: 'newer_schema', detail: `Written by a newer version (schema ${content.version}); update this app.` });
    }
    const entity = documentKind(content.entity!);
    if (!entity) throw new Refused({ reason: 'unknown_entity', detail: `Unknown entity "${content.entity!.slice(0, 40)}".` });
    const fresh = [...content.entries.values()].flat();
    const nowMs = this.deps.clock.now().getTime();
    const refusal = this.checks.check(entity, fresh, (w) => (content.writers.has(w) ? content.writers.get(w)! : undefined), nowMs, {
      id: recordId,
      existed: false,
    });
    if (refusal) throw new Refused(refusal);
    this.sql.putNew.run(recordId, entity.name, update, new Date(nowMs).toISOString(), Y.encodeStateVector(content.stateVector));
    if (content.createdMs === null || fresh.length === 0) return { status: 'applied', change: null };
    const change = this.changeOf(entity, recordId, null, content.entries, fresh, (w) => content.writers.get(w) ?? null, quiet, content.stages);
    return { status: 'applied', change };
  }

  private project(
    entity: EntityDef,
    doc: Y.Doc,
    entriesBefore: Map<string, Entry[]>,
    entries: Map<string, Entry[]>,
    fresh: readonly Entry[],
    existed: boolean,
    quiet: boolean,
  ): RecordChange {
    const before = existed ? valuesFromWinners(entity, doc.guid, winnersOf(entriesBefore)) : null;
    return this.changeOf(entity, doc.guid, before, entries, fresh, (w) => writerUser(doc, w), quiet, readStageLog(doc));
  }

  private changeOf(
    entity: EntityDef,
    id: string,
    before: Record<string, unknown> | null,
    entries: Map<string, Entry[]>,
    fresh: readonly Entry[],
    authorOf: (writer: string) => string | null,
    quiet: boolean,
    stages: readonly StageStep[],
  ): RecordChange {
    const dated: readonly { stamp: number; writer: string }[] = fresh.length > 0 ? fresh : stages;
    for (const e of dated) this.deps.hlc.observe(e.stamp);
    if (!this.deps.inBulk()) this.deps.hlc.persist();
    // Side effects are dated by when the change was made, not when it arrived.
    const latest = dated.reduce((a, b) => (b.stamp > a.stamp ? b : a));
    const ctx: WriteContext = { actor: authorOf(latest.writer), origin: 'remote' };
    // The action (create, update, delete, restore) follows from before and after, which the projection computes.
    return this.deps.project(entity, id, before, entries, ctx, 'derive', stampTime(latest.stamp), quiet, stages);
  }

  private setAside(recordId: string, update: Uint8Array, refusal: Refusal): RemoteResult {
    const status = PARKED_REASONS.has(refusal.reason) ? 'parked' : 'refused';
    this.sql.park.run(newId(), recordId, Buffer.from(update), status, refusal.reason, refusal.detail, this.deps.clock.now().toISOString());
    return { status, reason: refusal.reason, detail: refusal.detail };
  }
}

/**
 * Entries of `after` that `before` lacks (same writer, stamp and value). A field holds one or
 * two entries, so a scan beats building keys; values are serialized only when writer and
 * stamp already match (the profile of remote edits had this at 6%, mostly canonicalJson).
 */
function freshEntries(before: Map<string, Entry[]>, after: Map<string, Entry[]>): Entry[] {
  const out: Entry[] = [];
  for (const [field, list] of after) {
    const old = before.get(field);
    for (const e of list) if (!old || !old.some((b) => sameEntry(b, e))) out.push(e);
  }
  return out;
}

function sameEntry(a: Entry, b: Entry): boolean {
  if (a.writer !== b.writer || a.stamp !== b.stamp) return false;
  return a.value === b.value || canonicalJson(a.value) === canonicalJson(b.value);
}
