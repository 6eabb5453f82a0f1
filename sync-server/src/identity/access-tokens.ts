import { randomBytes } from 'node:crypto';
import { jwtVerify, SignJWT } from 'jose';
import { AppError } from '../../../src/shared/errors';

export const ACCESS_TTL_SECONDS = 15 * 60;

/** What an access token proves. The team of every request and socket comes from here. */
export interface AccessClaims {
  account_id: string;
  team_id: string;
  device_id: string;
}

export interface AccessTokens {
  sign(claims: AccessClaims, now: Date): Promise<string>;
  verify(token: string, now: Date): Promise<AccessClaims>;
}

/** HS256 access tokens; the key is created once and kept in the relay's database. */
export function createAccessTokens(secret: Uint8Array): AccessTokens {
  return {
    async sign(c, now) {
      const iat = Math.floor(now.getTime() / 1000);
      return new SignJWT({ team: c.team_id, dev: c.device_id })
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject(c.account_id)
        .setIssuedAt(iat)
        .setExpirationTime(iat + ACCESS_TTL_SECONDS)
        .setAudience('crm-relay')
        .sign(secret);
    },
    async verify(token, now) {
      try {
        const { payload } = await jwtVerify(token, secret, {
          algorithms: ['HS256'],
          audience: 'crm-relay',
          currentDate: now,
        });
        if (typeof payload.sub !== 'string' || typeof payload.team !== 'string' || typeof payload.dev !== 'string') {
          throw new Error('claims missing');
        }
        return { account_id: payload.sub, team_id: payload.team, device_id: payload.dev };
      } catch {
        throw new AppError('unauthenticated', 'access token invalid or expired');
      }
    },
  };
}

export function newSecret(): string {
  return randomBytes(32).toString('base64url');
}
