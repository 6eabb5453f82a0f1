import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as Y from 'yjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnRelay, type RelayProcess } from '../../../helpers/relay-process';
import { eventually, removeDir, startInstall, type Install } from '../../../helpers/team-installs';
import { createTeam, joinTeam } from '../../../helpers/team-setup';
import { DOC_SCHEMA_V2, DOC_SCHEMA_VERSION } from '../../../../src/shared/record-doc/doc-format';

/**
 * The background rewrite of schema-2 record documents (records/doc-rewrite.ts) on real
 * installs: a store that never synced reads back the same through every API read, then joins
 * a team through a real relay process and a fresh install converges with it; a store that has
 * been in a team keeps its schema-2 documents.
 */
const OWNER = { email: 'owner@rewrite.test', password: 'owner-password-1', username: 'owner' };
const MEMBER = { email: 'member@rewrite.test', password: 'member-password-1' };
const OTHER = { email: 'other@rewrite.test', password: 'other-password-1', username: 'other' };

/** The background run waits this long: the tests start the rewrite themselves. */
const HOUR = 3_600_000;

let relayDir: string;
let relay: RelayProcess;
let a: Install;
let b: Install;
let c: Install;
const made: { resource: string; id: string }[] = [];
let asOf: string | undefined;

/** Schema versions of the record documents of the seven record entities (scoped documents apart). */
function versions(i: Install): Map<string, number | null> {
  const rows = i.server.engine.db
    .prepare("SELECT id, state FROM record_docs WHERE id NOT LIKE '%::%' AND entity IN ('user','company','contact','lead','opportunity','task','activity')")
    .all() as { id: string; state: Buffer }[];
  return new Map(
    rows.map((r) => {
      const doc = new Y.Doc();
      Y.applyUpdate(doc, r.state);
      const v = doc.getMap('m').get('v');
      doc.destroy();
      return [r.id, typeof v === 'number' ? v : null];
    }),
  );
}

/** Everything the API reads about the records made, as one value. */
async function readings(i: Install): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  const get = async (path: string) => {
    const r = await i.api('GET', path);
    out[path] = { status: r.status, body: r.body };
  };
  for (const { resource, id } of made) {
    await get(`/api/v1/${resource}/${id}/`);
    await get(`/api/v1/timeline/${resource.replace(/ies$/, 'y').replace(/s$/, '')}/${id}/`);
  }
  for (const resource of ['leads', 'contacts', 'companies', 'opportunities', 'tasks', 'activities']) {
    await get(`/api/v1/${resource}/?page_size=100&ordering=created_at`);
    await get(`/api/v1/${resource}/?page_size=100&ordering=-updated_at&deleted_at__isnull=false`);
  }
  await get('/api/v1/leads/?search=rewrite&page_size=100');
  await get('/api/v1/leads/?tags=vip&page_size=100');
  await get('/api/v1/leads/?cf_margin_note=thin&page_size=100');
  await get('/api/v1/tags/');
  await get('/api/v1/conflicts/');
  await get('/api/v1/audit-trail/?page_size=100');
  await get('/api/v1/field-history/?page_size=100');
  await get('/api/v1/opportunities/summary/?group_by=stage');
  await get('/api/v1/analytics/funnel/?start_date=2000-01-01&end_date=2099-12-31');
  const lead = made.find((m) => m.resource === 'leads')!;
  asOf ??= new Date().toISOString();
  await get(`/api/v1/records/lead/${lead.id}/as-of/?at=${encodeURIComponent(asOf)}`);
  return out;
}

async function create(i: Install, resource: string, body: Record<string, unknown>): Promise<string> {
  const r = await i.api('POST', `/api/v1/${resource}/`, body);
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  made.push({ resource, id: r.body.id });
  return r.body.id as string;
}

