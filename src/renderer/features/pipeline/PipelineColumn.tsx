import { useState } from 'react';
import type { OpportunityStage } from '../../../shared/entities/enums';
import { formatMoney } from '../records/format-value';
import { DealCard } from './DealCard';
import type { StageColumn } from './use-pipeline';

interface PipelineColumnProps {
  stage: OpportunityStage;
  column: StageColumn;
  onDrop: (dealId: string) => void;
  onStep: (dealId: string, direction: -1 | 1) => void;
}

function total(column: StageColumn): string {
  const sum = column.deals.reduce((acc, d) => acc + (Number(d.amount) || 0), 0);
  const currencies = new Set(column.deals.map((d) => d.currency));
  const currency = currencies.size === 1 ? [...currencies][0] : 'USD';
  return formatMoney(sum, currency, true);
}

export function PipelineColumn({ stage, column, onDrop, onStep }: PipelineColumnProps) {
  const [over, setOver] = useState(false);
  const partial = column.count > column.deals.length;
  return (
    <section
      className={over ? `pipeline-column stage-${stage} drop-target` : `pipeline-column stage-${stage}`}
      onDragOver={(e) => {
        e.preventDefault();
        e.dataTransfer.dropEffect = 'move';
        setOver(true);
      }}
      onDragLeave={(e) => {
        if (!e.currentTarget.contains(e.relatedTarget as Node | null)) setOver(false);
      }}
      onDrop={(e) => {
        e.preventDefault();
        setOver(false);
        const id = e.dataTransfer.getData('text/x-deal-id') || e.dataTransfer.getData('text/plain');
        if (id) onDrop(id);
      }}
      aria-label={`${stage.replace(/_/g, ' ')} stage`}
      data-testid={`stage-${stage}`}
    >
      <header className="pipeline-column-header">
        <div className="stage-name">
          <span className="stage-dot" aria-hidden="true" />
          {stage.replace(/_/g, ' ')}
          <span className="count-pill" data-testid="stage-count">{column.count}</span>
        </div>
        <div className="stage-total numeric" data-testid="stage-total" title={partial ? `Sum of the ${column.deals.length} largest deals shown` : undefined}>
          {total(column)}
          {partial && <span className="muted"> · top {column.deals.length}</span>}
        </div>
      </header>
      <div className="pipeline-cards">
        {column.deals.map((deal) => (
          <DealCard key={deal.id} deal={deal} onStep={(dir) => onStep(deal.id, dir)} />
        ))}
        {column.count === 0 && <div className="stage-empty">Drop a deal here</div>}
      </div>
    </section>
  );
}
