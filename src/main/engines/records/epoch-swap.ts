import * as Y from 'yjs';
import type { Db } from '../../db/open-database';
import type { Clock } from '../../core/clock';
import { documentKind } from '../../../shared/entities/shared-kinds';
import { DOC_SCHEMA_V2, DOC_SCHEMA_VERSION, docMeta, readEntries, winnersOf } from '../../../shared/record-doc/doc-format';
import { documentEntriesReading } from '../../../shared/record-doc/schema3-reading';
import { isScopedDocId } from '../../../shared/record-doc/scoped-doc';
import { readStageLog } from '../../../shared/record-doc/stage-log';
import { loadDoc } from './record-doc';
import { valuesFromWinners } from './projection';
import type { ProjectDocument } from './record-change';
import type { SyncOutbox } from './sync-outbox';
import { reauthorUnsent } from './unsent-entries';

export interface EpochSwapDeps {
  db: Db;
  clock: Clock;
  outbox: SyncOutbox;
  transaction: <T>(fn: () => T) => T;
  project: ProjectDocument;
}

export interface SwapResult {
  /** Documents replaced by the relay's rewritten one. */
  swapped: number;
  /** Unsent entries written again into them (their records have an outbox row again). */
  reauthored: number;
  /** Records whose relay history was not rewritten (or unknown here): the caller applies these as ordinary remote updates. */
  merge: { record_id: string; update: Uint8Array }[];
}

export interface SwapItem {
  record_id: string;
  /** The relay's document of the new epoch. */
  update: Uint8Array;
  /** The relay's history of the record in the epoch before, when it has unsent edits here. */
  previous?: Uint8Array;
}

/**
 * The swap of a team compaction on an install (README, "The record document", parts 3-4):
 * each record's document of the old epoch is replaced, in one transaction per batch, by the
 * relay's schema-3 rewrite, with the changes the relay never acknowledged written again under
 * their original stamps (unsent-entries.ts). Until its batch commits a record keeps its old
 * document and projected row, so reads never go blank; the row is projected again only where
 * the new document reads differently (edits of teammates this install had not received, or
 * re-authored entries under a new writer). A record whose relay log was not rewritten (a
 * role-restricted document, already schema 3, kept by the relay's check) keeps its history:
 * the relay's copy merges into it as any remote update.
 */
export class EpochSwap {
  private readonly sql;

  constructor(private readonly deps: EpochSwapDeps) {
    const db = deps.db;
    this.sql = {
      get: db.prepare('SELECT entity, state, relay_sv FROM record_docs WHERE id = ?'),
      put: db.prepare('UPDATE record_docs SET state = ?, relay_sv = ?, updated_at = ? WHERE id = ?'),
      clearOutbox: db.prepare('DELETE FROM sync_outbox WHERE record_id = ?'),
    };
  }

  swap(items: readonly SwapItem[]): SwapResult {
    const result: SwapResult = { swapped: 0, reauthored: 0, merge: [] };
    this.deps.transaction(() => {
      for (const item of items) {
        const n = this.swapOne(item.record_id, item.update, item.previous);
        if (n === null) result.merge.push(item);
        else {
          result.swapped += 1;
          result.reauthored += n;
        }
      }
      this.deps.outbox.forgetCount();
    });
    return result;
  }

  /** Entries re-authored, or null when the record is not swapped but merged. */
  private swapOne(id: string, relayState: Uint8Array, previous?: Uint8Array): number | null {
    if (isScopedDocId(id)) return null;
    const stored = this.sql.get.get(id) as { entity: string; state: Buffer; relay_sv: Buffer | null } | undefined;
    if (!stored) return null;
    const entity = documentKind(stored.entity);
    if (!entity) return null;
    // Bytes from the relay that are no Yjs update at all go the ordinary remote way, which
    // refuses them with a reason and sets them aside; a batch never fails on one record.
    const fresh = decoded(id, relayState);
    if (!fresh) return null;
    const old = loadDoc(id, stored.state);
    try {
      if (docMeta(fresh).version !== DOC_SCHEMA_VERSION || docMeta(old).version !== DOC_SCHEMA_V2) return null;
      const readingBefore = documentEntriesReading(old);
      // This install's history merged with the relay's old one: every entry its edits had seen, and every one they had not.
      let everything = previous ? loadDoc(id, stored.state) : null;
      let reauthored: number;
      try {
        // An unreadable previous history: the re-authoring falls back to its approximation.
        if (everything && previous && !applies(everything, previous)) {
          everything.destroy();
          everything = null;
        }
        reauthored = reauthorUnsent(old, stored.relay_sv, fresh, everything);
      } finally {
        everything?.destroy();
      }
      const at = this.deps.clock.now().toISOString();
      this.sql.put.run(Buffer.from(Y.encodeStateAsUpdate(fresh)), Buffer.from(Y.encodeStateVectorFromUpdate(relayState)), at, id);
      // The old epoch's outbox row is void: what is left to send is the re-authored entries.
      this.sql.clearOutbox.run(id);
      if (reauthored > 0) this.deps.outbox.markDirty(id, entity.name, at);
      if (documentEntriesReading(fresh) !== readingBefore) {
        const entries = readEntries(fresh);
        const before = valuesFromWinners(entity, id, winnersOf(readEntries(old)));
        this.deps.project(entity, id, before, entries, { actor: null, origin: 'remote' }, 'derive', at, true, readStageLog(fresh));
      }
      return reauthored;
    } finally {
      old.destroy();
      fresh.destroy();
    }
  }
}

function decoded(id: string, state: Uint8Array): Y.Doc | null {
  try {
    return loadDoc(id, state);
  } catch {
    return null;
  }
}

function applies(doc: Y.Doc, update: Uint8Array): boolean {
  try {
    Y.applyUpdate(doc, update);
    return true;
  } catch {
    return false;
  }
}
