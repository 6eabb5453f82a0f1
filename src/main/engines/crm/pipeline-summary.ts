import { validationError } from '../../../shared/errors';
import { opportunityEntity } from '../../../shared/entities/entities';
import { OPPORTUNITY_STAGES } from '../../../shared/entities/enums';
import { requireCaller, type HandlerRequest } from '../../core/handler';
import type { Db } from '../../db/open-database';
import type { ListQueryEngine } from '../query';
import { ownEntry } from '../../../shared/own-entry';

const GROUPINGS: Record<string, string> = { stage: 't.stage', owner: 't.owner' };

interface GroupRow {
  key: string | null;
  currency: string;
  count: number;
  amount: number;
  weighted: number;
}

type Money = Record<string, string>;

/**
 * Pipeline totals over every opportunity a list query selects (not one page of them):
 * counts and sums per stage or owner, money kept apart per currency.
 */
export function pipelineSummary(deps: { db: Db; query: ListQueryEngine }, req: HandlerRequest) {
  const { group_by: groupBy = 'stage', ...filters } = req.query;
  const groupExpr = typeof groupBy === 'string' ? ownEntry(GROUPINGS, groupBy) : undefined;
  if (!groupExpr) throw validationError({ group_by: ['One of: stage, owner.'] });
  const where = deps.query.where(opportunityEntity, filters, { viewer: requireCaller(req) });
  const rows = deps.db
    .prepare(
      `SELECT ${groupExpr} AS key, coalesce(t.currency, 'USD') AS currency, count(*) AS count,
              coalesce(sum(t.amount), 0) AS amount, coalesce(sum(t.weighted_amount), 0) AS weighted
       FROM opportunities t ${where.sql} GROUP BY 1, 2`,
    )
    .all(...where.params) as GroupRow[];
  const groups = new Map<string | null, { key: string | null; count: number; amount: Money; weighted_amount: Money }>();
  if (groupBy === 'stage') for (const stage of OPPORTUNITY_STAGES) groups.set(stage, { key: stage, count: 0, amount: {}, weighted_amount: {} });
  const total = { count: 0, amount: {} as Money, weighted_amount: {} as Money };
  const add = (money: Money, currency: string, value: number) => {
    money[currency] = (Number(money[currency] ?? 0) + value).toFixed(2);
  };
  for (const row of rows) {
    let group = groups.get(row.key);
    if (!group) groups.set(row.key, (group = { key: row.key, count: 0, amount: {}, weighted_amount: {} }));
    group.count += row.count;
    add(group.amount, row.currency, row.amount);
    add(group.weighted_amount, row.currency, row.weighted);
    total.count += row.count;
    add(total.amount, row.currency, row.amount);
    add(total.weighted_amount, row.currency, row.weighted);
  }
  return { group_by: groupBy, groups: [...groups.values()], total };
}
