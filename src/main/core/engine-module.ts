import type { Operation } from '../../shared/contract/operation';
import type { HandlerMap } from './handler';
import type { Job } from './job-runner';
import type { SocketHandlers } from './socket-handler';

/**
 * The one shape every engine offers the composition root: the operations it serves (from the
 * contract table), their handlers, live channels, periodic jobs, and what to do at start and
 * stop. Migrations stay numbered in `db/migrations` (one ordered list for the whole store).
 */
export interface EngineModule {
  name: string;
  operations: readonly Operation[];
  handlers: HandlerMap;
  /** WebSocket channels by path (`/ws/activity/`); their limits are the transport's. */
  sockets?: SocketHandlers['channels'];
  jobs?: readonly Job[];
  start?(): void;
  stop?(): void;
}

export interface CombinedModules {
  operations: Operation[];
  handlers: HandlerMap;
  channels: SocketHandlers['channels'];
  jobs: Job[];
  modules: readonly EngineModule[];
}

/**
 * Combines the engines' modules; anything two modules both claim is a start-up error, not a
 * silent overwrite: an operation id, a route (method and path, `{param}` names ignored), a
 * handler, a socket path or a job name. Every operation must have its handler, and every
 * handler its operation.
 */
export function combineModules(modules: readonly EngineModule[]): CombinedModules {
  const combined: CombinedModules = { operations: [], handlers: {}, channels: {}, jobs: [], modules };
  const opOwner = new Map<string, string>();
  const routeOwner = new Map<string, string>();
  const claim = (owners: Map<string, string>, key: string, owner: string, what: string) => {
    const prior = owners.get(key);
    if (prior !== undefined) throw new Error(`Duplicate ${what} ${key}: claimed by ${prior} and ${owner}`);
    owners.set(key, owner);
  };
  const handlerOwner = new Map<string, string>();
  const socketOwner = new Map<string, string>();
  const jobOwner = new Map<string, string>();
  for (const m of modules) {
    for (const op of m.operations) {
      claim(opOwner, op.id, m.name, 'operation id');
      claim(routeOwner, `${op.method} ${op.path.replace(/\{\w+\}/g, '{}')}`, `${m.name} (${op.id})`, 'route');
      if (!Object.hasOwn(m.handlers, op.id)) throw new Error(`Module ${m.name} declares ${op.id} without a handler`);
      combined.operations.push(op);
    }
    for (const [id, handler] of Object.entries(m.handlers)) {
      claim(handlerOwner, id, m.name, 'handler');
      combined.handlers[id] = handler;
    }
    for (const [path, open] of Object.entries(m.sockets ?? {})) {
      claim(socketOwner, path, m.name, 'socket path');
      combined.channels[path] = open;
    }
    for (const job of m.jobs ?? []) {
      claim(jobOwner, job.name, m.name, 'job');
      combined.jobs.push(job);
    }
  }
  const orphans = [...handlerOwner.keys()].filter((id) => !opOwner.has(id));
  if (orphans.length) throw new Error(`Handlers without an operation: ${orphans.join(', ')}`);
  return combined;
}