/** Records of every kind written as schema 2 (as an install before schema 3 wrote them), with edits. */
async function schema2Records(i: Install): Promise<void> {
  i.server.engine.records.docVersion = DOC_SCHEMA_V2;
  const field = await i.api('POST', '/api/v1/custom-fields/', {
    name: 'margin_note',
    label: 'Margin note',
    field_type: 'text',
    content_type: 'lead',
    visible_to_roles: ['manager'],
  });
  expect(field.status).toBe(201);
  const company = await create(i, 'companies', { name: 'Rewrite Works', industry: 'software' });
  const contact = await create(i, 'contacts', { first_name: 'Ada', last_name: 'Rewrite', email: 'ada@rewrite.test', company, tags: ['vip', 'beta'] });
  for (let n = 0; n < 6; n++) {
    const lead = await create(i, 'leads', {
      first_name: `Lead${n}`,
      last_name: 'Rewrite',
      email: `lead${n}@rewrite.test`,
      status: 'new',
      tags: n % 2 ? ['vip'] : [],
    });
    await i.api('PATCH', `/api/v1/leads/${lead}/`, { status: 'contacted', lead_score: 10 * n, notes: 'first call' });
    if (n % 3 === 0) await i.api('PATCH', `/api/v1/leads/${lead}/`, { status: 'qualified', notes: null, tags: ['vip', 'hot'] });
    if (n === 1) await i.api('PATCH', `/api/v1/leads/${lead}/`, { custom_fields: { margin_note: 'thin' } });
    if (n === 2) await i.api('DELETE', `/api/v1/leads/${lead}/`);
    if (n === 4) {
      await i.api('DELETE', `/api/v1/leads/${lead}/`);
      await i.api('POST', `/api/v1/leads/${lead}/restore/`);
    }
  }
  const deal = await create(i, 'opportunities', { name: 'Rewrite deal', amount: 5000, stage: 'prospecting', close_date: '2030-01-31', company, contact });
  await i.api('PATCH', `/api/v1/opportunities/${deal}/`, { stage: 'proposal', probability: 40 });
  await i.api('PATCH', `/api/v1/opportunities/${deal}/`, { stage: 'won', close_date: '2030-02-15' });
  await create(i, 'tasks', { title: 'Call Ada', due_date: '2030-01-01', contact });
  await create(i, 'activities', { activity_type: 'call', subject: 'Intro call', contact });
  i.server.engine.records.docVersion = DOC_SCHEMA_VERSION;
}

beforeAll(async () => {
  relayDir = mkdtempSync(join(tmpdir(), 'crm-relay-'));
  relay = await spawnRelay(relayDir);
  a = await startInstall({ admin: OWNER, docRewriteDelayMs: HOUR });
}, 90_000);

afterAll(async () => {
  for (const i of [a, b, c]) await i?.stop();
  await relay?.stop();
  for (const dir of [relayDir, a?.dataDir, b?.dataDir, c?.dataDir]) if (dir) removeDir(dir);
});

