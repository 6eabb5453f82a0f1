import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { spawnRelay, type RelayProcess } from '../../../helpers/relay-process';
import { eventually, removeDir, startInstall, type Install } from '../../../helpers/team-installs';
import { createTeam, joinTeam } from '../../../helpers/team-setup';
import { docClient, synced, type DocClient } from '../../../helpers/doc-client';

/**
 * Two installs co-editing a lead's notes through a real relay process: presence crosses
 * installs, concurrent typing merges character by character, and both records converge.
 */
const OWNER = { email: 'owner@team.test', password: 'owner-password-1', username: 'owner' };
const REP = { email: 'rep@team.test', password: 'rep-password-12' };

let relayDir: string;
let relay: RelayProcess;
let a: Install;
let b: Install;
const clients: DocClient[] = [];

const notesOn = (i: Install, id: string) => i.api('GET', `/api/v1/leads/${id}/`).then((r) => (r.body.notes ?? null) as string | null);

function page(i: Install, id: string): DocClient {
  const c = docClient(i.server.url, 'lead', id, i.token);
  clients.push(c);
  return c;
}

beforeAll(async () => {
  relayDir = mkdtempSync(join(tmpdir(), 'crm-relay-'));
  relay = await spawnRelay(relayDir);
  a = await startInstall({ admin: OWNER });
  await createTeam(a, relay.url, OWNER, 'Acme sales');
  b = await joinTeam(a, relay.url, REP, 'sales_rep');
}, 120_000);

afterAll(async () => {
  for (const c of clients) c.destroy();
  await a?.stop();
  await b?.stop();
  await relay?.stop();
  for (const dir of [relayDir, a?.dataDir, b?.dataDir]) if (dir) removeDir(dir);
});

describe('co-editing notes between two installs through the relay', () => {
  it('shows presence across installs and merges concurrent typing into the same notes on both', async () => {
    const lead = await a.api('POST', '/api/v1/leads/', { email: 'coedit@acme.test', first_name: 'Cora', notes: 'Budget approved.' });
    const id = lead.body.id as string;
    await eventually(
      () => notesOn(b, id),
      (n) => n === 'Budget approved.',
      'the lead on B',
    );

    const onA = page(a, id);
    await synced(onA);
    const onB = page(b, id);
    await synced(onB);
    // B joined A's room over the relay: the same text, not a second copy of it.
    await eventually(
      async () => onB.text.toString(),
      (s) => s === 'Budget approved.',
      'B has the text',
    );
    const meA = (await a.api('GET', '/api/v1/auth/me/')).body;
    const meB = (await b.api('GET', '/api/v1/auth/me/')).body;
    await eventually(
      async () => onA.others().map((u) => u.id),
      (ids) => ids.includes(meB.id),
      "A sees B's user",
    );
    await eventually(
      async () => onB.others().map((u) => u.id),
      (ids) => ids.includes(meA.id),
      "B sees A's user",
    );

    // Both type at the same moment, each before seeing the other's keys.
    const typeA = 'Owner: ';
    const typeB = ' Rep: demo on Friday.';
    for (let i = 0; i < Math.max(typeA.length, typeB.length); i++) {
      if (i < typeA.length) onA.text.insert(i, typeA[i]);
      if (i < typeB.length) onB.text.insert(onB.text.length, typeB[i]);
    }
    const merged = 'Owner: Budget approved. Rep: demo on Friday.';
    await eventually(
      async () => [onA.text.toString(), onB.text.toString()],
      ([x, y]) => x === merged && y === merged,
      'both pages merged',
      20_000,
    );
    await eventually(
      () => notesOn(a, id),
      (n) => n === merged,
      "A's record has the merged notes",
      20_000,
    );
    await eventually(
      () => notesOn(b, id),
      (n) => n === merged,
      "B's record has the merged notes",
      20_000,
    );

    onB.destroy();
    await eventually(
      async () => onA.others().map((u) => u.id),
      (ids) => !ids.includes(meB.id),
      "B left A's presence",
    );
  }, 90_000);

  it('keeps a later visitor in the same room: a page opening on B after typing on A sees the live text', async () => {
    const lead = await a.api('POST', '/api/v1/leads/', { email: 'late@acme.test', first_name: 'Lee', notes: 'Start.' });
    const id = lead.body.id as string;
    await eventually(
      () => notesOn(b, id),
      (n) => n === 'Start.',
      'the lead on B',
    );
    const onA = page(a, id);
    await synced(onA);
    onA.text.insert(onA.text.length, ' More from A.');
    const onB = page(b, id);
    await synced(onB);
    await eventually(
      async () => onB.text.toString(),
      (s) => s === 'Start. More from A.',
      "B sees A's unsaved typing, once",
    );
    onB.text.insert(0, 'B> ');
    await eventually(
      async () => onA.text.toString(),
      (s) => s === 'B> Start. More from A.',
      "A sees B's edit",
    );
    await eventually(
      () => notesOn(b, id),
      (n) => n === 'B> Start. More from A.',
      "B's record converged",
      20_000,
    );
    await eventually(
      () => notesOn(a, id),
      (n) => n === 'B> Start. More from A.',
      "A's record converged",
      20_000,
    );
  }, 90_000);
});
