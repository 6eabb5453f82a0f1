import { describe, expect, it } from 'vitest';
import { OPERATIONS } from '../../../src/shared/contract/operations';
import { compileOperationValidator } from '../../../src/main/api/request-validator';
import { AppError } from '../../../src/shared/errors';

/** Validators compile on an operation's first request; this compiles every one of the table now. */
function outcome(run: () => void): 'ok' | 'refused' {
  try {
    run();
    return 'ok';
  } catch (error) {
    if (error instanceof AppError && error.code === 'validation_failed') return 'refused';
    throw error;
  }
}

describe('the request validators of the operation table', () => {
  it("every operation's body and query schemas compile, and an empty query passes unless a parameter is required", () => {
    for (const op of OPERATIONS) {
      const validator = compileOperationValidator(op);
      const required = (op.query ?? []).some((q) => q.required);
      expect(
        outcome(() => validator.query({})),
        op.id,
      ).toBe(required ? 'refused' : 'ok');
      outcome(() => validator.body({}));
    }
  });

  it('refuses an unknown query parameter and an unknown body key on every operation', () => {
    for (const op of OPERATIONS) {
      const validator = compileOperationValidator(op);
      // List filters (`<field>[__lookup]`) are a family of names; the list engine knows the entity's fields.
      const filters = (op.query ?? []).some((q) => q.name.startsWith('<'));
      expect(
        outcome(() => validator.query({ zz_unknown: 'x' })),
        op.id,
      ).toBe(filters ? 'ok' : 'refused');
      if (op.method !== 'GET' && op.method !== 'DELETE')
        expect(
          outcome(() => validator.body({ zz_unknown: 1 })),
          op.id,
        ).toBe('refused');
    }
  });
});
