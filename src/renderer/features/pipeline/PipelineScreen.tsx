import { useState } from 'react';
import { OPPORTUNITY_STAGES } from '../../../shared/entities/enums';
import type { SessionUser } from '../../api/token-store';
import { useDebouncedValue } from '../../app/use-debounced-value';
import { ErrorBanner } from '../../ui/ErrorBanner';
import { SearchBox } from '../records/SearchBox';
import { PipelineColumn } from './PipelineColumn';
import { usePipeline } from './use-pipeline';

/** Opportunities by stage; drag a card (or Alt+Arrow on it) to move the deal. */
export function PipelineScreen({ user }: { user: SessionUser }) {
  const [search, setSearch] = useState('');
  const [mine, setMine] = useState(false);
  const debounced = useDebouncedValue(search, 250);
  const { board, error, move, reload } = usePipeline({ search: debounced.trim() || undefined, owner: mine ? user.id : undefined });

  return (
    <div className="pipeline-screen">
      <section className="page-header">
        <div>
          <h2>Pipeline</h2>
          <p className="muted">Drag a deal to another stage, or focus it and press Alt + ← / →.</p>
        </div>
        <div className="header-actions">
          <SearchBox value={search} onChange={setSearch} placeholder="Search deals…" />
          <div className="segmented" role="group" aria-label="Whose deals">
            <button type="button" className={mine ? '' : 'active'} aria-pressed={!mine} onClick={() => setMine(false)}>
              All deals
            </button>
            <button type="button" className={mine ? 'active' : ''} aria-pressed={mine} onClick={() => setMine(true)} data-testid="pipeline-mine">
              My deals
            </button>
          </div>
        </div>
      </section>
      {error && <ErrorBanner error={new Error(error)} onRetry={reload} />}
      {!board && !error && <p className="muted">Loading the pipeline…</p>}
      {board && (
        <div className="pipeline-board" data-testid="pipeline-board">
          {OPPORTUNITY_STAGES.map((stage, index) => (
            <PipelineColumn
              key={stage}
              stage={stage}
              column={board[stage]}
              onDrop={(id) => void move(id, stage)}
              onStep={(id, dir) => {
                const target = OPPORTUNITY_STAGES[index + dir];
                if (target) void move(id, target);
              }}
            />
          ))}
        </div>
      )}
    </div>
  );
}
