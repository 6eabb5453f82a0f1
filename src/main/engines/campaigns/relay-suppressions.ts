import type { Db } from '../../db/open-database';
import { emailHash } from '../../../shared/email/tracking-signatures';
import type { EmailSettings } from './email-settings';
import type { SuppressionList } from './suppression-list';

/**
 * The team's suppression list as the relay keeps it: keyed hashes of addresses (the relay
 * never holds the addresses). An install finds which of its contacts they are by hashing
 * their addresses with the team key; done only when new entries arrive, so one pass over the
 * contacts per round at most.
 */
export function applyRelaySuppressions(
  deps: { db: Db; settings: EmailSettings; suppressions: SuppressionList },
  items: { email_hash: string; at: string }[],
): number {
  const key = deps.settings.teamTracking()?.key;
  if (!key || items.length === 0) return 0;
  const wanted = new Map(items.map((i) => [i.email_hash, i.at]));
  const contacts = deps.db.prepare("SELECT id, email FROM contacts WHERE coalesce(email, '') != ''").all() as { id: string; email: string }[];
  let added = 0;
  deps.db.transaction(() => {
    for (const c of contacts) {
      const at = wanted.get(emailHash(key, c.email));
      if (at === undefined) continue;
      deps.suppressions.add(c.email, c.id, 'unsubscribed', null, at);
      added++;
    }
  })();
  return added;
}
