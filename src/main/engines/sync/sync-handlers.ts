import { randomUUID } from 'node:crypto';
import { AppError, validationError, type FieldErrors } from '../../../shared/errors';
import { USER_ROLES } from '../../../shared/entities/enums';
import { requireCaller, type HandlerMap, type HandlerRequest } from '../../core/handler';
import type { AuthEngine } from '../auth';
import type { RecordReader } from '../records';
import { userEntity } from '../../../shared/entities/entities';
import { RelayHttp } from './relay-http';
import { parseRelayUrls } from './relay-urls';
import type { SyncEngine } from './sync-engine';
import { isJsonObject } from '../../core/json-object';

export interface SyncHandlerDeps {
  sync: SyncEngine;
  auth: AuthEngine;
  reader: RecordReader;
}

type Spec = Record<string, 'url' | 'text' | 'email' | 'password' | 'role'>;

const EMAIL_RE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Checks a body against a flat spec: every field required, no other field, each of its kind. */
function parse<S extends Spec>(body: unknown, spec: S): { [K in keyof S]: string } {
  const errors: FieldErrors = {};
  if (!isJsonObject(body)) throw validationError({ body: ['Expected a JSON object.'] });
  const input = body;
  for (const key of Object.keys(input)) if (!Object.hasOwn(spec, key)) errors[key] = ['Unknown field.'];
  const out: Record<string, string> = {};
  for (const [key, kind] of Object.entries(spec)) {
    const raw = input[key];
    if (typeof raw !== 'string' || raw.trim() === '') {
      errors[key] = ['This field is required.'];
      continue;
    }
    const value = kind === 'password' ? raw : raw.trim();
    if (value.length > (kind === 'url' ? 2000 : 255)) errors[key] = ['Too long.'];
    else if (kind === 'url' && !/^https?:\/\/[^\s/]+/.test(value)) errors[key] = ['An http:// or https:// address of the relay.'];
    else if (kind === 'email' && !EMAIL_RE.test(value)) errors[key] = ['Enter a valid email address.'];
    else if (kind === 'password' && value.length < 8) errors[key] = ['At least 8 characters.'];
    else if (kind === 'role' && !(USER_ROLES as readonly string[]).includes(value)) errors[key] = [`One of: ${USER_ROLES.join(', ')}.`];
    out[key] = kind === 'url' ? value.replace(/\/+$/, '') : value;
  }
  if (Object.keys(errors).length) throw validationError(errors);
  return out as { [K in keyof S]: string };
}

function notInTeam(sync: SyncEngine): void {
  if (sync.config()) throw new AppError('conflict', 'This install is already connected to a team; disconnect it first.');
}

/** Handlers of src/shared/contract/sync-operations.ts. */
export function syncHandlers({ sync, auth, reader }: SyncHandlerDeps): HandlerMap {
  const teamAdmin = () => {
    if (sync.requireConfig().role !== 'admin') throw new AppError('forbidden', 'Only a team admin may do this.');
  };
  return {
    'sync.status': () => sync.status(),
    'sync.create_team': async (req: HandlerRequest) => {
      const caller = requireCaller(req);
      const body = parse(req.body, { relay_url: 'url', team_name: 'text', email: 'email', password: 'password' });
      notInTeam(sync);
      const device = randomUUID();
      const tokens = await new RelayHttp(body.relay_url).createTeam({
        team_name: body.team_name,
        email: body.email,
        password: body.password,
        device_id: device,
        display_name: caller.full_name || caller.username,
        account_id: caller.id,
      });
      if (tokens.account_id !== caller.id) {
        throw new AppError('conflict', 'This email already belongs to another account on the relay; use another email.', {
          email: ['Already used by another relay account.'],
        });
      }
      sync.connectWith(
        { relay_url: body.relay_url, team_id: tokens.team_id, team_name: body.team_name, account_id: tokens.account_id, device_id: device, role: tokens.role },
        tokens,
      );
      return sync.status();
    },
    'sync.invite': async (req) => {
      const body = parse(req.body, { email: 'email', role: 'role' });
      teamAdmin();
      // Someone who already has an account here keeps its id as their team identity.
      const existing = reader.findBy(userEntity, 'email', body.email);
      return new RelayHttp(sync.requireConfig().relay_url).invite(await sync.accessToken(), { ...body, ...(existing ? { account_id: existing } : {}) });
    },
    'sync.join': async (req) => {
      const body = parse(req.body, { relay_url: 'url', invite_code: 'text', email: 'email', password: 'password' });
      notInTeam(sync);
      if (auth.userCount() > 0) throw new AppError('conflict', 'This install already has accounts: an admin can connect it to a team from Settings.');
      const device = randomUUID();
      const tokens = await new RelayHttp(body.relay_url).join({ invite_code: body.invite_code, email: body.email, password: body.password, device_id: device });
      const username =
        body.email
          .split('@')[0]
          .replace(/[^A-Za-z0-9_.-]/g, '')
          .slice(0, 100) || 'member';
      await auth.createUser(
        { username, email: body.email, role: tokens.role, password: body.password },
        { actor: tokens.account_id, origin: 'system' },
        tokens.account_id,
      );
      sync.connectWith(
        { relay_url: body.relay_url, team_id: tokens.team_id, team_name: '', account_id: tokens.account_id, device_id: device, role: tokens.role },
        tokens,
      );
      return { ...(await auth.login({ username, password: body.password }, req.clientKey)), sync: sync.status() };
    },
    'sync.members': async () => ({ results: await sync.members() }),
    'sync.remove_member': async (req) => {
      teamAdmin();
      await new RelayHttp(sync.requireConfig().relay_url).removeMember(await sync.accessToken(), req.params.id);
      return undefined;
    },
    'sync.compaction': async () => {
      const relay = new RelayHttp(sync.requireConfig().relay_url);
      return { ...(await relay.compaction(await sync.accessToken())), this_install: sync.epochs.progress() };
    },
    'sync.compact': async () => {
      teamAdmin();
      const relay = new RelayHttp(sync.requireConfig().relay_url);
      return { ...(await relay.startCompaction(await sync.accessToken())), this_install: sync.epochs.progress() };
    },
    'sync.relay': () => sync.relayUrls(),
    'sync.set_relay': (req) => {
      const urls = parseRelayUrls(req.body);
      return sync.setRelayUrls(urls);
    },
    'sync.wipe': (req) => {
      const caller = requireCaller(req);
      const body = req.body;
      if (!isJsonObject(body)) throw validationError({ body: ['Expected a JSON object.'] });
      const errors: FieldErrors = {};
      for (const key of Object.keys(body)) if (key !== 'confirm') errors[key] = ['Unknown field.'];
      if (body.confirm !== 'wipe') errors.confirm = ['Type "wipe" to confirm: the team\'s data is deleted from this computer and cannot be brought back here.'];
      if (Object.keys(errors).length) throw validationError(errors);
      // On a member's install their own account is the only one, with their team role: the
      // member the team removed may wipe their laptop; otherwise it takes an admin of this install.
      const config = sync.config();
      const removedMember = sync.status().state === 'removed' && config?.account_id === caller.id;
      if (caller.role !== 'admin' && !removedMember)
        throw new AppError('forbidden', "Only an admin of this install, or the member the team removed, may wipe the team's data.");
      const wiped = sync.wipe();
      return { wiped, status: sync.status() };
    },
    'sync.disconnect': () => {
      sync.requireConfig();
      sync.disconnect();
      return sync.status();
    },
  };
}
