export { DataTransferEngine, type DataTransferDeps, type DataTransferEvents } from './data-transfer-engine';
export { dataTransferHandlers } from './data-transfer-handlers';
