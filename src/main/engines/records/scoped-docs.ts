import * as Y from 'yjs';
import type { Db } from '../../db/open-database';
import type { Clock } from '../../core/clock';
import { newId } from '../../core/ids';
import { documentKind } from '../../../shared/entities/shared-kinds';
import { CUSTOM_FIELD_PREFIX, type EntityDef } from '../../../shared/entities/field-def';
import {
  FIELDS,
  canonicalJson,
  docMeta,
  latestStamp,
  parseFieldKey,
  pickWinner,
  readEntries,
  winnersOf,
  writerUser,
  type Entry,
} from '../../../shared/record-doc/doc-format';
import { parseScopedDocId, scopedDocId } from '../../../shared/record-doc/scoped-doc';
import { stampTime } from '../../../shared/record-doc/stamps';
import { inspectUpdate, isProblem } from '../../../shared/record-doc/validate-update';
import type { HybridLogicalClock } from './hlc';
import { loadDoc, writeRecord } from './record-doc';
import { valuesFromWinners } from './projection';
import type { RemoteChecks, Refusal } from './remote-checks';
import type { RemoteResult } from './remote-apply';
import type { SyncOutbox } from './sync-outbox';
import type { RecordChange, WriteContext } from './record-change';

/** Roles that may see a custom field of an entity, or null when everyone may (the custom fields engine answers). */
export type FieldScope = (entity: string, fieldName: string) => readonly string[] | null;

/** Restricted values of one write, by scoped document id. */
export type ScopedValues = Map<string, Record<string, unknown>>;

export interface ScopedDocsDeps {
  db: Db;
  clock: Clock;
  hlc: HybridLogicalClock;
  outbox: SyncOutbox;
  checks: RemoteChecks;
  transaction: <T>(fn: () => T) => T;
  /** The records engine's projection, told that the entries already include the scoped ones. */
  project: (
    entity: EntityDef,
    id: string,
    before: Record<string, unknown> | null,
    entries: Map<string, Entry[]>,
    ctx: WriteContext,
    at: string,
    quiet: boolean,
  ) => RecordChange;
}

const PARKED = new Set(['future', 'newer_schema', 'undefined_custom_field', 'unknown_author']);

class Refused extends Error {
  constructor(readonly refusal: Refusal) {
    super(refusal.detail);
  }
}

/** Entries of several documents of one record, as one map (a field's entries side by side). */
export function mergeEntries(...maps: Map<string, Entry[]>[]): Map<string, Entry[]> {
  const out = new Map<string, Entry[]>();
  for (const map of maps) for (const [field, list] of map) out.set(field, [...(out.get(field) ?? []), ...list]);
  return out;
}

/**
 * The record's role-restricted documents (README, "Custom fields hidden from a role"). A
 * restricted custom value is written to `<recordId>::<scope>` and never to the record's own
 * document, so the relay can keep it off the devices of roles outside the scope. The record's
 * row is projected from its document plus its scoped documents, whichever arrives first.
 */
export class ScopedDocs {
  scopeOf: FieldScope | null = null;
  private readonly sql;
  /** Whether this store holds any scoped document: projection skips the lookup until one exists. */
  private any: boolean;

  constructor(private readonly deps: ScopedDocsDeps) {
    const db = deps.db;
    this.sql = {
      any: db.prepare('SELECT 1 FROM scoped_docs LIMIT 1'),
      ofRecord: db.prepare('SELECT d.id, d.entity, d.state FROM scoped_docs s JOIN record_docs d ON d.id = s.id WHERE s.record_id = ?'),
      getDoc: db.prepare('SELECT entity, state FROM record_docs WHERE id = ?'),
      putDoc: db.prepare(
        `INSERT INTO record_docs (id, entity, state, updated_at) VALUES (?, ?, ?, ?)
         ON CONFLICT(id) DO UPDATE SET state = excluded.state, updated_at = excluded.updated_at`,
      ),
      index: db.prepare('INSERT OR IGNORE INTO scoped_docs (id, record_id, entity, audience) VALUES (?, ?, ?, ?)'),
      park: db.prepare('INSERT INTO sync_parked (id, record_id, update_data, status, reason, detail, received_at) VALUES (?, ?, ?, ?, ?, ?, ?)'),
    };
    this.any = this.sql.any.get() !== undefined;
  }

