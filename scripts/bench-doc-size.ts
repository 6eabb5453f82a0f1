/**
 * Record document sizes (budget: <= 600 B per record on average over the M store):
 *   npm run bench:doc-size -- --data-dir DIR [--per-entity N] [--breakdown] [--edits]
 * `--per-entity N` reads at most N documents of each entity (an M store holds 1.27M);
 * `--breakdown` adds where the bytes go by part (doc-breakdown.ts), mean per record;
 * `--edits` what 100 edits of one record and 10,000 offline edits cost to send, per schema.
 * The M-mix line weighs each entity's mean by the M tier's counts (SEED_TIERS.M): a store
 * seeded at tier S (14k records, the same generator) gives the M average without building M.
 * Reads every stored document of a store (read only) and prints, per entity, the count, the
 * mean and p95 of the stored state in bytes, and for deals and leads the stage history they
 * carry: moves per record and the bytes those entries take (each entry encoded alone, as Yjs
 * writes an item: an upper bound, since items of one writer share their client and clock).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import { STORE_FILE } from '../src/main/app/create-engine';
import { HISTORY } from '../src/shared/record-doc/stage-log';
import { breakdown, PARTS, SAVINGS, type Breakdown } from './bench-support/doc-breakdown';
import { measureEdits } from './bench-support/doc-edits';
import { SEED_TIERS } from '../src/main/engines/seed';
import { DOC_SCHEMA_V2, DOC_SCHEMA_VERSION, docMeta } from '../src/shared/record-doc/doc-format';

const BUDGET_BYTES = 600;

/** Bytes of one root-map item as Yjs encodes it: info, parent name, key, content. */
function itemBytes(key: string, value: unknown): number {
  const e = encoding.createEncoder();
  encoding.writeUint8(e, 0x28);
  encoding.writeVarUint(e, 1);
  encoding.writeVarString(e, HISTORY);
  encoding.writeVarString(e, key);
  encoding.writeVarUint(e, 1);
  encoding.writeAny(e, value as encoding.AnyEncodable);
  return encoding.length(e);
}

function main(): void {
  const { values } = parseArgs({
    options: { 'data-dir': { type: 'string' }, 'per-entity': { type: 'string' }, breakdown: { type: 'boolean' }, edits: { type: 'boolean' } },
  });
  const perEntity = values['per-entity'] ? Number(values['per-entity']) : Infinity;
  const dir = values['data-dir'];
  if (!dir || !existsSync(join(dir, STORE_FILE))) {
    console.error('usage: npm run bench:doc-size -- --data-dir DIR   (a store made by npm run seed)');
    process.exit(2);
  }
  const db = new Database(join(dir, STORE_FILE), { readonly: true });
  const stats = new Map<string, { sizes: number[]; moves: number; historyBytes: number; parts: Breakdown[]; versions: Map<number, number> }>();
  const entities = db.prepare("SELECT DISTINCT entity FROM record_docs WHERE id NOT LIKE '%::%'").pluck().all() as string[];
  const ofEntity = db.prepare("SELECT entity, state FROM record_docs WHERE entity = ? AND id NOT LIKE '%::%' LIMIT ?").raw();
  const rows = entities.flatMap((e) => ofEntity.all(e, Number.isFinite(perEntity) ? perEntity : -1) as [string, Buffer][]);
  for (const [entity, state] of rows) {
    let s = stats.get(entity);
    if (!s) stats.set(entity, (s = { sizes: [], moves: 0, historyBytes: 0, parts: [], versions: new Map() }));
    s.sizes.push(state.length);
    const version = schemaOf(state);
    s.versions.set(version, (s.versions.get(version) ?? 0) + 1);
    if (values.breakdown) s.parts.push(breakdown(state));
    if (entity !== 'opportunity' && entity !== 'lead') continue;
    for (const struct of Y.decodeUpdate(state).structs) {
      if (struct instanceof Y.Item && (struct.parent as unknown) === HISTORY && struct.parentSub !== null && struct.content instanceof Y.ContentAny) {
        s.moves++;
        s.historyBytes += itemBytes(struct.parentSub, struct.content.arr[0]);
      }
    }
  }
  let all = 0;
  let count = 0;
  console.log(`bench-doc-size: ${dir}; budget mean <= ${BUDGET_BYTES} B per record`);
  console.log(
    `${'entity'.padEnd(14)} ${'records'.padStart(9)} ${'schema'.padStart(12)} ${'mean B'.padStart(8)} ${'p95 B'.padStart(7)} ${'moves/rec'.padStart(10)} ${'history B/rec'.padStart(14)}`,
  );
  for (const [entity, s] of [...stats].sort()) {
    const sorted = [...s.sizes].sort((a, b) => a - b);
    const sum = sorted.reduce((a, b) => a + b, 0);
    all += sum;
    count += sorted.length;
    const history = entity === 'opportunity' || entity === 'lead';
    console.log(
      `${entity.padEnd(14)} ${String(sorted.length).padStart(9)} ${versionsText(s.versions).padStart(12)} ${(sum / sorted.length).toFixed(0).padStart(8)} ${String(sorted[Math.ceil(0.95 * sorted.length) - 1]).padStart(7)}` +
        (history ? ` ${(s.moves / sorted.length).toFixed(2).padStart(10)} ${(s.historyBytes / sorted.length).toFixed(0).padStart(14)}` : ''),
    );
  }
  if (values.breakdown) printBreakdown(stats);
  const mean = all / Math.max(1, count);
  console.log(`all records: ${count} documents, mean ${mean.toFixed(0)} B  ${mean <= BUDGET_BYTES ? 'ok' : 'OVER'}`);
  const mix = mMix(stats);
  if (mix) console.log(`M mix (each entity's mean weighted by ${mix.weights}): ${mix.mean.toFixed(0)} B  ${mix.mean <= BUDGET_BYTES ? 'ok' : 'OVER'}`);
  db.close();
  if (values.edits) printEdits();
}

