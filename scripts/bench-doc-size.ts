/**
 * Record document sizes (budget: <= 600 B per record on average over the M store):
 *   npm run bench:doc-size -- --data-dir DIR
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
  const { values } = parseArgs({ options: { 'data-dir': { type: 'string' } } });
  const dir = values['data-dir'];
  if (!dir || !existsSync(join(dir, STORE_FILE))) {
    console.error('usage: npm run bench:doc-size -- --data-dir DIR   (a store made by npm run seed)');
    process.exit(2);
  }
  const db = new Database(join(dir, STORE_FILE), { readonly: true });
  const stats = new Map<string, { sizes: number[]; moves: number; historyBytes: number }>();
  for (const [entity, state] of db.prepare('SELECT entity, state FROM record_docs').raw().iterate() as Iterable<[string, Buffer]>) {
    let s = stats.get(entity);
    if (!s) stats.set(entity, (s = { sizes: [], moves: 0, historyBytes: 0 }));
    s.sizes.push(state.length);
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
    `${'entity'.padEnd(14)} ${'records'.padStart(9)} ${'mean B'.padStart(8)} ${'p95 B'.padStart(7)} ${'moves/rec'.padStart(10)} ${'history B/rec'.padStart(14)}`,
  );
  for (const [entity, s] of [...stats].sort()) {
    const sorted = [...s.sizes].sort((a, b) => a - b);
    const sum = sorted.reduce((a, b) => a + b, 0);
    all += sum;
    count += sorted.length;
    const history = entity === 'opportunity' || entity === 'lead';
    console.log(
      `${entity.padEnd(14)} ${String(sorted.length).padStart(9)} ${(sum / sorted.length).toFixed(0).padStart(8)} ${String(sorted[Math.ceil(0.95 * sorted.length) - 1]).padStart(7)}` +
        (history ? ` ${(s.moves / sorted.length).toFixed(2).padStart(10)} ${(s.historyBytes / sorted.length).toFixed(0).padStart(14)}` : ''),
    );
  }
  const mean = all / Math.max(1, count);
  console.log(`all records: ${count} documents, mean ${mean.toFixed(0)} B  ${mean <= BUDGET_BYTES ? 'ok' : 'OVER'}`);
  db.close();
}

main();
