import { describe, expect, it } from 'vitest';
import { createEngine, type Engine } from '../../../../src/main/app/create-engine';
import { AppError } from '../../../../src/shared/errors';
import { ManualClock } from '../../../helpers/manual-clock';
import { tempDir } from '../../../helpers/temp-store';

const ctx = { actor: null, origin: 'import' as const };

/** Whether a contact with this e-mail may be created now (the uniqueness check's answer). */
function accepted(engine: Engine, email: string): boolean {
  try {
    engine.records.create('contact', { email, first_name: 'P', last_name: 'Q' }, ctx);
    return true;
  } catch (e) {
    if (e instanceof AppError && e.fields?.email) return false;
    throw e;
  }
}

describe('what a bulk batch looks up once: unique values asked for the whole batch', () => {
  it('answer as the per-row probe does while the batch creates, edits, deletes and restores records', () => {
    const engine = createEngine({ dataDir: tempDir(), clock: new ManualClock(), reminderIntervalMs: 3_600_000 });
    try {
      const kept = engine.records.create('contact', { email: 'Kept@Old.test', first_name: 'K', last_name: 'K' }, ctx);
      const moved = engine.records.create('contact', { email: 'moved@old.test', first_name: 'M', last_name: 'M' }, ctx);
      const gone = engine.records.create('contact', { email: 'gone@old.test', first_name: 'G', last_name: 'G' }, ctx);
      const back = engine.records.create('contact', { email: 'back@old.test', first_name: 'B', last_name: 'B' }, ctx);
      engine.records.remove('contact', String(back.id), ctx);
      const primed = ['kept@old.test', 'moved@old.test', 'moved@new.test', 'gone@old.test', 'back@old.test', 'new@x.test', 'NEW2@x.test'];
      const answers: Record<string, boolean> = {};
      engine.records.inBulk(ctx, () => {
        engine.records.primeUnique('contact', 'email', primed);
        // An existing record, in another case (SQLite's NOCASE folds ASCII letters).
        answers.kept = accepted(engine, 'KEPT@old.test');
        // A value created earlier in the batch is taken for the rows after it.
        answers.first = accepted(engine, 'new@x.test');
        answers.again = accepted(engine, 'New@X.test');
        answers.upper = accepted(engine, 'new2@x.test');
        // An edit in the batch frees the old value and takes the new one.
        engine.records.update('contact', String(moved.id), { email: 'moved@new.test' }, ctx);
        answers.movedFrom = accepted(engine, 'moved@old.test');
        answers.movedTo = accepted(engine, 'moved@new.test');
        // A delete frees it; a restore takes it back.
        engine.records.remove('contact', String(gone.id), ctx);
        answers.deleted = accepted(engine, 'gone@old.test');
        engine.records.restore('contact', String(back.id), ctx);
        answers.restored = accepted(engine, 'back@old.test');
      });
      expect(answers).toEqual({ kept: false, first: true, again: false, upper: true, movedFrom: true, movedTo: false, deleted: true, restored: false });
      // After the batch nothing is remembered: the probe answers again.
      expect(accepted(engine, 'kept@old.test')).toBe(false);
      expect(String(kept.id)).toMatch(/-/);
    } finally {
      engine.close();
    }
  });

  it('are forgotten when the batch rolls back', () => {
    const engine = createEngine({ dataDir: tempDir(), clock: new ManualClock(), reminderIntervalMs: 3_600_000 });
    try {
      expect(() =>
        engine.records.inBulk(ctx, () => {
          engine.records.primeUnique('contact', 'email', ['a@x.test']);
          engine.records.create('contact', { email: 'a@x.test', first_name: 'A', last_name: 'A' }, ctx);
          throw new Error('rolled back');
        }),
      ).toThrow('rolled back');
      // The record went with the rollback, and so did what the batch knew about its value.
      engine.records.inBulk(ctx, () => expect(accepted(engine, 'a@x.test')).toBe(true));
    } finally {
      engine.close();
    }
  });

  it('and linked records found live: a record deleted in the batch is not taken as live after', () => {
    const engine = createEngine({ dataDir: tempDir(), clock: new ManualClock(), reminderIntervalMs: 3_600_000 });
    try {
      const company = String(engine.records.create('company', { name: 'Acme' }, ctx).id);
      const linked = (n: number) => {
        try {
          engine.records.create('contact', { email: `p${n}@live.test`, first_name: 'P', last_name: 'Q', company }, ctx);
          return true;
        } catch (e) {
          if (e instanceof AppError && e.fields?.company) return false;
          throw e;
        }
      };
      const answers: boolean[] = [];
      engine.records.inBulk(ctx, () => {
        answers.push(linked(1), linked(2));
        engine.records.remove('company', company, ctx);
        answers.push(linked(3));
        engine.records.restore('company', company, ctx);
        answers.push(linked(4));
      });
      expect(answers).toEqual([true, true, false, true]);
    } finally {
      engine.close();
    }
  });
});