  /** Takes the restricted custom values out of `values` (which keeps the rest), grouped by scoped document. */
  take(entity: EntityDef, recordId: string, values: Record<string, unknown>): ScopedValues | null {
    if (!this.scopeOf) return null;
    let out: ScopedValues | null = null;
    for (const key of Object.keys(values)) {
      if (!key.startsWith(CUSTOM_FIELD_PREFIX)) continue;
      const roles = this.scopeOf(entity.name, key.slice(CUSTOM_FIELD_PREFIX.length));
      if (!roles) continue;
      const docId = scopedDocId(recordId, roles);
      out ??= new Map();
      const group = out.get(docId) ?? {};
      group[key] = values[key];
      out.set(docId, group);
      delete values[key];
    }
    return out;
  }

  /** Entries of the record's scoped documents (all of them, or all but `except`), or null when it has none. */
  entriesOf(recordId: string, except?: string): Map<string, Entry[]> | null {
    if (!this.any) return null;
    const rows = this.sql.ofRecord.all(recordId) as { id: string; state: Buffer }[];
    const maps: Map<string, Entry[]>[] = [];
    for (const row of rows) {
      if (row.id === except) continue;
      const doc = loadDoc(row.id, row.state);
      try {
        maps.push(readEntries(doc));
      } finally {
        doc.destroy();
      }
    }
    return maps.length > 0 ? mergeEntries(...maps) : null;
  }

  /** Writes restricted values into their scoped documents, each with its own outbox row. */
  write(entity: EntityDef, values: ScopedValues, w: { clientId: number; userId: string | null; stamp: number; createdMs: number | null; at: string }): void {
    for (const [docId, group] of values) {
      const stored = this.sql.getDoc.get(docId) as { state: Buffer } | undefined;
      const doc = loadDoc(docId, stored?.state ?? null);
      try {
        writeRecord(doc, {
          entity: entity.name,
          clientId: w.clientId,
          userId: w.userId,
          stamp: w.stamp,
          createdMs: stored ? null : w.createdMs,
          values: group,
          entries: readEntries(doc),
        });
        this.store(docId, entity.name, Y.encodeStateAsUpdate(doc), w.at);
        this.deps.outbox.markDirty(docId, entity.name, w.at);
      } finally {
        doc.destroy();
      }
    }
    this.deps.hlc.persist();
  }

  /**
   * A value written to one document of the record supersedes the field's entries in its other
   * documents (the field's visibility changed since they were written): restricted values
   * leave the record's own document (`mainDoc`, stored by the caller), and every scoped
   * document other than the value's loses the field. Without this, the old entry would stay
   * alive beside the new one and show as a conflict.
   */
  moveAside(recordId: string, mainDoc: Y.Doc, mainFields: readonly string[], restricted: ScopedValues | null, at: string): boolean {
    if (restricted) {
      const moved = new Set([...restricted.values()].flatMap((group) => Object.keys(group)));
      const keys = keysOf(mainDoc, moved);
      if (keys.length > 0) mainDoc.transact(() => keys.forEach((k) => mainDoc.getMap(FIELDS).delete(k)));
    }
    const publicFields = mainFields.filter((f) => f.startsWith(CUSTOM_FIELD_PREFIX));
    // Only custom values can have entries in scoped documents: a write of built-in fields touches none.
    if (!this.any || (publicFields.length === 0 && !restricted)) return false;
    let changed = false;
    for (const row of this.sql.ofRecord.all(recordId) as { id: string; entity: string; state: Buffer }[]) {
      const drop = new Set(publicFields);
      for (const [docId, group] of restricted ?? []) if (docId !== row.id) for (const f of Object.keys(group)) drop.add(f);
      if (drop.size === 0) continue;
      const doc = loadDoc(row.id, row.state);
      try {
        const keys = keysOf(doc, drop);
        if (keys.length === 0) continue;
        doc.transact(() => keys.forEach((k) => doc.getMap(FIELDS).delete(k)));
        this.sql.putDoc.run(row.id, row.entity, Buffer.from(Y.encodeStateAsUpdate(doc)), at);
        this.deps.outbox.markDirty(row.id, row.entity, at);
        changed = true;
      } finally {
        doc.destroy();
      }
    }
    return changed;
  }

