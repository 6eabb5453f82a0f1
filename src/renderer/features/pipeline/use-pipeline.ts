import { keepPreviousData, useQueries, useQueryClient } from '@tanstack/react-query';
import { useCallback, useRef } from 'react';
import type { Page, PipelineSummary } from '../../../shared/contract/api-types';
import { OPPORTUNITY_STAGES, type OpportunityStage } from '../../../shared/entities/enums';
import { apiQueryOptions, invalidateOperations } from '../../api/use-api-query';
import { useApi } from '../../app/api-context';
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

type Filters = Record<string, string | undefined>;

/**
 * One list request per stage (largest deals first) and the stage sums, each a cache entry that
 * `/ws/activity/` refreshes when an opportunity changes. A move is shown at once (the two
 * stages' entries are edited in place) and sent as `PATCH {stage}`; a refusal puts the card
 * back where it was and says why.
 */
export function usePipeline(filters: Filters) {
  const api = useApi();
  const client = useQueryClient();
  const toast = useToast();
  const key = JSON.stringify(filters);
  const query = JSON.parse(key) as Filters;
  const summary = apiQueryOptions(api, 'opportunities.summary', { query: { ...query, group_by: 'stage' } });
  const stages = OPPORTUNITY_STAGES.map((stage) =>
    apiQueryOptions(api, 'opportunities.list', { query: { ...query, stage, page_size: CARDS_PER_STAGE, ordering: '-amount' } }),
  );
  // While new filters load, the board shown stays.
  const [sums, ...lists] = useQueries({ queries: [summary, ...stages].map((q) => ({ ...q, placeholderData: keepPreviousData })) });
  const summed = sums.data as PipelineSummary | undefined;

  const failed = [sums, ...lists].find((r) => r.error)?.error;
  let board: Board | undefined;
  if (summed && lists.every((l) => l.data)) {
    const amounts = new Map(summed.groups.map((g) => [g.key, g.amount]));
    const pages = lists.map((l) => l.data as Page<ApiRecord>);
    board = Object.fromEntries(
      OPPORTUNITY_STAGES.map((stage, i) => [stage, { count: pages[i].count, amount: amounts.get(stage) ?? {}, deals: pages[i].results }]),
    ) as unknown as Board;
  }
  const boardRef = useRef(board);
  boardRef.current = board;
  const keyOf = (stage: OpportunityStage) => stages[OPPORTUNITY_STAGES.indexOf(stage)].queryKey;
  const keysRef = useRef(keyOf);
  keysRef.current = keyOf;

  const move = useCallback(
    async (id: string, to: OpportunityStage) => {
      const before = boardRef.current;
      if (!before) return;
      const from = OPPORTUNITY_STAGES.find((s) => before[s].deals.some((d) => d.id === id));
      if (!from || from === to) return;
      const deal = before[from].deals.find((d) => d.id === id) as ApiRecord;
      const fromKey = keysRef.current(from);
      const toKey = keysRef.current(to);
      // A refetch under way must not land on top of the move.
      await Promise.all([client.cancelQueries({ queryKey: fromKey }), client.cancelQueries({ queryKey: toKey })]);
      const previous = [client.getQueryData<Page<ApiRecord>>(fromKey), client.getQueryData<Page<ApiRecord>>(toKey)] as const;
      const edit = (k: typeof fromKey, change: (page: Page<ApiRecord>) => Page<ApiRecord>) =>
        client.setQueryData<Page<ApiRecord>>(k, (page) => page && change(page));
      edit(fromKey, (p) => ({ ...p, count: p.count - 1, results: p.results.filter((d) => d.id !== id) }));
      edit(toKey, (p) => ({ ...p, count: p.count + 1, results: [{ ...deal, stage: to }, ...p.results] }));
      try {
        const saved = await api.call('opportunities.update', { params: { id }, body: { stage: to } });
        edit(toKey, (p) => ({ ...p, results: p.results.map((d) => (d.id === id ? saved : d)) }));
      } catch (err) {
        client.setQueryData(fromKey, previous[0]);
        client.setQueryData(toKey, previous[1]);
        toast(`Could not move “${String(deal.name)}”: ${asApiError(err).message}`, { tone: 'error' });
      }
    },
    [api, client, toast],
  );

  const reload = useCallback(() => void invalidateOperations(client, ['opportunities.summary', 'opportunities.list']), [client]);
  return { board, error: failed?.message, move, reload };
}
