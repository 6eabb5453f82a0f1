/** What the generator remembers of the records it created, so later ones can refer to them. */
export interface SeedState {
  users: { ids: string[]; sellers: number[] };
  companies: { ids: string[]; names: string[]; domains: string[] };
  /** Contacts' company as an index into `companies`, -1 for none. */
  contacts: { ids: string[]; names: string[]; company: number[] };
  leads: { ids: string[]; names: string[] };
  opportunities: { ids: string[]; names: string[]; contact: number[]; company: number[] };
  tasks: { ids: string[] };
  /** Emails of users and contacts are unique; the next free number per name. */
  emailCounts: Map<string, number>;
}

export function emptySeedState(): SeedState {
  return {
    users: { ids: [], sellers: [] },
    companies: { ids: [], names: [], domains: [] },
    contacts: { ids: [], names: [], company: [] },
    leads: { ids: [], names: [] },
    opportunities: { ids: [], names: [], contact: [], company: [] },
    tasks: { ids: [] },
    emailCounts: new Map(),
  };
}

export const DAY_MS = 86_400_000;

export function isoAt(ms: number): string {
  return new Date(ms).toISOString();
}

export function dateAt(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}
