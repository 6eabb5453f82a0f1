export { crmHandlers, type CrmHandlerDeps } from './crm-handlers';
