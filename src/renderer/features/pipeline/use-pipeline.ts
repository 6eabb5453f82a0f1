import type { PipelineSummary } from '../../../shared/contract/api-types';
import { useCallback, useEffect, useRef, useState } from 'react';
import { OPPORTUNITY_STAGES, type OpportunityStage } from '../../../shared/entities/enums';
import { useApi } from '../../app/api-context';
import { useEntityChanges } from '../../realtime/use-entity-changes';
import { asApiError } from '../../ui/as-api-error';
import { useToast } from '../../ui/toast-context';
import type { ApiRecord } from '../records/record-title';

export const CARDS_PER_STAGE = 100;

export interface StageColumn {
  count: number;
  /** Sum of every deal of the stage the filters select, per currency (not just the cards shown). */
  amount: Record<string, string>;
  deals: ApiRecord[];
}

export type Board = Record<OpportunityStage, StageColumn>;

const emptyBoard = (): Board => Object.fromEntries(OPPORTUNITY_STAGES.map((s) => [s, { count: 0, amount: {}, deals: [] }])) as unknown as Board;

/**
 * One list request per stage (largest deals first). A move is shown at once and sent as
 * `PATCH {stage}`; a refusal puts the card back where it was and says why.
 */
export function usePipeline(filters: Record<string, string | undefined>) {
  const api = useApi();
  const toast = useToast();
  const [board, setBoard] = useState<Board | undefined>();
  const [error, setError] = useState<string | undefined>();
  const boardRef = useRef<Board | undefined>(undefined);
  boardRef.current = board;
  const key = JSON.stringify(filters);

  const load = useCallback(() => {
    const query = JSON.parse(key) as Record<string, string | undefined>;
    Promise.all([
      api.call('opportunities.summary', { query: { ...query, group_by: 'stage' } }),
      ...OPPORTUNITY_STAGES.map((stage) => api.call('opportunities.list', { query: { ...query, stage, page_size: CARDS_PER_STAGE, ordering: '-amount' } })),
    ])
      .then(([summary, ...pages]) => {
        const next = emptyBoard();
        const amounts = new Map((summary as PipelineSummary).groups.map((g) => [g.key, g.amount]));
        OPPORTUNITY_STAGES.forEach((stage, i) => {
          next[stage] = { count: pages[i]?.count ?? 0, amount: amounts.get(stage) ?? {}, deals: pages[i]?.results ?? [] };
        });
        setBoard(next);
        setError(undefined);
      })
      .catch((err: unknown) => setError(asApiError(err).message));
  }, [api, key]);

  useEffect(load, [load]);
  useEntityChanges(['opportunity'], load);

  const move = useCallback(
    async (id: string, to: OpportunityStage) => {
      const before = boardRef.current;
      if (!before) return;
      const from = OPPORTUNITY_STAGES.find((s) => before[s].deals.some((d) => d.id === id));
      if (!from || from === to) return;
      const deal = before[from].deals.find((d) => d.id === id) as ApiRecord;
      const optimistic: Board = {
        ...before,
        [from]: { ...before[from], count: before[from].count - 1, deals: before[from].deals.filter((d) => d.id !== id) },
        [to]: { ...before[to], count: before[to].count + 1, deals: [{ ...deal, stage: to }, ...before[to].deals] },
      };
      setBoard(optimistic);
      try {
        const saved = await api.call('opportunities.update', { params: { id }, body: { stage: to } });
        setBoard((b) => b && { ...b, [to]: { ...b[to], deals: b[to].deals.map((d) => (d.id === id ? saved : d)) } });
      } catch (err) {
        setBoard(before);
        toast(`Could not move “${String(deal.name)}”: ${asApiError(err).message}`, { tone: 'error' });
      }
    },
    [api, toast],
  );

  return { board, error, move, reload: load };
}
