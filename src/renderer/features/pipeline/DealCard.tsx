import { recordHref } from '../../app/hash-route';
import { formatDate, formatMoney } from '../records/format-value';
import { briefLabel } from '../records/record-title';
import type { ApiRecord } from '../records/record-title';

interface DealCardProps {
  deal: ApiRecord;
  /** Keyboard moves: Alt+Left / Alt+Right send the card to the neighbouring stage. */
  onStep: (direction: -1 | 1) => void;
}

export function DealCard({ deal, onStep }: DealCardProps) {
  const closeDate = typeof deal.close_date === 'string' ? deal.close_date : undefined;
  const overdue = closeDate !== undefined && closeDate < new Date().toISOString().slice(0, 10) && !String(deal.stage).startsWith('closed');
  return (
    <a
      href={recordHref('opportunities', deal.id)}
      className="deal-card"
      draggable
      onDragStart={(e) => {
        e.dataTransfer.setData('text/x-deal-id', deal.id);
        e.dataTransfer.setData('text/plain', deal.id);
        e.dataTransfer.effectAllowed = 'move';
        e.currentTarget.classList.add('dragging');
      }}
      onDragEnd={(e) => e.currentTarget.classList.remove('dragging')}
      onKeyDown={(e) => {
        if (e.altKey && (e.key === 'ArrowLeft' || e.key === 'ArrowRight')) {
          e.preventDefault();
          onStep(e.key === 'ArrowLeft' ? -1 : 1);
        }
      }}
      aria-keyshortcuts="Alt+ArrowLeft Alt+ArrowRight"
      data-testid="deal-card"
      data-id={deal.id}
    >
      <span className="deal-name">{String(deal.name ?? '')}</span>
      <span className="deal-company muted">{briefLabel(deal.company) || briefLabel(deal.contact)}</span>
      <span className="deal-meta">
        <strong className="numeric">{formatMoney(deal.amount, deal.currency)}</strong>
        {closeDate && <span className={overdue ? 'deal-date overdue' : 'deal-date'}>{formatDate(closeDate)}</span>}
      </span>
    </a>
  );
}
