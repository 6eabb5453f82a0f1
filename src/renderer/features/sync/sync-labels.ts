import type { SyncStatusView } from '../../../shared/contract/realtime-messages';

const numberFormat = new Intl.NumberFormat();

export type SyncLook = 'synced' | 'syncing' | 'offline' | 'error';

/** What the header says about the team connection; undefined when the install has no team. */
export function describeSync(status: SyncStatusView | undefined): { look: SyncLook; label: string; detail: string } | undefined {
  if (!status || status.state === 'disabled' || !status.team) return undefined;
  const pending = numberFormat.format(status.pending);
  const team = status.team.name ? `Team ${status.team.name}` : 'Your team';
  if (status.state === 'removed') {
    return {
      look: 'error',
      label: 'Removed from the team',
      detail: `${team}: this account was removed from the team; nothing more is synced. The records stay on this computer until you delete them (Settings › Team).`,
    };
  }
  if (status.state === 'error') {
    return { look: 'error', label: 'Sync error', detail: status.last_error ?? 'The relay refused this device.' };
  }
  if (status.state === 'offline') {
    const reason = status.last_error ? ` Last problem: ${status.last_error}` : '';
    return {
      look: 'offline',
      label: `Offline (${pending} waiting)`,
      detail: `${team}: the relay cannot be reached. Your changes are kept here and sent when it can.${reason}`,
    };
  }
  if (status.bootstrap && status.bootstrap.total > 0) {
    const { done, total } = status.bootstrap;
    return {
      look: 'syncing',
      label: `Receiving ${numberFormat.format(done)} of ${numberFormat.format(total)}`,
      detail: `${team}: this device is receiving the team's records.`,
    };
  }
  if (status.state === 'connecting' || status.pending > 0) {
    const label = status.pending > 0 ? `Syncing ${pending} ${status.pending === 1 ? 'change' : 'changes'}` : 'Connecting…';
    return {
      look: 'syncing',
      label,
      detail: `${team}: ${status.pending > 0 ? `${pending} local changes not yet acknowledged by the relay.` : 'connecting to the relay.'}`,
    };
  }
  return { look: 'synced', label: 'Synced', detail: `${team}: all changes synced with the relay.` };
}
