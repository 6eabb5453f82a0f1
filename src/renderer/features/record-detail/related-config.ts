import type { ResourceName } from '../records/record-resources';

export interface Relation {
  resource: ResourceName;
  /** The list filter that names this record. */
  filter: string;
  /** One column shown next to each linked record. */
  detail: string;
}

const TASKS = (filter: string): Relation => ({ resource: 'tasks', filter, detail: 'status' });
const ACTIVITIES = (filter: string): Relation => ({ resource: 'activities', filter, detail: 'occurred_at' });

/** What a record's page lists beside it. */
export const RELATIONS: Record<ResourceName, Relation[]> = {
  companies: [
    { resource: 'contacts', filter: 'company', detail: 'job_title' },
    { resource: 'opportunities', filter: 'company', detail: 'stage' },
    TASKS('company'),
    ACTIVITIES('company'),
  ],
  contacts: [{ resource: 'opportunities', filter: 'contact', detail: 'stage' }, TASKS('contact'), ACTIVITIES('contact')],
  leads: [TASKS('lead'), ACTIVITIES('lead')],
  opportunities: [TASKS('opportunity'), ACTIVITIES('opportunity')],
  tasks: [],
  activities: [],
};
