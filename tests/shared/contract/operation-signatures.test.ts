import { describe, expect, it } from 'vitest';
import { OPERATIONS } from '../../../src/shared/contract/operations';
import { OPERATION_SIGNATURES, type CallArgs, type OperationId, type ParamsOf, type ResponseOf } from '../../../src/shared/contract/signatures';
import type { ApiRecord, Page } from '../../../src/shared/contract/api-types';

describe('operation signatures (the typed client) and the operation table', () => {
  const routes = new Map(OPERATIONS.map((o) => [o.id, `${o.method} ${o.path}`]));

  it('types every operation of the table, with its method and path', () => {
    const typed = Object.keys(OPERATION_SIGNATURES);
    expect(typed.filter((id) => !routes.has(id))).toEqual([]);
    expect([...routes.keys()].filter((id) => !(id in OPERATION_SIGNATURES))).toEqual([]);
    for (const [id, signature] of Object.entries(OPERATION_SIGNATURES)) {
      expect(signature.route, id).toBe(routes.get(id));
    }
  });

  it('derives path parameters from the route and refuses unknown ids at compile time', () => {
    const params: ParamsOf<'record_history.revert'>[] = ['model', 'id'];
    const answer: ResponseOf<'leads.list'> = { count: 0, next: null, previous: null, results: [] } satisfies Page<ApiRecord>;
    const noInput: CallArgs<'auth.me'> = [];
    // @ts-expect-error an update needs the record's id
    const missingId: CallArgs<'leads.update'> = [{ body: {} }];
    // @ts-expect-error not an operation of the table
    const unknown: OperationId = 'leads.explode';
    expect([params, answer.count, noInput.length, missingId.length, unknown]).toHaveLength(5);
  });
});
