import { expect } from 'vitest';
import { eventually, startInstall, type Install } from './team-installs';

/** Team set-up steps the sync tests share (vitest only: they assert each answer). */
/** The install's `GET /api/v1/sync/status/`. */
export const syncStatus = (install: Install) => install.api('GET', '/api/v1/sync/status/').then((r) => r.body);

type SyncReady = (status: any) => boolean;
const connected: SyncReady = (s) => s.state === 'connected';

/** `install` creates a team on the relay as `owner`, then waits until its sync status is `ready` (default: connected). */
export async function createTeam(
  install: Install,
  relayUrl: string,
  owner: { email: string; password: string },
  teamName: string,
  ready: SyncReady = connected,
): Promise<void> {
  const created = await install.api('POST', '/api/v1/sync/team/', { relay_url: relayUrl, team_name: teamName, email: owner.email, password: owner.password });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  await eventually(() => syncStatus(install), ready, `the install that created team ${teamName} ready`, 30_000);
}

/**
 * A new install joins the team with an invite `inviter` makes for `member` (with `role`), is
 * signed in as the member, and is returned once its sync status is `ready` (default: connected).
 */
export async function joinTeam(
  inviter: Install,
  relayUrl: string,
  member: { email: string; password: string },
  role: string,
  ready: SyncReady = connected,
): Promise<Install> {
  const invite = await inviter.api('POST', '/api/v1/sync/invites/', { email: member.email, role });
  expect(invite.status, JSON.stringify(invite.body)).toBe(201);
  const install = await startInstall();
  const joined = await install.api('POST', '/api/v1/sync/join/', { relay_url: relayUrl, invite_code: invite.body.code, ...member });
  expect(joined.status, JSON.stringify(joined.body)).toBe(201);
  install.token = joined.body.access;
  await eventually(() => syncStatus(install), ready, `${member.email}'s install ready`, 30_000);
  return install;
}
