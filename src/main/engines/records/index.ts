export { RecordsEngine, type CustomValuesValidator, type InTransactionHook } from './records-engine';
export { RecordReader } from './record-reader';
export { customFieldKey, type Row } from './projection';
export type { Origin, RecordAction, RecordChange, WriteContext } from './record-change';
export { ORIGINS } from './record-change';
