import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'csv-parse/sync';
import { startTestServer, type TestServer } from '../../helpers/test-server';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
  const company = await t.request('POST', '/api/v1/companies/', { body: { name: 'Exportco', industry: 'retail' } });
  await t.request('POST', '/api/v1/contacts/', { body: { last_name: 'Plain', email: 'plain@exp.test', company: company.body.id, tags: ['vip', 'q3'] } });
  await t.request('POST', '/api/v1/contacts/', {
    body: { last_name: '=HYPERLINK("http://evil.test")', first_name: '+1', job_title: '@SUM(A1)', email: 'evil@exp.test', notes: '-2+3\nsecond, "line"' },
  });
  await t.request('POST', '/api/v1/contacts/', { body: { last_name: 'Other', email: 'other@else.test', contact_type: 'vendor' } });
});
afterAll(() => t.stop());

const rowsOf = (text: string): string[][] => parse(text) as string[][];

describe('CSV export API', () => {
  it('exports the list query as CSV with a header of field names and a dated file name', async () => {
    const res = await t.request('GET', '/api/v1/contacts/export/?email__endswith=@exp.test&ordering=email');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="contacts-\d{4}-\d{2}-\d{2}\.csv"$/);
    const rows = rowsOf(res.body);
    const header = rows[0];
    expect(header.slice(0, 3)).toEqual(['id', 'salutation', 'first_name']);
    expect(header).toEqual(expect.arrayContaining(['email', 'company', 'tags', 'created_at', 'updated_at']));
    expect(header).not.toContain('custom_fields');
    expect(rows).toHaveLength(3);
    const col = (name: string, row: string[]) => row[header.indexOf(name)];
    expect(rows.slice(1).map((r) => col('email', r))).toEqual(['evil@exp.test', 'plain@exp.test']);
    const plain = rows[2];
    const list = await t.request('GET', '/api/v1/contacts/?email=plain@exp.test');
    expect(col('id', plain)).toBe(list.body.results[0].id);
    expect(col('company', plain)).toBe(list.body.results[0].company.id);
    expect(col('tags', plain)).toBe('q3, vip');
    expect(col('email_opt_out', plain)).toBe('false');
  });

  it('starts with a UTF-8 byte order mark so spreadsheets read accents right', async () => {
    await t.request('POST', '/api/v1/contacts/', { body: { last_name: 'Müller', email: 'muller@x.test' } });
    const res = await fetch(`${t.url}/api/v1/contacts/export/?search=muller`, { headers: { authorization: `Bearer ${t.adminToken}` } });
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(new TextDecoder().decode(bytes)).toContain('Müller');
  });

  it('neutralises cells a spreadsheet would run as formulas', async () => {
    const res = await t.request('GET', '/api/v1/contacts/export/?email=evil@exp.test&fields=last_name,first_name,job_title,notes,email');
    const rows = rowsOf(res.body);
    expect(rows[0]).toEqual(['last_name', 'first_name', 'job_title', 'notes', 'email']);
    expect(rows[1]).toEqual(['\'=HYPERLINK("http://evil.test")', "'+1", "'@SUM(A1)", '\'-2+3\nsecond, "line"', 'evil@exp.test']);
    expect(res.body.split('\r\n')[1].startsWith('"\'=HYPERLINK(""http://evil.test"")"')).toBe(true);
  });

  it('applies search and filters like the list endpoint, and exports custom fields when asked', async () => {
    const cf = await t.request('POST', '/api/v1/custom-fields/', {
      body: { name: 'tier', label: 'Tier', field_type: 'text', content_type: 'contact', is_filterable: true },
    });
    expect(cf.status).toBe(201);
    const other = await t.request('GET', '/api/v1/contacts/?email=other@else.test');
    await t.request('PATCH', `/api/v1/contacts/${other.body.results[0].id}/`, { body: { custom_fields: { tier: 'gold' } } });
    const vendors = rowsOf((await t.request('GET', '/api/v1/contacts/export/?contact_type=vendor&fields=email,custom_fields.tier')).body);
    expect(vendors).toEqual([
      ['email', 'custom_fields.tier'],
      ['other@else.test', 'gold'],
    ]);
    const searched = rowsOf((await t.request('GET', '/api/v1/contacts/export/?search=plain&fields=email')).body);
    expect(searched).toEqual([['email'], ['plain@exp.test']]);
    const related = rowsOf((await t.request('GET', '/api/v1/contacts/export/?company__industry=retail&fields=last_name&page=3&page_size=1')).body);
    expect(related).toEqual([['last_name'], ['Plain']]);
    const all = rowsOf((await t.request('GET', '/api/v1/contacts/export/')).body);
    expect(all[0]).toContain('custom_fields.tier');
  });

  it('exports every page, not just the first', async () => {
    const rows = Array.from({ length: 250 }, (_, i) => `Many${String(i).padStart(3, '0')},many${i}@pages.test`);
    const started = await t.request('POST', '/api/v1/imports/', { body: { model: 'contact', csv: ['last_name,email', ...rows].join('\n') } });
    for (let i = 0; i < 200; i++) {
      if ((await t.request('GET', `/api/v1/imports/${started.body.id}/`)).body.status !== 'running') break;
      await new Promise((r) => setTimeout(r, 25));
    }
    const out = rowsOf((await t.request('GET', '/api/v1/contacts/export/?email__endswith=@pages.test&ordering=last_name&fields=last_name')).body);
    expect(out).toHaveLength(251);
    expect(out[1]).toEqual(['Many000']);
    expect(out[250]).toEqual(['Many249']);
  });

  it('refuses unknown fields and filters with 400 naming them', async () => {
    const badField = await t.request('GET', '/api/v1/contacts/export/?fields=email,nope');
    expect(badField.status).toBe(400);
    expect(badField.body.error.fields.fields[0]).toMatch(/nope/);
    const badFilter = await t.request('GET', '/api/v1/contacts/export/?colour=red');
    expect(badFilter.status).toBe(400);
    expect(Object.keys(badFilter.body.error.fields)).toEqual(['colour']);
    expect((await t.request('GET', '/api/v1/contacts/export/', { token: null })).status).toBe(401);
  });

  it('routes /export/ to the export, not to the record with id "export"', async () => {
    for (const resource of ['leads', 'contacts', 'companies', 'opportunities', 'tasks', 'activities']) {
      const res = await t.request('GET', `/api/v1/${resource}/export/`);
      expect(res.status, resource).toBe(200);
      expect(res.headers.get('content-type'), resource).toBe('text/csv; charset=utf-8');
      expect(res.body.split('\r\n')[0].startsWith('id,'), resource).toBe(true);
    }
    const noSlash = await t.request('GET', '/api/v1/leads/export');
    expect(noSlash.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect((await t.request('GET', '/api/v1/leads/exported/')).status).toBe(404);
  });
});
