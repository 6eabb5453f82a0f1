import type { Engine } from './create-engine';
import { newId } from '../core/ids';

/** First start with an empty store: create the configured admin, once. */
export async function bootstrapAdmin(engine: Engine, admin: { email: string; password: string; username?: string }): Promise<boolean> {
  if (engine.auth.userCount() > 0) return false;
  const username = admin.username ?? admin.email.split('@')[0];
  // Self-authored, like the owner set up in the UI: teammates check it against the team's roles.
  const id = newId();
  await engine.auth.createUser(
    { username, email: admin.email, password: admin.password, role: 'admin', first_name: 'Admin' },
    { actor: id, origin: 'system' },
    id,
  );
  return true;
}
