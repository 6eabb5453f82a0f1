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

/** Every deal of the stage, each currency apart (adding dollars to euros would mislead). */
function total(column: StageColumn): string {
  const entries = Object.entries(column.amount);
  if (entries.length === 0) return formatMoney(0, 'USD', true);
  return entries.map(([currency, sum]) => formatMoney(Number(sum), currency, true)).join(' + ');
}

export function PipelineColumn({ stage, column, onDrop, onStep }: PipelineColumnProps) {
  const [over, setOver] = useState(false);
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
          <span className="count-pill" data-testid="stage-count">
            {column.count}
          </span>
        </div>
        <div className="stage-total numeric" data-testid="stage-total">
          {total(column)}
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
