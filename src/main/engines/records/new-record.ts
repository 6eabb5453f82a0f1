import type { Clock } from '../../core/clock';
import type { EntityDef } from '../../../shared/entities/field-def';
import { writerKey, type Entry } from '../../../shared/record-doc/doc-format';
import { encodeNewRecord } from '../../../shared/record-doc/new-record-encoder';
import { creationEntries } from '../../../shared/record-doc/creation-entries';
import { stageMoveOf, type StageStep } from '../../../shared/record-doc/stage-log';
import type { HybridLogicalClock } from './hlc';
import { applyEntityRules } from './entity-rules';
import type { ScopedDocs } from './scoped-docs';
import type { WriteContext } from './record-change';

export interface NewRecordDeps {
  clock: Clock;
  hlc: HybridLogicalClock;
  clientIdFor: (userId: string | null) => number;
  /** The schema new documents are written in (the engine's). */
  docVersion: () => number;
  scoped: () => Pick<ScopedDocs, 'take' | 'write'>;
}

export interface NewRecord {
  at: string;
  /** The record's own document, encoded without a Y.Doc (role-restricted values left out). */
  state: Uint8Array;
  /** Its entries as a reader of the document (plus scoped ones) would see them. */
  entries: Map<string, Entry[]>;
  /** The first stage of a deal or lead starts its history. */
  stages: StageStep[];
}

/**
 * A new record's document and entries, the same on the single and the bulk path: entity rules,
 * creation time, stamp, stage history, and role-restricted values written to their scoped
 * documents. The caller stores the state and projects the entries.
 */
export function buildNewRecord(deps: NewRecordDeps, entity: EntityDef, id: string, values: Record<string, unknown>, ctx: WriteContext): NewRecord {
  const now = deps.clock.now();
  if (ctx.origin !== 'remote') applyEntityRules(entity.name, null, values, now);
  const at = now.toISOString();
  const written: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(values)) written[field] = field === 'tags' ? (value ?? []) : (value ?? null);
  written.created_at = at;
  written.updated_at = at;
  const clientId = deps.clientIdFor(ctx.actor);
  const writer = writerKey(clientId);
  const stamp = deps.hlc.next();
  const createdMs = now.getTime();
  const stageMove = stageMoveOf(entity.name, null, written);
  const own = { ...written };
  const restricted = deps.scoped().take(entity, id, own);
  const version = deps.docVersion();
  const state = encodeNewRecord({ entity: entity.name, clientId, userId: ctx.actor, createdMs, stamp, values: own, stageMove, version });
  if (restricted) deps.scoped().write(entity, restricted, { clientId, userId: ctx.actor, stamp, createdMs, at });
  const stages: StageStep[] = stageMove
    ? [{ writer, stamp, actor: ctx.actor, from: stageMove[0], to: stageMove[1], closeDate: stageMove.length === 3 ? stageMove[2] : null }]
    : [];
  return { at, state, entries: creationEntries({ written, writer, userId: ctx.actor, stamp, createdMs, version }), stages };
}
