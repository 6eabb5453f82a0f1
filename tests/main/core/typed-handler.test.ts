import { describe, expect, it } from 'vitest';
import { createEngine } from '../../../src/main/app/create-engine';
import { bodySchemaOf } from '../../../src/main/core/typed-handler';
import { ManualClock } from '../../helpers/manual-clock';
import { tempDir } from '../../helpers/temp-store';

describe('typed handler inputs', () => {
  it("every handler typed from a body schema was typed from its own operation's schema", () => {
    const engine = createEngine({ dataDir: tempDir(), clock: new ManualClock(), reminderIntervalMs: 3_600_000 });
    try {
      let typed = 0;
      for (const op of engine.operations) {
        const schema = bodySchemaOf(engine.handlers[op.id]);
        if (schema === undefined) continue;
        typed++;
        expect(schema, op.id).toBe(op.requestBody);
      }
      expect(typed).toBeGreaterThan(0);
    } finally {
      engine.close();
    }
  });
});
