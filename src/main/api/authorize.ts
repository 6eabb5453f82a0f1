import { AppError } from '../../shared/errors';
import type { Operation } from '../../shared/contract/operation';
import { READ_ONLY_ROLES } from '../../shared/entities/enums';
import type { Caller } from '../core/handler';

export type Authenticate = (bearer: string | undefined) => Promise<Caller>;

/** Authenticates the bearer and checks the operation's access rule against the caller's role. */
export async function authorize(op: Operation, authorization: string | undefined, authenticate: Authenticate): Promise<Caller> {
  let bearer: string | undefined;
  if (authorization !== undefined) {
    const m = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
    if (!m) throw new AppError('unauthenticated', 'Authorization header must be "Bearer <token>".');
    bearer = m[1];
  }
  const caller = await authenticate(bearer);
  switch (op.access) {
    case 'write':
      if (READ_ONLY_ROLES.includes(caller.role)) throw new AppError('forbidden', 'Your role can read but not change records.');
      break;
    case 'admin':
      if (caller.role !== 'admin') throw new AppError('forbidden', 'Only admins can do this.');
      break;
    case 'manager':
      if (caller.role !== 'admin' && caller.role !== 'manager') throw new AppError('forbidden', 'Only admins and managers can do this.');
      break;
    default:
      break;
  }
  return caller;
}
