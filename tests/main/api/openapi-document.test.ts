import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Validator } from '@seriousme/openapi-schema-validator';
import { startTestServer, type TestServer } from '../../helpers/test-server';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
  // Custom fields put run-time schemas into the document: one of each kind that has bounds.
  for (const body of [
    { name: 'budget', label: 'Budget', field_type: 'decimal', content_type: 'lead', min_value: 0 },
    { name: 'region', label: 'Region', field_type: 'select', content_type: 'lead', options: ['North', 'South'] },
  ]) {
    expect((await t.request('POST', '/api/v1/custom-fields/', { body })).status).toBe(201);
  }
});
afterAll(() => t.stop());

describe('the OpenAPI document', () => {
  it('is a valid document of the OpenAPI version it declares', async () => {
    const doc = await t.request('GET', '/api/docs/openapi.json', { token: null });
    const result = await new Validator().validate(doc.body);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
  });
});
