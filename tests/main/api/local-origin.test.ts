import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OPERATIONS } from '../../../src/shared/contract/operations';
import { startTestServer, type TestServer } from '../../helpers/test-server';

/**
 * DESIGN.md section 5: the local API answers only requests addressed to itself (exact Host
 * allow-list against DNS rebinding, Origin check), never sends CORS grants, sets security
 * headers, and documents every operation. fetch cannot set Host, so these requests go
 * through node:http with the headers given verbatim.
 */
let t: TestServer;
let port: number;

interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  json: any;
}

function raw(method: string, path: string, headers: Record<string, string>, body?: string): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method, path, headers, setHost: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let json: unknown = null;
        try {
          json = text ? JSON.parse(text) : null;
        } catch {
          json = null;
        }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}

const auth = () => ({ authorization: `Bearer ${t.adminToken}` });
const outboxLength = () => t.server.engine.db.prepare('SELECT count(*) FROM sync_outbox').pluck().get() as number;

beforeAll(async () => {
  t = await startTestServer();
  port = t.server.port;
});
afterAll(() => t.stop());

describe('Host allow-list', () => {
  it.each([['127.0.0.1:PORT'], ['localhost:PORT'], ['LOCALHOST:PORT']])('answers Host %s', async (host) => {
    const res = await raw('GET', '/api/v1/auth/me/', { host: host.replace('PORT', String(port)), ...auth() });
    expect(res.status).toBe(200);
    expect(res.json.username).toBe('admin');
  });

  it.each([
    ['evil.example:PORT', 'DNS rebinding: an attacker name resolving to 127.0.0.1'],
    ['evil.example', 'no port'],
    ['127.0.0.1', 'no port'],
    ['localhost', 'no port'],
    ['127.0.0.1:1', 'another port'],
    ['localhost.evil.example:PORT', 'suffix trick'],
    ['127.0.0.1:PORT.evil.example', 'suffix after the port'],
    ['0.0.0.0:PORT', 'any-address'],
    ['127.0.0.2:PORT', 'other loopback'],
    ['user@127.0.0.1:PORT', 'userinfo'],
    ['', 'empty'],
  ])('refuses Host %s (%s) with 403 before authentication or any write', async (host, _why) => {
    const value = host.replace('PORT', String(port));
    const before = outboxLength();
    const get = await raw('GET', '/api/v1/auth/me/', { host: value, ...auth() });
    expect(get.status).toBe(403);
    expect(get.json.error.code).toBe('forbidden');
    const post = await raw(
      'POST',
      '/api/v1/leads/',
      { host: value, 'content-type': 'application/json', ...auth() },
      JSON.stringify({ email: 'rebind@x.test' }),
    );
    expect(post.status).toBe(403);
    expect(post.json.error.code).toBe('forbidden');
    // Public endpoints, docs and the page are guarded too.
    expect(
      (await raw('POST', '/api/v1/auth/token/', { host: value, 'content-type': 'application/json' }, JSON.stringify({ username: 'admin', password: 'x' })))
        .status,
    ).toBe(403);
    expect((await raw('GET', '/api/docs/openapi.json', { host: value })).status).toBe(403);
    expect((await raw('GET', '/', { host: value })).status).toBe(403);
    expect(outboxLength()).toBe(before);
  });

  it('refuses a request with no Host header at all', async () => {
    const res = await raw('GET', '/api/v1/auth/me/', auth());
    // Node refuses an HTTP/1.1 request without Host (400) before the policy (403) sees it.
    expect([400, 403]).toContain(res.status);
  });
});

