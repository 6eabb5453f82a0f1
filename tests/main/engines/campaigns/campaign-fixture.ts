import { onTestFinished } from 'vitest';
import { createEngine, type Engine } from '../../../../src/main/app/create-engine';
import type { Caller } from '../../../../src/main/core/handler';
import { ManualClock } from '../../../helpers/manual-clock';
import { tempDir } from '../../../helpers/temp-store';
import { startSmtpSink, type SmtpSink } from '../../../helpers/smtp-sink';

export const CALLER: Caller = { id: 'u-admin', username: 'admin', email: 'admin@example.com', full_name: 'Ada Admin', role: 'admin', via: 'jwt' };

/** A real engine over a temp store, a real SMTP server, and a clock the test moves. */
export async function campaignFixture(
  settings: Record<string, unknown> = {},
): Promise<{ engine: Engine; clock: ManualClock; smtp: SmtpSink; m: Engine['campaigns'] }> {
  const clock = new ManualClock(Date.parse('2025-03-01T09:00:00Z'));
  const engine = createEngine({ dataDir: tempDir(), clock });
  // The test drives the scheduler by hand.
  engine.campaigns.scheduler.stop();
  const smtp = await startSmtpSink();
  onTestFinished(async () => {
    engine.close();
    await smtp.close();
  });
  engine.campaigns.settings.update({
    host: '127.0.0.1',
    port: smtp.port,
    secure: false,
    username: '',
    rate_limit_per_minute: null,
    rate_limit_per_hour: null,
    ...settings,
  });
  return { engine, clock, smtp, m: engine.campaigns };
}

export function addContact(engine: Engine, fields: Record<string, unknown>): string {
  return String(engine.records.create('contact', fields, { actor: null, origin: 'api' }).id);
}

export function addCompany(engine: Engine, fields: Record<string, unknown>): string {
  return String(engine.records.create('company', fields, { actor: null, origin: 'api' }).id);
}
