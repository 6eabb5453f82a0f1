export { crmHandlers, type CrmHandlerDeps } from './crm-handlers';
export { writeContext } from './record-handlers';
