import { PAGING_QUERY } from './record-schemas';
import { ENTITIES } from '../entities/entities';
import type { Operation } from './operation';

/** Values that lost a real concurrent edit (DESIGN.md section 3), kept for people to settle. */
export const CONFLICT_OPERATIONS: Operation[] = [
  {
    id: 'conflicts.list',
    method: 'GET',
    path: '/api/v1/conflicts/',
    summary: 'Kept conflicts: the value that lost a concurrent edit of a field, newest first',
    tag: 'Sync',
    access: 'read',
    query: [
      { name: 'model', description: 'Only conflicts of this model (lead, contact, ...)', schema: { type: 'string', enum: ENTITIES.map((e) => e.name) } },
      { name: 'object_id', description: 'Only conflicts of this record' },
      { name: 'status', description: '`open` (default), `resolved` or `all`', schema: { type: 'string', enum: ['open', 'resolved', 'all'] } },
      ...PAGING_QUERY,
    ],
  },
  { id: 'conflicts.retrieve', method: 'GET', path: '/api/v1/conflicts/{id}/', summary: 'One kept conflict', tag: 'Sync', access: 'read' },
  {
    id: 'conflicts.restore',
    method: 'POST',
    path: '/api/v1/conflicts/{id}/restore/',
    summary: 'Write the losing value back (a normal, audited, synced edit) and close the conflict',
    tag: 'Sync',
    access: 'write',
  },
  {
    id: 'conflicts.dismiss',
    method: 'POST',
    path: '/api/v1/conflicts/{id}/dismiss/',
    summary: 'Keep the current value and close the conflict',
    tag: 'Sync',
    access: 'write',
  },
];
