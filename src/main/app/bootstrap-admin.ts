import type { Engine } from './create-engine';

/** First start with an empty store: create the configured admin, once. */
export async function bootstrapAdmin(engine: Engine, admin: { email: string; password: string; username?: string }): Promise<boolean> {
  if (engine.auth.userCount() > 0) return false;
  const username = admin.username ?? admin.email.split('@')[0];
  await engine.auth.createUser(
    { username, email: admin.email, password: admin.password, role: 'admin', first_name: 'Admin' },
    { actor: null, origin: 'system' },
  );
  return true;
}
