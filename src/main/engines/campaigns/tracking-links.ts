import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * The public links of one message. With a relay (`baseUrl` set), the open pixel, the click
 * redirect and the one-click unsubscribe live on the relay; without one, there is no open or
 * click tracking and unsubscribing is a mailto to the sender.
 *
 * Tokens are 128 random bits stored per recipient: they cannot be guessed or enumerated.
 * Click links carry the target URL and an HMAC of (token, url) under the team's tracking
 * secret, so the relay redirects only to URLs that were in the message it signs for (never an
 * open redirect) without having to hold the message.
 */
export function newToken(): string {
  return randomBytes(16).toString('base64url');
}

export function newTrackingSecret(): string {
  return randomBytes(32).toString('base64url');
}

export function linkSignature(secret: string, token: string, url: string): string {
  return createHmac('sha256', secret).update(`${token}\n${url}`).digest('base64url').slice(0, 22);
}

export function verifyLink(secret: string, token: string, url: string, signature: string): boolean {
  const expected = Buffer.from(linkSignature(secret, token, url));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

export interface TrackingLinks {
  tracked: boolean;
  unsubscribeUrl: string;
  /** Value of the List-Unsubscribe header. */
  listUnsubscribe: string;
  /** RFC 8058 one-click needs an HTTPS URI: only set when the relay serves one. */
  oneClick: boolean;
  openPixelUrl: string | null;
  clickUrl(url: string): string;
}

export function trackingLinks(opts: { baseUrl: string | null; secret: string; token: string; fromEmail: string }): TrackingLinks {
  const mailto = `mailto:${opts.fromEmail}?subject=${encodeURIComponent(`unsubscribe ${opts.token}`)}`;
  if (!opts.baseUrl) {
    return { tracked: false, unsubscribeUrl: mailto, listUnsubscribe: `<${mailto}>`, oneClick: false, openPixelUrl: null, clickUrl: (u) => u };
  }
  const base = opts.baseUrl.replace(/\/+$/, '');
  const unsubscribeUrl = `${base}/u/${opts.token}`;
  return {
    tracked: true,
    unsubscribeUrl,
    listUnsubscribe: `<${unsubscribeUrl}>, <${mailto}>`,
    oneClick: true,
    openPixelUrl: `${base}/t/o/${opts.token}.gif`,
    clickUrl: (u) => `${base}/t/c/${opts.token}?u=${encodeURIComponent(u)}&s=${linkSignature(opts.secret, opts.token, u)}`,
  };
}
