export { DataTransferEngine, type DataTransferDeps } from './data-transfer-engine';
export { dataTransferHandlers } from './data-transfer-handlers';