  /**
   * Moves a record's value of a custom field to the document its current visibility asks for
   * (after an admin changed who may see the field). Returns the change, or null when the value
   * was already in place or the record has none.
   */
  rescope(entity: EntityDef, recordId: string, field: string, w: { clientId: number; ctx: WriteContext; at: string }): RecordChange | null {
    const main = this.sql.getDoc.get(recordId) as { state: Buffer } | undefined;
    if (!main) return null;
    const mainDoc = loadDoc(recordId, main.state);
    try {
      const own = readEntries(mainDoc);
      const others = this.entriesByDoc(recordId);
      const all = mergeEntries(own, ...others.values());
      const list = all.get(field);
      if (!list || list.length === 0) return null;
      const roles = this.scopeOf?.(entity.name, field.slice(CUSTOM_FIELD_PREFIX.length)) ?? null;
      const target = roles ? scopedDocId(recordId, roles) : null;
      const holders = [...(own.has(field) ? [null] : []), ...[...others].filter(([, e]) => e.has(field)).map(([id]) => id)];
      if (holders.length === 1 && holders[0] === target) return null;
      const before = valuesFromWinners(entity, recordId, winnersOf(all));
      const value = pickWinner(list).value;
      const stamp = this.deps.hlc.next(latestStamp(all));
      const userId = w.ctx.actor;
      mainDoc.clientID = w.clientId;
      let restricted: ScopedValues | null = null;
      if (target) {
        restricted = new Map([[target, { [field]: value }]]);
        this.write(entity, restricted, { clientId: w.clientId, userId, stamp, createdMs: docMeta(mainDoc).createdMs, at: w.at });
      } else {
        writeRecord(mainDoc, { entity: entity.name, clientId: w.clientId, userId, stamp, createdMs: null, values: { [field]: value }, entries: own });
      }
      this.moveAside(recordId, mainDoc, target ? [] : [field], restricted, w.at);
      this.sql.putDoc.run(recordId, entity.name, Buffer.from(Y.encodeStateAsUpdate(mainDoc)), w.at);
      this.deps.outbox.markDirty(recordId, entity.name, w.at);
      this.deps.hlc.persist();
      const after = mergeEntries(readEntries(mainDoc), this.entriesOf(recordId) ?? new Map());
      return this.deps.project(entity, recordId, before, after, w.ctx, w.at, false);
    } finally {
      mainDoc.destroy();
    }
  }

  private entriesByDoc(recordId: string): Map<string, Map<string, Entry[]>> {
    const out = new Map<string, Map<string, Entry[]>>();
    if (!this.any) return out;
    for (const row of this.sql.ofRecord.all(recordId) as { id: string; state: Buffer }[]) {
      const doc = loadDoc(row.id, row.state);
      try {
        out.set(row.id, readEntries(doc));
      } finally {
        doc.destroy();
      }
    }
    return out;
  }

  private store(docId: string, entity: string, state: Uint8Array, at: string): void {
    const scope = parseScopedDocId(docId)!;
    this.sql.putDoc.run(docId, entity, Buffer.from(state), at);
    this.sql.index.run(docId, scope.recordId, entity, scope.audience.join(','));
    this.any = true;
  }

  /**
   * An update of a scoped document from another install: checked like any remote update
   * (and it may carry custom values only), stored, and the record re-projected when this
   * install has it (otherwise its projection picks the values up when it arrives).
   */
  applyRemote(docId: string, update: Uint8Array, opts: { quiet?: boolean }): RemoteResult {
    const facts = inspectUpdate(update);
    if (isProblem(facts)) return this.setAside(docId, update, facts);
    try {
      return this.deps.transaction(() => this.applyChecked(docId, update, opts.quiet ?? false));
    } catch (error) {
      if (error instanceof Refused) return this.setAside(docId, update, error.refusal);
      throw error;
    }
  }

