import { describe, expect, it } from 'vitest';
import { diffValues, sameValue } from '../../../../src/main/engines/records/record-diff';

/** The scalar shortcut in sameValue must answer exactly as the JSON comparison it skips. */
describe('sameValue', () => {
  const viaJson = (a: unknown, b: unknown) =>
    a === b || ((a === null || a === undefined) && (b === null || b === undefined)) || JSON.stringify(a) === JSON.stringify(b);
  const values: unknown[] = [null, undefined, '', 'a', 'A', '1', 1, 0, -0, 1.5, NaN, Infinity, -Infinity, true, false, [], ['a'], {}, { a: 1 }, { a: 1, b: 2 }];

  it('agrees with comparing JSON for every pair of scalars, lists and objects', () => {
    for (const a of values) for (const b of values) expect(sameValue(a, b), `${String(a)} vs ${String(b)}`).toBe(viaJson(a, b));
  });

  it("a new record's diff lists every value set and nothing unset", () => {
    const changes = diffValues(null, { id: 'x', name: 'Acme', size: 0, active: false, notes: null, tags: ['a'], custom_fields: { tier: 'gold' } });
    expect(Object.keys(changes).sort()).toEqual(['active', 'custom_fields.tier', 'id', 'name', 'size', 'tags']);
  });

  it("a new record's diff (its own shortcut) is the diff against an empty record", () => {
    const after: Record<string, unknown> = { custom_fields: { tier: 'gold', none: null, n: NaN, list: [] }, updated_at: 'now' };
    values.forEach((v, i) => (after[`f${i}`] = v));
    expect(diffValues(null, after)).toEqual(diffValues({}, after));
  });
});
