import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DOC_SCHEMA_V2, docMeta } from '../../../../src/shared/record-doc/doc-format';
import { loadDoc } from '../../../../src/main/engines/records/record-doc';
import { spawnRelay, type RelayProcess } from '../../../helpers/relay-process';
import { eventually, removeDir, startInstall, type Install } from '../../../helpers/team-installs';
import { createTeam, joinTeam, syncStatus } from '../../../helpers/team-setup';

/**
 * The team-wide step to schema-3 documents end to end: a real relay process and three
 * in-process installs over TCP, driven through their APIs. Their documents are schema 2 (the
 * records an older app made); an admin compacts; every read stays the same; an install that
 * was offline with unsent edits comes back, re-bootstraps, and its edits land under their
 * original stamps, still in conflict with a concurrent edit made elsewhere.
 */
const OWNER = { email: 'owner@epoch.test', password: 'owner-password-1', username: 'owner' };
const MANAGER = { email: 'manager@epoch.test', password: 'manager-password-1' };
const REP = { email: 'rep@epoch.test', password: 'rep-password-123' };

const dirs: string[] = [];
const installs: Install[] = [];
let relay: RelayProcess | undefined;

afterAll(async () => {
  for (const i of installs) await i.stop();
  await relay?.stop();
  for (const d of dirs) removeDir(d);
});

async function relayCall(method: string, path: string, token?: string): Promise<{ status: number; body: any }> {
  const res = await fetch(`${relay!.url}${path}`, { method, headers: token ? { authorization: `Bearer ${token}` } : {} });
  return { status: res.status, body: await res.json().catch(() => null) };
}

