import { describe, expect, it } from 'vitest';
import { combineModules, type EngineModule } from '../../../src/main/core/engine-module';
import type { Operation } from '../../../src/shared/contract/operation';

const op = (id: string, method: Operation['method'], path: string): Operation => ({ id, method, path, summary: id, tag: 't', access: 'read' });
const mod = (name: string, ops: Operation[], more: Partial<EngineModule> = {}): EngineModule => ({
  name,
  operations: ops,
  handlers: Object.fromEntries(ops.map((o) => [o.id, () => o.id])),
  ...more,
});

describe('combineModules', () => {
  it('joins the operations, handlers, sockets and jobs of the modules', () => {
    const a = mod('a', [op('a.list', 'GET', '/api/v1/a/')], { sockets: { '/ws/a/': () => ({ message: () => {}, closed: () => {} }) } });
    const b = mod('b', [op('b.list', 'GET', '/api/v1/b/'), op('b.get', 'GET', '/api/v1/b/{id}/')], { jobs: [{ name: 'b.tick', everyMs: 10, run: () => {} }] });
    const combined = combineModules([a, b]);
    expect(combined.operations.map((o) => o.id)).toEqual(['a.list', 'b.list', 'b.get']);
    expect(Object.keys(combined.handlers).sort()).toEqual(['a.list', 'b.get', 'b.list']);
    expect(Object.keys(combined.channels)).toEqual(['/ws/a/']);
    expect(combined.jobs.map((j) => j.name)).toEqual(['b.tick']);
  });

  it('fails on an operation id two modules claim, naming both', () => {
    expect(() => combineModules([mod('a', [op('x.list', 'GET', '/api/v1/x/')]), mod('b', [op('x.list', 'GET', '/api/v1/y/')])])).toThrow(
      /Duplicate operation id x\.list: claimed by a and b/,
    );
  });

  it('fails on one route served twice, whatever its path parameters are called', () => {
    expect(() => combineModules([mod('a', [op('a.get', 'GET', '/api/v1/x/{id}/')]), mod('b', [op('b.get', 'GET', '/api/v1/x/{pk}/')])])).toThrow(
      /Duplicate route GET \/api\/v1\/x\/\{\}\//,
    );
    // Same path, another method: two routes.
    expect(() => combineModules([mod('a', [op('a.get', 'GET', '/api/v1/x/')]), mod('b', [op('b.post', 'POST', '/api/v1/x/')])])).not.toThrow();
  });

  it('fails on an operation without its handler, a handler without its operation, a socket path or a job claimed twice', () => {
    expect(() => combineModules([{ name: 'a', operations: [op('a.list', 'GET', '/a/')], handlers: {} }])).toThrow(/declares a\.list without a handler/);
    expect(() => combineModules([{ name: 'a', operations: [], handlers: { 'a.stray': () => 1 } }])).toThrow(/Handlers without an operation: a\.stray/);
    const open = () => ({ message: () => {}, closed: () => {} });
    expect(() => combineModules([mod('a', [], { sockets: { '/ws/x/': open } }), mod('b', [], { sockets: { '/ws/x/': open } })])).toThrow(
      /Duplicate socket path/,
    );
    const job = { name: 'j', everyMs: 5, run: () => {} };
    expect(() => combineModules([mod('a', [], { jobs: [job] }), mod('b', [], { jobs: [job] })])).toThrow(/Duplicate job j/);
  });
});
