import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../helpers/test-server';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(() => t.stop());

/** Names every object has from its prototype: a lookup table read with `table[input]` finds them. */
const PROTOTYPE_NAMES = ['toString', 'constructor', '__proto__', 'hasOwnProperty', 'valueOf'];

describe('names from an object prototype are refused like any unknown name, never a 500', () => {
  it('in query parameters that pick from a fixed list', async () => {
    for (const name of PROTOTYPE_NAMES) {
      for (const path of [
        `/api/v1/audit-trail/?ordering=${name}`,
        `/api/v1/audit-trail/?ordering=-${name}`,
        `/api/v1/opportunities/summary/?group_by=${name}`,
        `/api/v1/conflicts/?status=${name}`,
      ]) {
        const res = await t.request('GET', path);
        expect(res.status, `${path}: ${JSON.stringify(res.body)}`).toBe(400);
      }
    }
  });

  it('in a widget field and a campaign segment value', async () => {
    for (const name of PROTOTYPE_NAMES) {
      const widget = await t.request('POST', '/api/v1/widgets/', {
        body: { name: 'Board', widget_type: 'leaderboard', data_source: 'leaderboard', query_params: { entity: 'lead', owner_field: name } },
      });
      expect(widget.status, JSON.stringify(widget.body)).toBe(400);
      const audience = await t.request('POST', '/api/v1/email-campaigns/audience/', { body: { segment_filter: { size: name } } });
      expect(audience.status, JSON.stringify(audience.body)).toBeLessThan(500);
    }
  });
});
