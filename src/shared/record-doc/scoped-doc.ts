import { USER_ROLES, type UserRole } from '../entities/enums';

/**
 * Values of a custom field visible to a restricted set of roles live in a second document per
 * record and scope (same schema-2 format as the record's own document), never in the record's
 * document. Its id names the record and the scope, so the relay can tell who may receive it
 * without reading the document: `<recordId>::<role codes>`. A scope always includes admin
 * (admins see every field); the codes are one letter per role, sorted, so one set of roles
 * has one id on every install and the id stays within the protocol's 64 characters.
 */
export const SCOPE_SEPARATOR = '::';

const ROLE_CODES: Record<UserRole, string> = {
  admin: 'a',
  manager: 'm',
  sales_rep: 'r',
  marketing: 'k',
  customer_support: 'c',
  viewer: 'v',
};
const CODE_ROLES = new Map(Object.entries(ROLE_CODES).map(([role, code]) => [code, role as UserRole]));

/** The audience of a scope: admin plus the given roles, unique, in USER_ROLES order. */
export function audienceOf(roles: readonly string[]): UserRole[] {
  const wanted = new Set<string>(['admin', ...roles]);
  return USER_ROLES.filter((r) => wanted.has(r));
}

export function scopedDocId(recordId: string, roles: readonly string[]): string {
  const codes = audienceOf(roles)
    .map((r) => ROLE_CODES[r])
    .sort()
    .join('');
  return `${recordId}${SCOPE_SEPARATOR}${codes}`;
}

/** `<recordId>::<codes>` -> the record and its audience; null for a record's own document or a malformed id. */
export function parseScopedDocId(id: string): { recordId: string; audience: UserRole[] } | null {
  const at = id.lastIndexOf(SCOPE_SEPARATOR);
  if (at <= 0) return null;
  const codes = id.slice(at + SCOPE_SEPARATOR.length);
  if (!/^[a-z]{1,6}$/.test(codes) || [...codes].sort().join('') !== codes || new Set(codes).size !== codes.length) return null;
  const roles: string[] = [];
  for (const c of codes) {
    const role = CODE_ROLES.get(c);
    if (!role) return null;
    roles.push(role);
  }
  if (!roles.includes('admin')) return null;
  return { recordId: id.slice(0, at), audience: audienceOf(roles) };
}

export function isScopedDocId(id: string): boolean {
  return id.includes(SCOPE_SEPARATOR) && parseScopedDocId(id) !== null;
}

/** Whether a member of `role` may receive a document with this audience (empty = the whole team). */
export function audienceAdmits(audience: readonly string[], role: string): boolean {
  return audience.length === 0 || audience.includes(role);
}

/** The first and last possible ids of a record's scoped documents, for a range scan. */
export function scopedIdRange(recordId: string): [string, string] {
  return [`${recordId}${SCOPE_SEPARATOR}`, `${recordId}${SCOPE_SEPARATOR}~`];
}

export function sameAudience(a: readonly string[], b: readonly string[]): boolean {
  const x = new Set(a);
  const y = new Set(b);
  return x.size === y.size && [...x].every((r) => y.has(r));
}
