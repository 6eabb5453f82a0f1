/**
 * Whether a key press is a single-key shortcut: no modifier, not typed into a field, and no
 * dialog open (a dialog's own keys win).
 */
export function isPlainShortcut(event: KeyboardEvent): boolean {
  if (event.ctrlKey || event.metaKey || event.altKey || event.defaultPrevented) return false;
  const target = event.target as HTMLElement | null;
  if (target?.closest('input, textarea, select, [contenteditable="true"]')) return false;
  return document.querySelector('[role="dialog"]') === null;
}

/** The single-key shortcuts, as the help overlay lists them. */
export const SHORTCUTS: { keys: string[]; what: string }[] = [
  { keys: ['Ctrl', 'K'], what: 'Search everything' },
  { keys: ['/'], what: 'Search everything' },
  { keys: ['N'], what: 'New record (on a list)' },
  { keys: ['E'], what: 'Edit the record (on a record page)' },
  { keys: ['L'], what: 'Log a call on the record' },
  { keys: ['G', 'then', 'D'], what: 'Go to My day' },
  { keys: ['G', 'then', 'P'], what: 'Go to the pipeline' },
  { keys: ['?'], what: 'Show this list' },
  { keys: ['Esc'], what: 'Close a dialog or cancel an edit' },
];