describe('rewriting a store that never synced', () => {
  it('reads back every record the same through the API, in smaller schema-3 documents', async () => {
    await schema2Records(a);
    const db = a.server.engine.db;
    const before = await readings(a);
    const old = versions(a);
    const schema2 = [...old.values()].filter((v) => v === DOC_SCHEMA_V2).length;
    expect(schema2).toBe(made.length);
    const scoped = db.prepare("SELECT id, state FROM record_docs WHERE id LIKE '%::%'").all();
    expect(scoped.length).toBe(1);
    const outbox = db.prepare('SELECT record_id, count(*) AS n FROM sync_outbox GROUP BY record_id ORDER BY record_id').all();
    const bytes = () => db.prepare("SELECT sum(length(state)) FROM record_docs WHERE id NOT LIKE '%::%' AND entity <> 'custom_field'").pluck().get() as number;
    const bytesBefore = bytes();

    await a.server.engine.docRewrite.run();

    const progress = (await a.api('GET', '/api/v1/system/status/')).body.doc_rewrite;
    // A record whose stored updated_at is not its last stamp's time (the clock ticked between the
    // two, on a busy machine) would read 1 ms later in schema 3, which derives it: it stays schema 2.
    expect(progress).toMatchObject({ state: 'done', reason: null });
    expect(progress.rewritten + progress.kept).toBe(schema2);
    expect(progress.rewritten).toBeGreaterThanOrEqual(schema2 / 2);
    const schema3 = (m: Map<string, number | null>) => [...m.values()].filter((v) => v === DOC_SCHEMA_VERSION).length;
    expect(schema3(versions(a))).toBe(schema3(old) + progress.rewritten);
    expect(bytes()).toBeLessThan(bytesBefore - (progress.bytes_before - progress.bytes_after) + 1);
    expect(progress.bytes_after).toBeLessThan(progress.bytes_before * 0.8);
    expect(await readings(a)).toEqual(before);
    // Restricted values stay in their own document, untouched; the outbox keeps one row per record.
    expect(db.prepare("SELECT id, state FROM record_docs WHERE id LIKE '%::%'").all()).toEqual(scoped);
    expect(db.prepare('SELECT record_id, count(*) AS n FROM sync_outbox GROUP BY record_id ORDER BY record_id').all()).toEqual(outbox);
    // A write after the rewrite goes on in the schema-3 document.
    const lead = made.find((m) => m.resource === 'leads')!.id;
    expect((await a.api('PATCH', `/api/v1/leads/${lead}/`, { lead_score: 99 })).body.lead_score).toBe(99);
  }, 60_000);

  it('then joins a team: a fresh install receives the same records and edits flow both ways', async () => {
    await createTeam(a, relay.url, OWNER, 'Rewritten', (s) => s.state === 'connected' && s.pending === 0);
    b = await joinTeam(a, relay.url, MEMBER, 'admin');
    for (const { resource, id } of made) {
      const onA = (await a.api('GET', `/api/v1/${resource}/${id}/`)).body;
      await eventually(
        () => b.api('GET', `/api/v1/${resource}/${id}/`).then((r) => r.body),
        (onB) => JSON.stringify(onB) === JSON.stringify(onA),
        `${resource} ${id} on B as on A`,
      );
    }
    expect((await b.api('GET', '/api/v1/conflicts/')).body.count).toBe(0);
    const lead = made.find((m) => m.resource === 'leads')!.id;
    await b.api('PATCH', `/api/v1/leads/${lead}/`, { first_name: 'FromB' });
    await a.api('PATCH', `/api/v1/leads/${lead}/`, { last_name: 'FromA' });
    for (const i of [a, b]) {
      await eventually(
        () => i.api('GET', `/api/v1/leads/${lead}/`).then((r) => r.body),
        (l) => l.first_name === 'FromB' && l.last_name === 'FromA',
        'both edits on both installs',
      );
    }
    const [onA, onB] = await Promise.all([a, b].map((i) => i.api('GET', `/api/v1/leads/${lead}/`).then((r) => r.body)));
    expect(onB).toEqual(onA);
  }, 90_000);
});

describe('a store that has been in a team', () => {
  it('keeps its schema-2 documents, also after leaving the team', async () => {
    c = await startInstall({ admin: OTHER, docRewriteDelayMs: HOUR });
    made.length = 0;
    c.server.engine.records.docVersion = DOC_SCHEMA_V2;
    for (let n = 0; n < 3; n++) await create(c, 'leads', { first_name: `Kept${n}`, email: `kept${n}@rewrite.test` });
    c.server.engine.records.docVersion = DOC_SCHEMA_VERSION;
    await createTeam(c, relay.url, OTHER, 'Synced', (s) => s.state === 'connected' && s.pending === 0);
    const db = c.server.engine.db;
    const v2 = () => [...versions(c).values()].filter((v) => v === DOC_SCHEMA_V2).length;
    await c.server.engine.docRewrite.run();
    expect(c.server.engine.docRewrite.progress()).toMatchObject({ state: 'refused', rewritten: 0 });
    expect(v2()).toBe(3);

    // Left the team, and (as a store from before the first connection was recorded) no trace of it
    // in the settings: the documents the relay acknowledged still tell.
    expect((await c.api('POST', '/api/v1/sync/disconnect/')).status).toBeLessThan(300);
    db.prepare("DELETE FROM settings WHERE key IN ('team.connected_at', 'records.schema3_rewrite') OR key LIKE 'secret.sync.%'").run();
    await c.server.engine.docRewrite.run();
    expect(c.server.engine.docRewrite.progress()).toMatchObject({ state: 'refused', rewritten: 0 });
    expect(c.server.engine.docRewrite.progress().reason).toMatch(/relay/);
    expect(v2()).toBe(3);
  }, 60_000);
});