  private applyChecked(docId: string, update: Uint8Array, quiet: boolean): RemoteResult {
    const { recordId } = parseScopedDocId(docId)!;
    const stored = this.sql.getDoc.get(docId) as { state: Buffer } | undefined;
    const doc = loadDoc(docId, stored?.state ?? null);
    try {
      const entriesBefore = readEntries(doc);
      try {
        Y.applyUpdate(doc, update, 'remote');
      } catch {
        throw new Refused({ reason: 'malformed', detail: 'The update does not apply to the document.' });
      }
      const state = Y.encodeStateAsUpdate(doc);
      if (stored && Buffer.compare(Buffer.from(state), stored.state) === 0) return { status: 'duplicate' };
      const meta = docMeta(doc);
      const main = this.sql.getDoc.get(recordId) as { entity: string; state: Buffer } | undefined;
      if (meta.entity !== null && main && main.entity !== meta.entity) {
        throw new Refused({ reason: 'entity_changed', detail: 'A restricted document belongs to a record of another entity.' });
      }
      const entity = meta.entity === null ? null : documentKind(meta.entity);
      if (meta.entity !== null && !entity) throw new Refused({ reason: 'unknown_entity', detail: `Unknown entity "${meta.entity.slice(0, 40)}".` });
      const entries = readEntries(doc);
      const fresh = freshEntries(entriesBefore, entries);
      const nowMs = this.deps.clock.now().getTime();
      if (entity) {
        const other = fresh.find((e) => !e.field.startsWith(CUSTOM_FIELD_PREFIX));
        if (other) throw new Refused({ reason: 'unknown_field', detail: `A restricted document holds custom values only, not "${other.field.slice(0, 80)}".` });
        const refusal = this.deps.checks.check(entity, fresh, (w) => (doc.getMap('w').has(w) ? writerUser(doc, w) : undefined), nowMs, {
          id: recordId,
          existed: true,
        });
        if (refusal) throw new Refused(refusal);
      }
      this.store(docId, entity?.name ?? main?.entity ?? '', state, new Date(nowMs).toISOString());
      this.deps.outbox.noteRelayHas(docId, Y.encodeStateVectorFromUpdate(update));
      for (const e of fresh) this.deps.hlc.observe(e.stamp);
      this.deps.hlc.persist();
      const change = entity && main && fresh.length > 0 ? this.reproject(entity, recordId, main.state, docId, entriesBefore, entries, fresh, doc, quiet) : null;
      if (doc.store.pendingStructs || meta.entity === null) {
        const pending = doc.store.pendingStructs;
        return { status: 'pending', missing: pending ? Object.fromEntries(pending.missing) : {} };
      }
      return { status: 'applied', change };
    } finally {
      doc.destroy();
    }
  }

  /** The record's row again, from its document and every scoped document, dated by the change. */
  private reproject(
    entity: EntityDef,
    recordId: string,
    mainState: Buffer,
    docId: string,
    before: Map<string, Entry[]>,
    after: Map<string, Entry[]>,
    fresh: readonly Entry[],
    doc: Y.Doc,
    quiet: boolean,
  ): RecordChange | null {
    const mainDoc = loadDoc(recordId, mainState);
    try {
      if (docMeta(mainDoc).createdMs === null) return null;
      const own = readEntries(mainDoc);
      const others = this.entriesOf(recordId, docId) ?? new Map<string, Entry[]>();
      const beforeValues = valuesFromWinners(entity, recordId, winnersOf(mergeEntries(own, others, before)));
      const latest = fresh.reduce((a, b) => (b.stamp > a.stamp ? b : a));
      const ctx: WriteContext = { actor: writerUser(doc, latest.writer), origin: 'remote' };
      return this.deps.project(entity, recordId, beforeValues, mergeEntries(own, others, after), ctx, stampTime(latest.stamp), quiet);
    } finally {
      mainDoc.destroy();
    }
  }

  private setAside(docId: string, update: Uint8Array, refusal: Refusal): RemoteResult {
    const status = PARKED.has(refusal.reason) ? 'parked' : 'refused';
    this.sql.park.run(newId(), docId, Buffer.from(update), status, refusal.reason, refusal.detail, this.deps.clock.now().toISOString());
    return { status, reason: refusal.reason, detail: refusal.detail };
  }
}

function keysOf(doc: Y.Doc, fields: ReadonlySet<string>): string[] {
  const keys: string[] = [];
  doc.getMap(FIELDS).forEach((_value, key) => {
    const parsed = parseFieldKey(key);
    if (parsed && fields.has(parsed.field)) keys.push(key);
  });
  return keys;
}

function freshEntries(before: Map<string, Entry[]>, after: Map<string, Entry[]>): Entry[] {
  const out: Entry[] = [];
  for (const [field, list] of after) {
    const known = new Set((before.get(field) ?? []).map((e) => `${e.writer}|${e.stamp}|${canonicalJson(e.value)}`));
    for (const e of list) if (!known.has(`${e.writer}|${e.stamp}|${canonicalJson(e.value)}`)) out.push(e);
  }
  return out;
}
