import type { FastifyInstance } from 'fastify';
import type { Operation } from '../../shared/contract/operation';
import { openApiDocument, type CustomFieldSchema } from './openapi-document';

const escapeHtml = (s: string) => s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);

/** `/api/docs/openapi.json` and a readable index of the operations at `/api/docs`. */
export function registerDocs(app: FastifyInstance, operations: readonly Operation[], version = '0.1.0', customFields?: CustomFieldSchema): void {
  let cached: Record<string, unknown> | null = null;
  // Custom fields change at run time, so a document that describes them is built per request (~1 ms).
  const doc = () => (customFields ? openApiDocument(operations, version, customFields) : (cached ??= openApiDocument(operations, version)));
  app.get('/api/docs/openapi.json', (_req, reply) => reply.send(doc()));
  app.get('/api/docs', (_req, reply) => {
    const byTag = new Map<string, Operation[]>();
    for (const op of operations) byTag.set(op.tag, [...(byTag.get(op.tag) ?? []), op]);
    const sections = [...byTag]
      .map(
        ([tag, ops]) =>
          `<h2>${escapeHtml(tag)}</h2><table>${ops
            .map(
              (op) =>
                `<tr><td><b>${op.method}</b></td><td><code>${escapeHtml(op.path)}</code></td><td>${escapeHtml(op.summary)}</td><td>${op.access}</td></tr>`,
            )
            .join('')}</table>`,
      )
      .join('');
    reply
      .type('text/html')
      .send(
        `<!doctype html><meta charset="utf-8"><title>FieldCRM API</title><style>body{font:14px system-ui;margin:2rem;max-width:70rem}td{padding:.2rem .6rem;border-bottom:1px solid #eee}code{color:#1d4ed8}</style><h1>FieldCRM local API</h1><p>Machine-readable: <a href="/api/docs/openapi.json">openapi.json</a>. Authenticate with <code>Authorization: Bearer &lt;token&gt;</code>.</p>${sections}`,
      );
  });
}
