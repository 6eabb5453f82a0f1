export { AuditEngine, type AuditDeps } from './audit-engine';
export { auditHandlers } from './audit-handlers';
export { QueryReader } from './query-params';
export { visibilitySql, seesWholeTrail, AUDIT_MODELS, AUDIT_ACTIONS } from './audit-scope';
export { humanize } from './audit-values';
export { StatementCache } from '../../db/statement-cache';
