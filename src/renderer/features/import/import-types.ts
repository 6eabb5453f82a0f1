import type { DryRunView, ImportView } from '../../../shared/contract/data-transfer-types';

/** The import endpoints' shapes come from the shared contract; the screen's own names for them. */
export type { ImportRequest, MatchOn, RowError } from '../../../shared/contract/data-transfer-types';
export type DryRunResult = DryRunView;
export type ImportJob = ImportView;
