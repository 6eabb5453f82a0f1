import * as Y from 'yjs';

/**
 * One Y.Doc per record (guid = record id). Fields live in the map `fields` under
 * `<field>@<writer>` keys: each install writes only its own key, so Yjs never has to pick
 * between two writers of one key (it would pick by client id, a coin flip). The value of a
 * field is the entry with the greatest hybrid logical clock stamp.
 */
export interface FieldEntry {
  /** The value (JSON). */
  v: unknown;
  /** HLC stamp of this write. */
  h: string;
  /** Stamp of the winning value the writer saw when it wrote (null: none). */
  b: string | null;
  /** Id of the user who wrote it. */
  by: string | null;
}

export type Winners = Map<string, FieldEntry>;

const FIELDS = 'fields';
const META = 'meta';

/**
 * A transient document for one write. The install's client id is set after loading: Yjs
 * treats its own id arriving in a non-local update as a clash and would pick a random one.
 */
export function loadDoc(id: string, state: Uint8Array | null, clientId?: number): Y.Doc {
  const doc = new Y.Doc({ guid: id });
  if (state) Y.applyUpdate(doc, state);
  if (clientId !== undefined) doc.clientID = clientId;
  return doc;
}

export function docEntity(doc: Y.Doc): string | undefined {
  const entity = doc.getMap(META).get('entity');
  return typeof entity === 'string' ? entity : undefined;
}

function isEntry(value: unknown): value is FieldEntry {
  if (!value || typeof value !== 'object') return false;
  const e = value as Record<string, unknown>;
  return typeof e.h === 'string' && 'v' in e;
}

/** Every entry of every field, grouped by field name. */
export function readEntries(doc: Y.Doc): Map<string, FieldEntry[]> {
  const out = new Map<string, FieldEntry[]>();
  doc.getMap(FIELDS).forEach((value, key) => {
    const at = key.lastIndexOf('@');
    if (at <= 0 || !isEntry(value)) return;
    const field = key.slice(0, at);
    const list = out.get(field);
    if (list) list.push(value);
    else out.set(field, [value]);
  });
  return out;
}

export function pickWinner(entries: readonly FieldEntry[]): FieldEntry {
  let best = entries[0];
  for (const e of entries) if (e.h > best.h) best = e;
  return best;
}

export function readWinners(doc: Y.Doc): Winners {
  const winners: Winners = new Map();
  for (const [field, entries] of readEntries(doc)) winners.set(field, pickWinner(entries));
  return winners;
}

/**
 * Writes values as this writer's entries and returns the Yjs update that did it, which is
 * what the outbox sends to the relay.
 */
export function writeFields(
  doc: Y.Doc,
  args: { entity: string; writer: string; stamp: string; actor: string | null; values: Record<string, unknown>; current: Winners },
): Uint8Array {
  let update: Uint8Array | null = null;
  const capture = (u: Uint8Array) => {
    update = update ? Y.mergeUpdates([update, u]) : u;
  };
  doc.on('update', capture);
  try {
    doc.transact(() => {
      const meta = doc.getMap(META);
      if (meta.get('entity') !== args.entity) meta.set('entity', args.entity);
      const fields = doc.getMap(FIELDS);
      for (const [field, value] of Object.entries(args.values)) {
        const entry: FieldEntry = { v: value ?? null, h: args.stamp, b: args.current.get(field)?.h ?? null, by: args.actor };
        fields.set(`${field}@${args.writer}`, entry);
      }
    });
  } finally {
    doc.off('update', capture);
  }
  return update ?? new Uint8Array();
}
