import { taskEntity } from '../../../shared/entities/entities';
import type { HandlerMap } from '../../core/handler';
import { withBody } from '../../core/typed-handler';
import { LEAD_CONVERT_BODY } from '../../../shared/contract/lead-convert-body';
import type { Db } from '../../db/open-database';
import { writeContext } from '../records';
import { allRecordHandlers, type CrmDeps } from './record-handlers';
import { convertLead } from './lead-conversion';
import { pipelineSummary } from './pipeline-summary';

export interface CrmHandlerDeps extends CrmDeps {
  db: Db;
}

export function crmHandlers(deps: CrmHandlerDeps): HandlerMap {
  return {
    ...allRecordHandlers(deps),
    'leads.convert': withBody(LEAD_CONVERT_BODY, (req) => convertLead(deps, req)),
    'opportunities.summary': (req) => pipelineSummary(deps, req),
    'tasks.complete': (req) => {
      const task = deps.reader.get(taskEntity, req.params.id);
      if (task.status === 'completed') return task;
      deps.records.update('task', req.params.id, { status: 'completed' }, writeContext(req));
      return deps.reader.get(taskEntity, req.params.id);
    },
  };
}
