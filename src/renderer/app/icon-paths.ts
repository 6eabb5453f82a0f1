/** 24x24 stroke icons (drawn for this app), keyed by name. */
export const ICON_PATHS = {
  overview: 'M4 13h6V4H4zM14 20h6v-9h-6zM14 4v3h6V4zM4 20h6v-3H4z',
  lead: 'M12 3v3M12 18v3M3 12h3M18 12h3M12 16a4 4 0 1 0 0-8 4 4 0 0 0 0 8z',
  contact: 'M12 12a4 4 0 1 0 0-8 4 4 0 0 0 0 8zM4 20c1.5-3.5 4.5-5 8-5s6.5 1.5 8 5',
  company: 'M4 20V6l7-3v17M11 20V9l9 3v8M3 20h18M7 9h1M7 13h1M7 17h1M15 15h2',
  opportunity: 'M4 17l5-5 4 4 7-8M14 8h6v6',
  task: 'M9 11l3 3 8-8M20 12v7a1 1 0 0 1-1 1H5a1 1 0 0 1-1-1V5a1 1 0 0 1 1-1h11',
  activity: 'M3 12h4l3-8 4 16 3-8h4',
  search: 'M11 18a7 7 0 1 0 0-14 7 7 0 0 0 0 14zM20 20l-4-4',
  copy: 'M9 9h10v10H9zM5 15V5h10',
  chevronLeft: 'M15 6l-6 6 6 6',
  chevronRight: 'M9 6l6 6-6 6',
  signOut: 'M15 4h4v16h-4M10 8l-4 4 4 4M6 12h10',
  sortAsc: 'M12 5v14M6 11l6-6 6 6',
  sortDesc: 'M12 5v14M6 13l6 6 6-6',
} as const;

export type IconName = keyof typeof ICON_PATHS;
