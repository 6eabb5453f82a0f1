import { OPERATIONS } from '../../src/shared/contract/operations';
import type { Operation } from '../../src/shared/contract/operation';
import { ENTITIES } from '../../src/shared/entities/entities';
import { allFields } from '../../src/shared/entities/field-def';
import { Prng, mutateBody, mutateQuery, oddString } from './mutations';

export interface FuzzTarget {
  url: string;
  /** Tokens by role; bodies go out mostly as admin, some as each other role. */
  tokens: Record<string, string>;
  /** Real record ids by resource (`leads`, ...), so mutated writes reach real rows. */
  ids: Record<string, string>;
}

export interface FuzzOptions {
  bodies: number;
  probes: number;
  seed: number;
  concurrency?: number;
}

export interface FuzzReport {
  byStatus: Record<string, number>;
  routes: number;
  bodies: number;
  probes: number;
  /** Every 5xx with what caused it (the first 20). */
  serverErrors: { op: string; method: string; path: string; status: number; body: string; sent: string }[];
  /** Milliseconds spent per operation, for finding what makes a run slow. */
  msByOp: Record<string, number>;
}

/** Routes that end the caller's session or need a fresh store; fuzzed elsewhere (auth tests). */
const SKIP = new Set(['auth.change_password', 'auth.logout']);

const FIELD_NAMES = [...new Set(ENTITIES.flatMap((e) => Object.keys(allFields(e))))];

function pathFor(op: Operation, rng: Prng, ids: Record<string, string>): string {
  const resource = op.path.split('/')[3];
  return op.path.replace(/\{(\w+)\}/g, (_m, name: string) => {
    if (name === 'model' || name === 'entity_type') return rng.pick(['lead', 'contact', 'user', 'task', 'nope', 'toString']);
    const roll = rng.int(10);
    if (roll < 6) return ids[resource] ?? ids.leads ?? 'x';
    if (roll < 8) return rng.pick(Object.values(ids));
    return encodeURIComponent(oddString(rng).slice(0, 150)) || 'x';
  });
}

/**
 * Sends mutated bodies to every write route and mutated query strings to every GET route of
 * the operation table, `concurrency` at a time, and counts answers by status. Any 5xx is
 * kept with the request that caused it.
 */
export async function runFuzz(target: FuzzTarget, options: FuzzOptions): Promise<FuzzReport> {
  const rng = new Prng(options.seed);
  const writes = OPERATIONS.filter((op) => ['POST', 'PUT', 'PATCH'].includes(op.method) && !SKIP.has(op.id));
  const reads = OPERATIONS.filter((op) => op.method === 'GET');
  const roles = Object.keys(target.tokens);
  const report: FuzzReport = { byStatus: {}, routes: writes.length + reads.length, bodies: 0, probes: 0, serverErrors: [], msByOp: {} };

  const jobs: (() => { op: Operation; method: string; path: string; body?: string; contentType?: string })[] = [];
  for (let i = 0; i < options.bodies; i++) {
    jobs.push(() => {
      const op = writes[i % writes.length];
      const fields = op.path.includes('/users/') || op.path.includes('/auth/') ? FIELD_NAMES.slice(0, 30) : FIELD_NAMES;
      const contentType = rng.chance(0.02) ? rng.pick(['text/plain', 'application/json; charset=latin1', 'multipart/form-data']) : 'application/json';
      return { op, method: op.method, path: pathFor(op, rng, target.ids), body: mutateBody(op.requestBody, rng, fields), contentType };
    });
  }
  for (let i = 0; i < options.probes; i++) {
    jobs.push(() => {
      const op = reads[i % reads.length];
      return { op, method: 'GET', path: `${pathFor(op, rng, target.ids)}?${mutateQuery(rng, FIELD_NAMES)}` };
    });
  }
  // Interleave reads and writes the way traffic would.
  for (let i = jobs.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [jobs[i], jobs[j]] = [jobs[j], jobs[i]];
  }

  let next = 0;
  const worker = async () => {
    while (next < jobs.length) {
      const job = jobs[next++]();
      const role = rng.chance(0.75) ? 'admin' : rng.pick(roles);
      const headers: Record<string, string> = { authorization: `Bearer ${target.tokens[role] ?? target.tokens.admin}` };
      if (job.body !== undefined) headers['content-type'] = job.contentType ?? 'application/json';
      let status: number;
      let text = '';
      const t0 = performance.now();
      try {
        const res = await fetch(`${target.url}${job.path}`, { method: job.method, headers, body: job.body });
        status = res.status;
        text = await res.text();
      } catch (e) {
        status = 0;
        text = String(e);
      }
      report.msByOp[job.op.id] = (report.msByOp[job.op.id] ?? 0) + performance.now() - t0;
      if (job.body !== undefined) report.bodies++;
      else report.probes++;
      report.byStatus[status] = (report.byStatus[status] ?? 0) + 1;
      if ((status >= 500 || status === 0) && report.serverErrors.length < 20) {
        report.serverErrors.push({
          op: job.op.id,
          method: job.method,
          path: job.path.slice(0, 300),
          status,
          body: text.slice(0, 300),
          sent: (job.body ?? '').slice(0, 300),
        });
      }
    }
  };
  await Promise.all(Array.from({ length: options.concurrency ?? 8 }, worker));
  return report;
}

/** Count of 5xx (and dropped connections) in a report. */
export function serverErrorCount(report: FuzzReport): number {
  return Object.entries(report.byStatus)
    .filter(([s]) => Number(s) >= 500 || s === '0')
    .reduce((n, [, c]) => n + c, 0);
}
