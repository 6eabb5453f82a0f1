import { describe, expect, it } from 'vitest';
import { validateCustomValue, displayValue } from '../../../../src/main/engines/custom-fields/value-validator';
import { convertValue } from '../../../../src/main/engines/custom-fields/value-conversion';
import { parseDefinition } from '../../../../src/main/engines/custom-fields/definition-input';
import type { CustomFieldDef, FieldType } from '../../../../src/main/engines/custom-fields/field-types';

function def(field_type: FieldType, extra: Partial<CustomFieldDef> = {}): CustomFieldDef {
  const parsed = parseDefinition({ name: 'f', label: 'F', field_type, content_type: 'lead', ...extra }, 'create');
  expect(parsed.errors).toEqual({});
  return { ...parsed.attrs, id: 'id', entity: 'lead', created_at: '', updated_at: '', deleted_at: null };
}

const opts = [
  { value: 'a', label: 'Option A' },
  { value: 'b', label: 'Option B' },
];

/** [type, attributes, valid input -> stored value, invalid input -> message] */
const CASES: [FieldType, Partial<CustomFieldDef>, [unknown, unknown][], [unknown, string][]][] = [
  [
    'text',
    { min_length: 2, max_length: 5 },
    [
      ['ab', 'ab'],
      [' abc ', 'abc'],
    ],
    [
      ['a', 'Ensure this field has at least 2 characters.'],
      ['abcdef', 'Ensure this field has no more than 5 characters.'],
      [3, 'Not a valid string.'],
    ],
  ],
  ['text', { regex_pattern: '^[A-Z]{3}-\\d+$', regex_error_message: 'Use ABC-123.' }, [['ABC-1', 'ABC-1']], [['abc-1', 'Use ABC-123.']]],
  ['textarea', {}, [['line\nline', 'line\nline']], [['x'.repeat(100_001), 'Ensure this field has no more than 100000 characters.']]],
  [
    'number',
    { min_value: 0, max_value: 10 },
    [
      [3, 3],
      ['7', 7],
    ],
    [
      [1.5, 'A valid integer is required.'],
      [11, 'Ensure this value is less than or equal to 10.'],
      [-1, 'Ensure this value is greater than or equal to 0.'],
      ['x', 'A valid integer is required.'],
    ],
  ],
  [
    'decimal',
    { min_value: 0.5 },
    [
      [1.234, 1.23],
      ['2.5', 2.5],
    ],
    [
      [0.1, 'Ensure this value is greater than or equal to 0.5.'],
      ['1,5', 'A valid number is required.'],
    ],
  ],
  [
    'boolean',
    {},
    [
      [true, true],
      [false, false],
    ],
    [['yes', 'Must be a valid boolean.']],
  ],
  [
    'date',
    {},
    [['2024-02-29', '2024-02-29']],
    [
      ['2023-02-29', 'Date has wrong format. Use YYYY-MM-DD.'],
      ['29/02/2024', 'Date has wrong format. Use YYYY-MM-DD.'],
    ],
  ],
  [
    'datetime',
    {},
    [['2024-01-15T10:30:00+02:00', '2024-01-15T08:30:00.000Z']],
    [['tomorrow', 'Datetime has wrong format. Use ISO 8601, e.g. 2024-01-15T10:30:00Z.']],
  ],
  ['email', {}, [['a@b.co', 'a@b.co']], [['not-an-email', 'Enter a valid email address.']]],
  [
    'url',
    {},
    [['https://x.test/a', 'https://x.test/a']],
    [
      ['ftp://x.test', 'Enter a valid URL.'],
      ['nope', 'Enter a valid URL.'],
    ],
  ],
  ['phone', {}, [['+1 (555) 123-4567', '+1 (555) 123-4567']], [['call me', 'Enter a valid phone number.']]],
  ['select', { options: opts }, [['a', 'a']], [['c', '"c" is not a valid choice.']]],
  ['radio', { options: opts }, [['b', 'b']], [[['a'], '"a" is not a valid choice.']]],
  [
    'multiselect',
    { options: opts },
    [
      [
        ['a', 'b', 'a'],
        ['a', 'b'],
      ],
    ],
    [
      [['a', 'z'], '"z" is not a valid choice.'],
      ['a', 'Expected a list of values.'],
    ],
  ],
  ['checkbox', { options: opts }, [[['b'], ['b']]], [[[1], '"1" is not a valid choice.']]],
];

