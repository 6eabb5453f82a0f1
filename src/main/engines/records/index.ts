export { RecordsEngine, type InTransactionHook } from './records-engine';
export type { CustomValuesValidator } from './write-validation';
export { RecordReader, type Viewer, type CustomValuesFilter } from './record-reader';
export { type Row, type CustomSearchText } from './projection';
export { customFieldKey } from '../../../shared/entities/field-def';
export type { BulkAction, BulkChange, Origin, RecordAction, RecordChange, RecordView, WriteContext } from './record-change';
export { ORIGINS } from './record-change';
export type { OutboxItem } from './sync-outbox';
export type { RemoteResult } from './remote-apply';
