export { RecordsEngine, type CustomValuesValidator, type InTransactionHook } from './records-engine';
export { RecordReader, type Viewer, type CustomValuesFilter } from './record-reader';
export { customFieldKey, type Row, type CustomSearchText } from './projection';
export type { BulkAction, BulkChange, Origin, RecordAction, RecordChange, RecordView, WriteContext } from './record-change';
export { ORIGINS } from './record-change';
