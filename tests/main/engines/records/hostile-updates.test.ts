import { describe, expect, it } from 'vitest';
import { RecordsEngine } from '../../../../src/main/engines/records';
import { ManualClock } from '../../../helpers/manual-clock';
import { tempStore } from '../../../helpers/temp-store';

/**
 * What a hostile or broken peer can send: real updates with bytes flipped, cut, spliced or
 * replaced. None may throw out of the engine, and none that is refused may change a document.
 */
function prng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a * 1103515245 + 12345) % 2 ** 31;
    return a / 2 ** 31;
  };
}

describe('hostile remote updates', () => {
  it('10,000 corrupted updates: no raw error, no document changed by a refused one', () => {
    const clock = new ManualClock();
    const source = new RecordsEngine({ ...tempStore(), clock });
    const target = tempStore();
    // Each refused update is stored aside in its own transaction; without a per-commit fsync
    // the 10,000 run in seconds. Durability is not what this test is about.
    target.db.pragma('synchronous = OFF');
    const engine = new RecordsEngine({ db: target.db, clock });
    const ctx = { actor: null, origin: 'api' as const };
    const real: { id: string; update: Uint8Array }[] = [];
    for (let i = 0; i < 20; i++) {
      const id = String(source.create('lead', { email: `h${i}@x.test`, first_name: 'Hana', tags: ['vip'], lead_score: i }, ctx).id);
      source.update('lead', id, { status: 'contacted', notes: 'n'.repeat(i * 10) }, ctx);
      for (const item of source.outbox.since(0, 100)) real.push({ id: item.record_id, update: item.update });
      source.outbox.acknowledge(source.outbox.since(0, 100));
      // Half the records already exist on the target, so corruptions also hit stored documents.
      if (i % 2 === 0) engine.applyRemoteUpdate(real[real.length - 1].id, real[real.length - 1].update);
    }
    const r = prng(7);
    const stateOf = (id: string) => target.db.prepare('SELECT state FROM record_docs WHERE id = ?').pluck().get(id) as Buffer | undefined;
    const counts: Record<string, number> = {};
    for (let n = 0; n < 10_000; n++) {
      const base = real[Math.floor(r() * real.length)];
      const bytes = new Uint8Array(base.update);
      const kind = Math.floor(r() * 5);
      let mutated: Uint8Array;
      if (kind === 0) {
        mutated = bytes;
        for (let k = 0; k < 1 + r() * 4; k++) mutated[Math.floor(r() * mutated.length)] = Math.floor(r() * 256);
      } else if (kind === 1) mutated = bytes.slice(0, Math.floor(r() * bytes.length));
      else if (kind === 2) {
        const other = real[Math.floor(r() * real.length)].update;
        mutated = new Uint8Array([...bytes.slice(0, Math.floor(r() * bytes.length)), ...other.slice(Math.floor(r() * other.length))]);
      } else if (kind === 3) mutated = Uint8Array.from({ length: Math.floor(r() * 200) }, () => Math.floor(r() * 256));
      else {
        mutated = bytes;
        mutated[Math.floor(r() * mutated.length)] ^= 1 << Math.floor(r() * 8);
      }
      const before = stateOf(base.id);
      const result = engine.applyRemoteUpdate(base.id, mutated);
      counts[result.status] = (counts[result.status] ?? 0) + 1;
      if (result.status === 'refused' || result.status === 'parked') {
        const after = stateOf(base.id);
        expect(after === undefined ? undefined : Buffer.compare(after, before!)).toBe(before === undefined ? undefined : 0);
      }
    }
    console.log(`hostile updates by result: ${JSON.stringify(counts)}`);
    expect(counts.refused).toBeGreaterThan(5000);
  }, 120_000);
});