describe('Origin check', () => {
  it('answers the same origin and requests without an Origin', async () => {
    for (const origin of [`http://127.0.0.1:${port}`, `http://localhost:${port}`]) {
      const res = await raw('GET', '/api/v1/auth/me/', { host: `127.0.0.1:${port}`, origin, ...auth() });
      expect(res.status).toBe(200);
    }
    expect((await raw('GET', '/api/v1/auth/me/', { host: `127.0.0.1:${port}`, ...auth() })).status).toBe(200);
  });

  it.each([
    ['https://evil.example'],
    ['http://evil.example'],
    ['null'],
    ['http://127.0.0.1:1'],
    ['https://127.0.0.1:PORT'],
    ['http://127.0.0.1:PORT.evil.example'],
    ['http://127.0.0.1:PORT/'],
    ['file://'],
  ])('refuses Origin %s with 403 and writes nothing', async (origin) => {
    const value = origin.replace('PORT', String(port));
    const before = outboxLength();
    const get = await raw('GET', '/api/v1/leads/', { host: `127.0.0.1:${port}`, origin: value, ...auth() });
    expect(get.status).toBe(403);
    expect(get.json.error.code).toBe('forbidden');
    const post = await raw(
      'POST',
      '/api/v1/leads/',
      { host: `127.0.0.1:${port}`, origin: value, 'content-type': 'application/json', ...auth() },
      JSON.stringify({ email: 'csrf@x.test' }),
    );
    expect(post.status).toBe(403);
    const del = await raw('DELETE', '/api/v1/users/nobody/', { host: `127.0.0.1:${port}`, origin: value, ...auth() });
    expect(del.status).toBe(403);
    expect(outboxLength()).toBe(before);
  });

  it('a cross-site form post cannot write: foreign origin and non-JSON body are both refused', async () => {
    const before = outboxLength();
    const form = await raw(
      'POST',
      '/api/v1/leads/',
      { host: `127.0.0.1:${port}`, 'content-type': 'application/x-www-form-urlencoded', ...auth() },
      'email=form%40x.test',
    );
    expect(form.status).toBe(415);
    expect(form.json.error.code).toBe('unsupported_media_type');
    const plain = await raw('POST', '/api/v1/leads/', { host: `127.0.0.1:${port}`, 'content-type': 'text/plain', ...auth() }, '{"email":"plain@x.test"}');
    expect(plain.status).toBe(415);
    expect(outboxLength()).toBe(before);
  });
});

describe('CORS and security headers', () => {
  it('never grants CORS, not even to its own origin or on a preflight', async () => {
    const host = `127.0.0.1:${port}`;
    const responses = [
      await raw('GET', '/api/v1/auth/me/', { host, origin: `http://${host}`, ...auth() }),
      await raw('GET', '/api/v1/auth/me/', { host, origin: 'https://evil.example', ...auth() }),
      await raw('OPTIONS', '/api/v1/leads/', {
        host,
        origin: 'https://evil.example',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization,content-type',
      }),
      await raw('OPTIONS', '/api/v1/leads/', { host, origin: `http://${host}`, 'access-control-request-method': 'POST' }),
      await raw('GET', '/api/docs/openapi.json', { host, origin: 'https://evil.example' }),
      await raw('GET', '/api/docs/openapi.json', { host }),
      await raw('POST', '/api/v1/auth/token/', { host, 'content-type': 'application/json' }, '{"username":"admin","password":"wrong-password"}'),
    ];
    for (const res of responses) {
      for (const name of Object.keys(res.headers)) expect(name.startsWith('access-control-')).toBe(false);
      expect(res.status).not.toBe(500);
    }
    // A preflight from a foreign page is refused outright.
    expect(responses[2].status).toBe(403);
  });

  it('sets nosniff, frame DENY and no-store on API answers, errors included', async () => {
    const host = `127.0.0.1:${port}`;
    const responses = [
      await raw('GET', '/api/v1/leads/', { host, ...auth() }),
      await raw('GET', '/api/v1/leads/', { host }),
      await raw('GET', '/api/v1/leads/?colour=red', { host, ...auth() }),
      await raw('GET', '/api/v1/nothing-here/', { host, ...auth() }),
      await raw('GET', '/api/v1/leads/', { host: 'evil.example' }),
      await raw('GET', '/api/docs/openapi.json', { host }),
    ];
    for (const res of responses) {
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['x-frame-options']).toBe('DENY');
      expect(res.headers['cache-control']).toBe('no-store');
      expect(res.headers['referrer-policy']).toBe('no-referrer');
      expect(String(res.headers['content-type'])).toMatch(/^application\/json/);
    }
  });

  it('serves the page with a content security policy that forbids framing', async () => {
    const res = await raw('GET', '/', { host: `127.0.0.1:${port}` });
    expect(res.status).toBe(200);
    expect(res.headers['x-frame-options']).toBe('DENY');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("default-src 'self'");
    expect(csp).not.toContain('*.');
  });
});