async function relayToken(who: { email: string; password: string }, device: string): Promise<string> {
  const res = await fetch(`${relay!.url}/v1/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: who.email, password: who.password, device_id: device }),
  });
  return ((await res.json()) as { access_token: string }).access_token;
}

/** Every lead as the API reads it (list and each detail), and the open conflicts by record and field. */
async function reads(i: Install): Promise<unknown> {
  const list = (await i.api('GET', '/api/v1/leads/?page_size=200&ordering=email')).body;
  const details = [];
  for (const l of list.results) details.push((await i.api('GET', `/api/v1/leads/${l.id}/`)).body);
  const conflicts = (await i.api('GET', '/api/v1/conflicts/?page_size=200')).body.results.map((c: any) => [
    c.object_id,
    c.field,
    c.value ?? c.loser_value ?? null,
  ]);
  return { count: list.count, list: list.results, details, conflicts: conflicts.sort() };
}

const avgDocBytes = (i: Install) =>
  (i.server.engine.db.prepare("SELECT avg(length(state)) AS n FROM record_docs WHERE entity = 'lead'").get() as { n: number }).n;
const epochOf = (i: Install) => syncStatus(i).then(() => i.api('GET', '/api/v1/system/status/').then((r) => r.body.epoch_rebootstrap));

/**
 * A re-authored edit keeps its stamp (the record's `version`), and schema 3 reads `updated_at`
 * from that stamp's wall time. Schema 2 stored the clock read just before the stamp was taken,
 * so on a busy machine the two differ by a millisecond or so.
 */
function expectStampTime(after: { updated_at: string }, original: { updated_at: string; version: string }, schema3: boolean): void {
  // A record the relay kept as schema 2 keeps the `updated_at` its writer stored.
  if (!schema3) return expect(after.updated_at).toBe(original.updated_at);
  expect(Date.parse(after.updated_at)).toBe(Math.floor(Number(original.version) / 1000));
  expect(Math.abs(Date.parse(after.updated_at) - Date.parse(original.updated_at))).toBeLessThanOrEqual(2);
}

/** The document schema of a record on an install (after the compaction: 3 where the relay rewrote it). */
function schemaOf(i: Install, id: string): number | null {
  const row = i.server.engine.db.prepare('SELECT state FROM record_docs WHERE id = ?').get(id) as { state: Buffer };
  const doc = loadDoc(id, row.state);
  try {
    return docMeta(doc).version;
  } finally {
    doc.destroy();
  }
}

describe('a team compacting its documents to schema 3', () => {
  it('keeps every read the same on every install, shrinks the documents, and lands an offline install’s edits under their stamps', async () => {
    const relayDir = mkdtempSync(join(tmpdir(), 'crm-relay-'));
    dirs.push(relayDir);
    relay = await spawnRelay(relayDir);
    const a = await startInstall({ admin: OWNER });
    installs.push(a);
    dirs.push(a.dataDir);
    a.server.engine.records.docVersion = DOC_SCHEMA_V2;
    // Not in a team yet: nothing to compact, a typed 409 either way.
    for (const method of ['GET', 'POST']) {
      const res = await a.api(method, '/api/v1/sync/compaction/');
      expect(res.status).toBe(409);
      expect(res.body.error).toMatchObject({ code: 'conflict', message: 'This install is not connected to a team.' });
    }
    const ids: string[] = [];
    for (let n = 0; n < 24; n++) {
      const res = await a.api('POST', '/api/v1/leads/', {
        email: `l${String(n).padStart(2, '0')}@epoch.test`,
        first_name: `Lead ${n}`,
        status: 'new',
        tags: ['vip'],
      });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      ids.push(res.body.id);
    }
    for (const id of ids.slice(0, 12)) {
      await a.api('PATCH', `/api/v1/leads/${id}/`, { first_name: 'Edited', status: 'contacted', lead_score: 40 });
      await a.api('PATCH', `/api/v1/leads/${id}/`, { notes: 'called twice', tags: ['vip', 'hot'] });
    }
    await createTeam(a, relay.url, OWNER, 'Epoch', (s) => s.state === 'connected' && s.pending === 0);
    const b = await joinTeam(a, relay.url, MANAGER, 'manager');
    const c = await joinTeam(a, relay.url, REP, 'sales_rep');
    installs.push(b, c);
    dirs.push(b.dataDir, c.dataDir);

    // C goes offline; A, whose earlier entries of lead 0 C holds, edits it again (pushed), then
    // C edits it and lead 1 without seeing A's edit.
    c.server.engine.sync.stop();
    expect((await a.api('PATCH', `/api/v1/leads/${ids[0]}/`, { first_name: 'FromOwner' })).status).toBe(200);
    await eventually(
      () => b.api('GET', `/api/v1/leads/${ids[0]}/`).then((r) => r.body.first_name),
      (v) => v === 'FromOwner',
      'B sees A',
    );
    await new Promise((r) => setTimeout(r, 5));
    expect((await c.api('PATCH', `/api/v1/leads/${ids[0]}/`, { first_name: 'FromRepOffline' })).status).toBe(200);
    const cLead1 = await c.api('PATCH', `/api/v1/leads/${ids[1]}/`, { status: 'qualified', notes: 'offline note' });
    expect(cLead1.status).toBe(200);
    const cLead0 = (await c.api('GET', `/api/v1/leads/${ids[0]}/`)).body;

    const beforeA = await reads(a);
    const beforeB = await reads(b);
    expect(beforeB).toEqual(beforeA);
    const bytesBefore = avgDocBytes(a);
    // Only an admin may start it.
    const repToken = await relayToken(REP, 'rep-http');
    expect((await relayCall('POST', '/v1/compaction', repToken)).status).toBe(403);
    expect((await relayCall('POST', '/v1/compaction')).status).toBe(401);
    // Through the local API: a manager's install refuses, the owner's starts it (the relay's 409 for a second start: relay tests).
    expect((await b.api('POST', '/api/v1/sync/compaction/')).status).toBe(403);
    const started = await a.api('POST', '/api/v1/sync/compaction/');
    expect(started.status, JSON.stringify(started.body)).toBe(202);
    expect(started.body).toMatchObject({ epoch: 1, state: 'compacting', this_install: { epoch: 0 } });

    for (const i of [a, b]) {
      await eventually(
        () => epochOf(i),
        (e) => e.epoch === 1 && e.state === 'done',
        'an online install re-bootstrapped',
        60_000,
      );
      await eventually(
        () => syncStatus(i),
        (s) => s.state === 'connected' && s.pending === 0,
        'connected again',
        30_000,
      );
    }
    const compaction = (await a.api('GET', '/api/v1/sync/compaction/')).body;
    expect(compaction).toMatchObject({ epoch: 1, state: 'ready', this_install: { epoch: 1, state: 'done' } });
    // A lead whose `updated_at` was taken a millisecond before its write's stamp (a busy
    // machine) would read 1 ms later as schema 3: the relay keeps that one as it was.
    expect(compaction.stats.rewritten + compaction.stats.kept).toBeGreaterThanOrEqual(ids.length);
    expect(compaction.stats.rewritten).toBeGreaterThan(ids.length / 2);
    expect(await reads(a)).toEqual(beforeA);
    expect(await reads(b)).toEqual(beforeA);
    const bytesAfter = avgDocBytes(a);
    expect(bytesAfter).toBeLessThan(bytesBefore * 0.8);
    expect(avgDocBytes(b)).toBe(bytesAfter);

    // C comes back: it re-bootstraps, then its two edits land with their original stamps.
    c.server.engine.sync.start();
    await eventually(
      () => epochOf(c),
      (e) => e.epoch === 1 && e.state === 'done',
      'C re-bootstrapped',
      60_000,
    );
    const cStatus = await eventually(
      () => syncStatus(c),
      (s) => s.state === 'connected' && s.pending === 0,
      'C pushed its edits',
      30_000,
    );
    expect(cStatus.last_error ?? '').not.toMatch(/rejected|invalid_update/);
    expect((await epochOf(c)).last).toMatchObject({ previous: 'fetched' });
    // The relay keeps a record as schema 2 when schema 3 would read it a millisecond apart (a
    // busy machine): C's edit of such a record is not re-authored but sent as it was.
    const rewritten = [ids[0], ids[1]].map((id) => schemaOf(a, id) === 3);
    expect((await epochOf(c)).last.reauthored).toBeGreaterThanOrEqual((rewritten[0] ? 1 : 0) + (rewritten[1] ? 2 : 0));
    for (const i of [a, b, c]) {
      const lead1 = await eventually(
        () => i.api('GET', `/api/v1/leads/${ids[1]}/`).then((r) => r.body),
        (l) => l.status === 'qualified',
        'lead 1 from C',
      );
      expect(lead1).toMatchObject({ notes: 'offline note', version: cLead1.body.version });
      expectStampTime(lead1, cLead1.body, rewritten[1]);
      const lead0 = await eventually(
        () => i.api('GET', `/api/v1/leads/${ids[0]}/`).then((r) => r.body),
        (l) => l.first_name === 'FromRepOffline',
        'lead 0 from C',
      );
      expectStampTime(lead0, cLead0, rewritten[0]);
      // Still a conflict: C's edit never saw A's, and the greater stamp (C's) wins.
      const open = (await i.api('GET', `/api/v1/conflicts/?object_id=${ids[0]}`)).body.results;
      expect(open.map((x: any) => x.field)).toEqual(['first_name']);
    }
    const after = await reads(a);
    expect(await reads(b)).toEqual(after);
    expect(await reads(c)).toEqual(after);
  }, 300_000);
});
