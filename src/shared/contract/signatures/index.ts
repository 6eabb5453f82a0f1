/**
 * Every operation's types by id: what the renderer's typed client accepts and returns. An id
 * that is not here does not compile; tests/shared/contract/operation-signatures.test.ts keeps
 * this table and the operation table in step.
 */
import { AUTH_SIGNATURES, CUSTOM_FIELD_SIGNATURES, DATA_SIGNATURES, HISTORY_SIGNATURES, NOTIFICATION_SIGNATURES } from './core-signatures';
import { ANALYTICS_SIGNATURES, CAMPAIGN_SIGNATURES, DASHBOARD_SIGNATURES, SYNC_SIGNATURES } from './feature-signatures';
import { RECORD_SIGNATURES } from './record-signatures';
import type { PathParamNames, Query } from './signature';

export { recordOp, type RecordResource } from './record-signatures';

export const OPERATION_SIGNATURES = {
  ...AUTH_SIGNATURES,
  ...RECORD_SIGNATURES,
  ...NOTIFICATION_SIGNATURES,
  ...CUSTOM_FIELD_SIGNATURES,
  ...HISTORY_SIGNATURES,
  ...DATA_SIGNATURES,
  ...CAMPAIGN_SIGNATURES,
  ...SYNC_SIGNATURES,
  ...DASHBOARD_SIGNATURES,
  ...ANALYTICS_SIGNATURES,
};

type Signatures = typeof OPERATION_SIGNATURES;
export type OperationId = keyof Signatures;
type TypesOf<Id extends OperationId> = NonNullable<Signatures[Id]['types']>;

export type ParamsOf<Id extends OperationId> = PathParamNames<Signatures[Id]['route']>;
export type ResponseOf<Id extends OperationId> = TypesOf<Id> extends { response: infer R } ? R : undefined;
export type BodyOf<Id extends OperationId> = TypesOf<Id> extends { body: infer B } ? B : undefined;
export type QueryOf<Id extends OperationId> = TypesOf<Id> extends { query: infer Q } ? Q : Query;

/** What a call of `Id` takes: its path parameters, its body, its query. */
export type CallInput<Id extends OperationId> = ([ParamsOf<Id>] extends [never] ? { params?: undefined } : { params: Record<ParamsOf<Id>, string> }) &
  (BodyOf<Id> extends undefined ? { body?: undefined } : { body: BodyOf<Id> }) & {
    query?: QueryOf<Id>;
    signal?: AbortSignal;
    /** Extra request headers (`If-Match` on an edit made from a known version). */
    headers?: Record<string, string>;
  };

/** The input argument may be left out when nothing in it is required. */
export type CallArgs<Id extends OperationId> = [ParamsOf<Id>] extends [never]
  ? BodyOf<Id> extends undefined
    ? [input?: CallInput<Id>]
    : [input: CallInput<Id>]
  : [input: CallInput<Id>];

export type { Query, QueryValue } from './signature';
