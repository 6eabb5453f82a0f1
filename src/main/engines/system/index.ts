export { systemHandlers, type SystemStatusDeps } from './system-status';
