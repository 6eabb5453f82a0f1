import { useState } from 'react';
import type { TeamCompaction } from '../../../shared/contract/api-types';
import { useApiMutation, useApiQuery } from '../../api/use-api-query';
import { ConfirmDialog } from '../../ui/ConfirmDialog';
import { asApiError } from '../../ui/as-api-error';
import { useToast } from '../../ui/toast-context';
import { formatDateTime } from '../records/format-value';

const kib = (bytes: number) => `${new Intl.NumberFormat(undefined, { maximumFractionDigits: 1 }).format(bytes / 1024)} KiB`;

/** Still moving: the relay rewrites, or this install downloads and swaps the new histories. */
function busy(c: TeamCompaction | undefined): boolean {
  return !!c && (c.state === 'compacting' || ['waiting', 'staging', 'swapping'].includes(c.this_install.state));
}

function describe(c: TeamCompaction): string {
  const here = c.this_install;
  if (c.state === 'compacting') return 'The relay is rewriting the team’s record histories…';
  if (here.state === 'waiting' || here.state === 'staging') {
    return `This computer is downloading the compacted records${here.total ? `: ${here.staged ?? 0} of ${here.total}` : '…'}`;
  }
  if (here.state === 'swapping') return `This computer is switching to the compacted records: ${here.swapped ?? 0} done`;
  if (c.epoch === 0) return 'The team’s record histories have never been compacted.';
  const s = c.stats;
  const when = s.finished_at ? ` ${formatDateTime(s.finished_at)}` : '';
  if (!s.rewritten) return `Last compacted${when}: the histories were already compact.`;
  const size =
    s.bytes_before && s.bytes_after
      ? `, histories ${kib(s.bytes_before)} → ${kib(s.bytes_after)} (−${Math.round((1 - s.bytes_after / s.bytes_before) * 100)}%)`
      : '';
  return `Last compacted${when}: ${s.rewritten} records rewritten${size}.`;
}

/**
 * Settings › Team: the team-wide compaction of record histories (README, "The record
 * document"). Everyone sees where it stands; team admins may start one.
 */
export function CompactTeam({ canStart }: { canStart: boolean }) {
  const toast = useToast();
  const [confirming, setConfirming] = useState(false);
  const { data, error } = useApiQuery('sync.compaction', {}, { refetchInterval: (q) => (busy(q.state.data) ? 1500 : false) });
  const start = useApiMutation('sync.compact', ['sync.compaction']);

  async function compact() {
    try {
      await start.mutateAsync({});
      toast('Compaction started: every computer of the team downloads the compacted records');
    } catch (err) {
      toast(asApiError(err).message, { tone: 'error' });
    }
    setConfirming(false);
  }

  return (
    <div className="form-stack" data-testid="team-compaction">
      <h4>Record histories</h4>
      <p className="muted" data-testid="team-compaction-state" data-busy={busy(data) ? 'true' : 'false'}>
        {error ? `Needs the relay: ${error.message}` : data ? describe(data) : 'Loading…'}
      </p>
      {canStart && data && (
        <div>
          <button type="button" className="button ghost" disabled={busy(data)} onClick={() => setConfirming(true)} data-testid="team-compact">
            Compact the team’s histories…
          </button>
        </div>
      )}
      {confirming && (
        <ConfirmDialog
          title="Compact the team’s record histories?"
          confirmLabel="Compact"
          onConfirm={() => void compact()}
          onClose={() => setConfirming(false)}
          disabled={start.isPending}
          testId="compact-team-dialog"
          confirmTestId="compact-team-confirm"
        >
          <p>
            The relay rewrites every record’s history in the compact format, keeping every value. Each computer of the team then downloads the records again and
            re-applies the changes it has not sent yet; records stay readable meanwhile.
          </p>
          <p>Update FieldCRM on every computer first: an older version cannot sync with the team until it is updated.</p>
        </ConfirmDialog>
      )}
    </div>
  );
}
