import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The signatures of the public email links, shared by the campaigns engine (which signs when
 * it builds a message) and the relay (which checks before it records or redirects). All use
 * the team's tracking key; nobody without it can make a link the relay accepts, so tokens
 * cannot be forged or enumerated, and the click redirect goes only to URLs that were signed
 * into a message.
 *
 * - click:       HMAC(token, url)                     -> `s`
 * - open pixel:  HMAC(token, "#open:" + sent_at)      -> `s` (sent_at flags opens seconds after delivery)
 * - unsubscribe: HMAC(token, "#unsubscribe:" + e)     -> `s`, where `e` = emailHash(address)
 *
 * Click URLs are http(s), so they never collide with the `#` purposes.
 */
export function linkSignature(key: string, token: string, url: string): string {
  return createHmac('sha256', key).update(`${token}\n${url}`).digest('base64url').slice(0, 22);
}

export function verifyLink(key: string, token: string, url: string, signature: string): boolean {
  const expected = Buffer.from(linkSignature(key, token, url));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

export const openPurpose = (sentAt: string): string => `#open:${sentAt}`;
export const unsubscribePurpose = (emailHash: string): string => `#unsubscribe:${emailHash}`;

/**
 * A keyed hash of an address: the relay keeps the team's suppression list by it and never
 * learns the address; an install holding the key can test its own recipients against it.
 */
export function emailHash(key: string, email: string): string {
  return createHmac('sha256', key).update(`email\n${email.trim().toLowerCase()}`).digest('base64url').slice(0, 32);
}

/** Tokens as the campaigns engine makes them (128 random bits, base64url). */
export const TOKEN_PATTERN = /^[A-Za-z0-9_-]{16,64}$/;
