import { AppError, validationError } from '../../../shared/errors';
import { userEntity } from '../../../shared/entities/entities';
import { requireCaller, type HandlerMap, type HandlerRequest } from '../../core/handler';
import { withBody, withObjectBody, type JsonObject } from '../../core/typed-handler';
import { API_TOKEN_BODY, CHANGE_PASSWORD_BODY, LOGIN_BODY, REFRESH_BODY } from '../../../shared/contract/auth-bodies';
import { newId } from '../../core/ids';
import { listEnvelope, type ListQueryEngine } from '../query';
import { writeContext, type RecordReader, type RecordsEngine } from '../records';
import type { AuthEngine } from './auth-engine';
import { passwordProblems } from './passwords';
import { BRIEF_USER_FIELDS, SELF_EDITABLE_USER_FIELDS, assertUserChange, userViewFor } from './user-access';

export interface AuthHandlerDeps {
  auth: AuthEngine;
  records: RecordsEngine;
  reader: RecordReader;
  query: ListQueryEngine;
}

function briefUser(user: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(BRIEF_USER_FIELDS.map((k) => [k, user[k] ?? null]));
}

function userHandlers(deps: AuthHandlerDeps): HandlerMap {
  const { reader, query, records, auth } = deps;
  const isAdmin = (req: HandlerRequest) => requireCaller(req).role === 'admin';
  return {
    'users.list': (req) => {
      // Non-admins read the brief form, so they filter and order on its fields only.
      const result = query.list(userEntity, req.query, { defaultOrdering: 'username', ...(isAdmin(req) ? {} : { onlyFields: BRIEF_USER_FIELDS }) });
      const users = reader.serialize(userEntity, result.rows);
      return listEnvelope(result, isAdmin(req) ? users : users.map(briefUser), req);
    },
    'users.retrieve': (req) => {
      const user = reader.get(userEntity, req.params.id);
      return userViewFor(requireCaller(req), req.params.id, user);
    },
    'users.create': withObjectBody((req) => auth.createUser(req.body, writeContext(req))),
    'users.update': withObjectBody(async (req) => {
      const body = { ...req.body };
      const password = body.password;
      delete body.password;
      assertUserChange(requireCaller(req), req.params.id, body);
      // Check the password before writing anything: a refused password must not leave the
      // other fields of the same request applied (and a non-string is not a password).
      if (password !== undefined) {
        const problems = passwordProblems(password);
        if (problems.length) throw validationError({ password: problems });
      }
      const user = records.update('user', req.params.id, body, writeContext(req));
      if (password !== undefined) await auth.setPassword(req.params.id, String(password));
      return reader.get(userEntity, String(user.id));
    }),
    'users.destroy': (req) => {
      if (req.params.id === requireCaller(req).id) throw new AppError('conflict', 'You cannot delete your own account.');
      records.remove('user', req.params.id, writeContext(req));
      return undefined;
    },
    'users.restore': (req) => reader.get(userEntity, String(records.restore('user', req.params.id, writeContext(req)).id)),
  };
}

function authHandlers(deps: AuthHandlerDeps): HandlerMap {
  const { auth, records, reader } = deps;
  return {
    'auth.token': withBody(LOGIN_BODY, (req) => auth.login(req.body, req.clientKey)),
    'auth.login': withBody(LOGIN_BODY, (req) => auth.login(req.body, req.clientKey)),
    'auth.refresh': withBody(REFRESH_BODY, (req) => auth.refresh(req.body)),
    'auth.login_refresh': withBody(REFRESH_BODY, (req) => auth.refresh(req.body)),
    'auth.logout': withBody(REFRESH_BODY, (req) => {
      auth.logout(req.body);
      return undefined;
    }),
    'auth.setup_status': () => ({ needs_setup: auth.userCount() === 0 }),
    'auth.setup': withObjectBody(async (req) => {
      if (auth.userCount() > 0) throw new AppError('conflict', 'This install already has users; sign in instead.');
      const body: JsonObject = { ...req.body, role: 'admin' };
      // The owner's record is self-authored, so teammates can check it against the team's roles.
      const id = newId();
      await auth.createUser(body, { actor: id, origin: req.origin }, id);
      // createUser refused anything but a string username and password.
      return auth.login({ username: String(body.username), password: String(body.password) }, req.clientKey);
    }),
    'auth.me': (req) => reader.get(userEntity, requireCaller(req).id),
    'auth.update_me': withObjectBody((req) => {
      const body = req.body;
      const refused = Object.keys(body).filter((k) => !(SELF_EDITABLE_USER_FIELDS as readonly string[]).includes(k));
      if (refused.length) throw validationError(Object.fromEntries(refused.map((k) => [k, ['You cannot change this field of your own profile.']])));
      records.update('user', requireCaller(req).id, body, writeContext(req));
      return reader.get(userEntity, requireCaller(req).id);
    }),
    'auth.change_password': withBody(CHANGE_PASSWORD_BODY, async (req) => {
      await auth.changePassword(requireCaller(req).id, req.body);
      return undefined;
    }),
    'api_tokens.list': (req) => {
      const results = auth.listApiTokens(requireCaller(req).id);
      return { count: results.length, next: null, previous: null, results };
    },
    'api_tokens.create': withBody(API_TOKEN_BODY, (req) => auth.createApiToken(requireCaller(req).id, req.body)),
    'api_tokens.revoke': (req) => {
      auth.revokeApiToken(requireCaller(req).id, req.params.id);
      return undefined;
    },
  };
}

/** Sign-in, sessions, API tokens, your own profile, and the admin-managed users. */
export function authAndUserHandlers(deps: AuthHandlerDeps): HandlerMap {
  return { ...userHandlers(deps), ...authHandlers(deps) };
}
