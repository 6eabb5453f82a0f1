import { describe, expect, it } from 'vitest';
import { apiQueryKey, isAffectedBy } from '../../../src/renderer/api/query-keys';

describe('which cached answers a record change on /ws/activity/ makes stale', () => {
  const lead = new Set(['L1']);

  it('marks the model’s lists and that record, not another record or another model', () => {
    expect(isAffectedBy(apiQueryKey('leads.list', undefined, { page: 3 }), 'lead', lead)).toBe(true);
    expect(isAffectedBy(apiQueryKey('leads.retrieve', { id: 'L1' }), 'lead', lead)).toBe(true);
    expect(isAffectedBy(apiQueryKey('leads.retrieve', { id: 'L2' }), 'lead', lead)).toBe(false);
    expect(isAffectedBy(apiQueryKey('contacts.list'), 'lead', lead)).toBe(false);
    expect(isAffectedBy(apiQueryKey('saved_views.list', undefined, { model: 'lead' }), 'lead', lead)).toBe(false);
  });

  it('marks the record’s history, timeline and conflicts; a timeline also follows activities and tasks', () => {
    expect(isAffectedBy(apiQueryKey('field_history.list', undefined, { model: 'lead', object_id: 'L1' }), 'lead', lead)).toBe(true);
    expect(isAffectedBy(apiQueryKey('field_history.list', undefined, { model: 'lead', object_id: 'L2' }), 'lead', lead)).toBe(false);
    expect(isAffectedBy(apiQueryKey('conflicts.list', undefined, { model: 'lead', object_id: 'L1' }), 'lead', lead)).toBe(true);
    const timeline = apiQueryKey('timeline.entity', { entity_type: 'lead', entity_id: 'L1' });
    expect(isAffectedBy(timeline, 'lead', lead)).toBe(true);
    expect(isAffectedBy(timeline, 'activity', new Set(['A9']))).toBe(true);
    expect(isAffectedBy(timeline, 'company', new Set(['C1']))).toBe(false);
  });

  it('treats an unknown set of ids (a gap) as every record of the model, and users through users.*', () => {
    expect(isAffectedBy(apiQueryKey('leads.retrieve', { id: 'L2' }), 'lead', new Set())).toBe(true);
    expect(isAffectedBy(apiQueryKey('users.list'), 'user', new Set(['U1']))).toBe(true);
    expect(isAffectedBy(apiQueryKey('widgets.data', { id: 'W1' }), 'task', new Set(['T1']))).toBe(true);
    expect(isAffectedBy(apiQueryKey('duplicates.find', undefined, { model: 'contact', email: 'a@b.c' }), 'contact', new Set(['C1']))).toBe(true);
    expect(isAffectedBy(apiQueryKey('duplicates.find', undefined, { model: 'contact', email: 'a@b.c' }), 'lead', lead)).toBe(false);
  });
});