describe('custom value validation', () => {
  for (const [type, extra, valid, invalid] of CASES) {
    it(`${type}${Object.keys(extra).length ? ` (${Object.keys(extra).join(', ')})` : ''}`, () => {
      const d = def(type, extra);
      for (const [input, stored] of valid) expect(validateCustomValue(d, input)).toEqual({ ok: true, value: stored });
      for (const [input, message] of invalid) expect(validateCustomValue(d, input)).toEqual({ ok: false, message });
      expect(validateCustomValue(d, null)).toEqual({ ok: true, value: null });
      expect(validateCustomValue({ ...d, is_required: true }, null)).toEqual({ ok: false, message: 'This field may not be blank.' });
    });
  }

  it('covers all 14 types', () => {
    expect(new Set(CASES.map((c) => c[0])).size).toBe(14);
  });

  // A backtracking engine needs about 2^5000 steps for the first value (this test would never
  // end); the linear-time engine answers at once. `npm run bench:regex` prints the figures.
  it('matches a catastrophic pattern against a long value (linear-time engine)', () => {
    const d = def('textarea', { regex_pattern: '^(a+)+$' });
    expect(validateCustomValue(d, `${'a'.repeat(5000)}!`)).toEqual({ ok: false, message: 'Enter a valid value.' });
    expect(validateCustomValue(d, 'a'.repeat(10_240)).ok).toBe(true);
  });

  it('shows option labels as display values', () => {
    expect(displayValue(def('select', { options: opts }), 'a')).toBe('Option A');
    expect(displayValue(def('checkbox', { options: opts }), ['a', 'b'])).toEqual(['Option A', 'Option B']);
  });
});

describe('definitions', () => {
  it('refuses attributes that do not apply, bad names and unknown keys', () => {
    const parsed = parseDefinition(
      { name: 'Bad Name', label: 'X', field_type: 'boolean', content_type: 99, options: ['a'], min_length: 3, colour: 'red' },
      'create',
    );
    expect(Object.keys(parsed.errors).sort()).toEqual(['colour', 'content_type', 'min_length', 'name', 'options']);
  });

  it('checks the default value with the field rules', () => {
    const parsed = parseDefinition({ name: 'n', label: 'N', field_type: 'number', content_type: 'lead', max_value: 5, default_value: 9 }, 'create');
    expect(parsed.errors.default_value).toEqual(['Ensure this value is less than or equal to 5.']);
  });

  it('converts values between types where it can', () => {
    expect(convertValue(def('number'), '42')).toEqual({ ok: true, value: 42 });
    expect(convertValue(def('number'), 'forty')).toMatchObject({ ok: false });
    expect(convertValue(def('text'), 12.5)).toEqual({ ok: true, value: '12.5' });
    expect(convertValue(def('boolean'), 'yes')).toEqual({ ok: true, value: true });
    expect(convertValue(def('multiselect', { options: opts }), 'a')).toEqual({ ok: true, value: ['a'] });
    expect(convertValue(def('select', { options: opts }), ['b'])).toEqual({ ok: true, value: 'b' });
    expect(convertValue(def('date'), '2024-01-02T00:00:00.000Z')).toEqual({ ok: true, value: '2024-01-02' });
    expect(convertValue(def('date'), '2024-01-02T10:00:00.000Z')).toMatchObject({ ok: false });
    expect(convertValue(def('datetime'), '2024-01-02')).toEqual({ ok: true, value: '2024-01-02T00:00:00.000Z' });
  });
});