describe('API documents and unknown routes', () => {
  it('serves an OpenAPI 3 document listing every operation of the table', async () => {
    const res = await fetch(`${t.url}/api/docs/openapi.json`);
    expect(res.status).toBe(200);
    const doc = (await res.json()) as any;
    expect(doc.openapi).toMatch(/^3\.\d+\.\d+$/);
    expect(typeof doc.info.title).toBe('string');
    expect(typeof doc.info.version).toBe('string');
    expect(typeof doc.paths).toBe('object');

    const seen = new Map<string, { path: string; method: string }>();
    for (const [path, item] of Object.entries(doc.paths as Record<string, Record<string, any>>)) {
      expect(path.startsWith('/')).toBe(true);
      for (const [method, op] of Object.entries(item)) {
        expect(['get', 'post', 'put', 'patch', 'delete']).toContain(method);
        expect(seen.has(op.operationId), `duplicate operationId ${op.operationId}`).toBe(false);
        seen.set(op.operationId, { path, method });
        expect(Object.keys(op.responses).length).toBeGreaterThan(0);
        for (const name of path.match(/\{(\w+)\}/g) ?? []) {
          const param = op.parameters.find((p: any) => p.in === 'path' && `{${p.name}}` === name);
          expect(param, `${op.operationId} documents ${name}`).toMatchObject({ required: true });
        }
      }
    }
    expect([...seen.keys()].sort()).toEqual(OPERATIONS.map((o) => o.id).sort());
    for (const op of OPERATIONS) expect(seen.get(op.id)).toEqual({ path: op.path, method: op.method.toLowerCase() });
    // Every $ref points at something the document defines.
    for (const ref of JSON.stringify(doc).match(/"\$ref":"[^"]+"/g) ?? []) {
      const target = ref.slice(8, -1).replace(/^#\//, '').split('/');
      let node: any = doc;
      for (const part of target) node = node?.[part];
      expect(node, ref).toBeDefined();
    }
  });

  it('serves a readable index at /api/docs', async () => {
    const res = await fetch(`${t.url}/api/docs`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await res.text();
    for (const op of OPERATIONS) expect(html).toContain(op.path.replace(/&/g, '&amp;'));
  });

  it('answers an unknown route with the 404 JSON envelope', async () => {
    for (const [method, path] of [
      ['GET', '/api/v1/spaceships/'],
      ['POST', '/api/v1/spaceships/'],
      ['GET', '/api/v2/leads/'],
      ['DELETE', '/api/v1/leads/'],
      ['GET', '/nothing/here'],
    ] as const) {
      const res = await t.request(method, path);
      expect(res.status, `${method} ${path}`).toBe(404);
      expect(res.headers.get('content-type')).toMatch(/^application\/json/);
      expect(res.body.error.code).toBe('not_found');
      expect(typeof res.body.error.message).toBe('string');
    }
  });

  it('accepts paths with and without the trailing slash', async () => {
    expect((await t.request('GET', '/api/v1/leads')).status).toBe(200);
    expect((await t.request('GET', '/api/v1/leads/')).status).toBe(200);
    expect((await t.request('GET', '/api/v1/auth/me')).status).toBe(200);
  });
});