/** The schema a document was created with (`m.v`), 0 when it has none. */
function schemaOf(state: Uint8Array): number {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, state);
  const version = docMeta(doc).version ?? 0;
  doc.destroy();
  return version;
}

function versionsText(versions: Map<number, number>): string {
  return [...versions]
    .sort(([a], [b]) => a - b)
    .map(([v, n]) => `v${v}:${n}`)
    .join(' ');
}

/** The M tier's average from per-entity means: the entities of SEED_TIERS.M present in this store. */
function mMix(stats: Map<string, { sizes: number[] }>): { mean: number; weights: string } | null {
  let bytes = 0;
  let records = 0;
  const used: string[] = [];
  for (const [entity, n] of Object.entries(SEED_TIERS.M)) {
    const s = stats.get(entity);
    if (!s || s.sizes.length === 0) continue;
    bytes += (n * s.sizes.reduce((a, b) => a + b, 0)) / s.sizes.length;
    records += n;
    used.push(`${entity} ${n.toLocaleString('en-US')}`);
  }
  return records > 0 ? { mean: bytes / records, weights: used.join(', ') } : null;
}

function printEdits(): void {
  console.log(`\nedits (fresh store of 1,000 leads per schema, acknowledged by the relay first)`);
  for (const version of [DOC_SCHEMA_V2, DOC_SCHEMA_VERSION]) {
    const f = measureEdits(version);
    console.log(
      `schema ${version}: lead document ${f.docBytes.toFixed(0)} B; 100 edits of one record: ${f.rows100} outbox row, ${f.bytes100} B to send; ` +
        `10,000 offline edits of the 1,000: ${f.rows10k} rows, ${(f.bytes10k / 1024).toFixed(0)} KiB to send`,
    );
  }
}

/** Mean bytes per record of each part, by entity; then what schema 2 stores that schema 3 does not. */
function printBreakdown(stats: Map<string, { parts: Breakdown[] }>): void {
  const columns = [...PARTS, ...SAVINGS.map((s) => `(${s})`)];
  console.log(`\nbreakdown, mean B per record (parenthesised: items of schema 2 that schema 3 derives or leaves out)`);
  console.log(`${'entity'.padEnd(12)} ${columns.map((c) => c.padStart(Math.max(8, c.length))).join(' ')}`);
  for (const [entity, s] of [...stats].sort()) {
    const n = Math.max(1, s.parts.length);
    const mean = (pick: (b: Breakdown) => number) => (s.parts.reduce((a, b) => a + pick(b), 0) / n).toFixed(0);
    const cells = [...PARTS.map((p) => mean((b) => b.parts[p])), ...SAVINGS.map((p) => mean((b) => b.savings[p]))];
    console.log(`${entity.padEnd(12)} ${cells.map((c, i) => c.padStart(Math.max(8, columns[i].length))).join(' ')}`);
  }
}

main();
