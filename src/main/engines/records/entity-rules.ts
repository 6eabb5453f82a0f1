import { STAGE_PROBABILITY, type OpportunityStage } from '../../../shared/entities/enums';

const CLOSED_STAGES = new Set(['closed_won', 'closed_lost']);

/**
 * Base-CRM rules that add server-set values to a local write: a stage implies a probability
 * unless the client chose one, closing a deal dates it, completing a task stamps it.
 * They run on local writes only; remote writes arrive with these values already set.
 */
export function applyEntityRules(entity: string, before: Record<string, unknown> | null, values: Record<string, unknown>, now: Date): void {
  const today = now.toISOString().slice(0, 10);
  if (entity === 'opportunity') {
    const stage = (values.stage ?? before?.stage) as OpportunityStage | undefined;
    const stageChanged = values.stage !== undefined && values.stage !== before?.stage;
    if (stage && (values.probability === undefined || values.probability === null) && (stageChanged || !before)) {
      values.probability = STAGE_PROBABILITY[stage];
    }
    if (stageChanged || !before) {
      if (stage && CLOSED_STAGES.has(stage)) {
        if (!before?.actual_close_date || !CLOSED_STAGES.has(String(before?.stage))) values.actual_close_date = today;
      } else if (before?.actual_close_date) {
        values.actual_close_date = null;
      }
    }
  }
  if (entity === 'task' && values.status !== undefined && values.status !== before?.status) {
    if (values.status === 'completed') values.completed_at = now.toISOString();
    else if (before?.completed_at) values.completed_at = null;
  }
}
