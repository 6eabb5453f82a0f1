import { describe, expect, it } from 'vitest';
import { valuesFromWinners } from '../../../../src/main/engines/records/projection';
import { ENTITIES } from '../../../../src/shared/entities/entities';
import { allFields, CUSTOM_FIELD_PREFIX } from '../../../../src/shared/entities/field-def';
import type { Entry, Winners } from '../../../../src/shared/record-doc/doc-format';

const entry = (field: string, value: unknown): Entry => ({ field, writer: 'w', value, stamp: 1 });

/** A deterministic generator, so a failure names a case that can be run again. */
function random(seed: number): () => number {
  let s = seed;
  return () => (s = (s * 1103515245 + 12345) % 2147483648) / 2147483648;
}

describe('valuesFromWinners', () => {
  it('gives every record of an entity its values in one key order, whichever entries its document holds', () => {
    for (const entity of ENTITIES) {
      const fields = Object.keys(allFields(entity)).filter((f) => f !== 'tags' && f !== 'id');
      const next = random(entity.name.length);
      const shapes = new Set<string>();
      for (let k = 0; k < 30; k++) {
        const winners: Winners = new Map();
        // A random subset, in a random order, as documents of different writes hold them.
        for (const f of [...fields].sort(() => next() - 0.5)) if (next() < 0.4) winners.set(f, entry(f, 'x'));
        if (next() < 0.5) winners.set('#vip', entry('#vip', true));
        if (next() < 0.5) winners.set(`${CUSTOM_FIELD_PREFIX}tier`, entry(`${CUSTOM_FIELD_PREFIX}tier`, 'gold'));
        const values = valuesFromWinners(entity, 'r1', winners);
        shapes.add(Object.keys(values).join(','));
        for (const f of fields) if (!allFields(entity)[f].local) expect(f in values, `${entity.name}.${f}`).toBe(true);
        for (const [f, e] of winners)
          if (!f.startsWith('#') && !f.startsWith(CUSTOM_FIELD_PREFIX)) expect(values[f] === null || values[f] === e.value).toBe(true);
        expect(values.tags).toEqual(winners.has('#vip') ? ['vip'] : []);
        expect(values.custom_fields).toEqual(winners.has(`${CUSTOM_FIELD_PREFIX}tier`) ? { tier: 'gold' } : {});
      }
      // Local fields (a user's last_login) appear only when the document holds them.
      expect(shapes.size, entity.name).toBeLessThanOrEqual(Object.values(allFields(entity)).some((d) => d.local) ? 2 ** 3 : 1);
    }
  });
});
