import { randomBytes } from 'node:crypto';
import { emailHash, linkSignature, openPurpose, unsubscribePurpose, verifyLink } from '../../../shared/email/tracking-signatures';

export { linkSignature, verifyLink };

/**
 * The public links of one message. With a relay (`baseUrl` set: the relay's public URL and
 * the team, `https://relay/t/{team}`), the open pixel, the click redirect and the one-click
 * unsubscribe live on the relay; without one, there is no open or click tracking and
 * unsubscribing is a mailto to the sender.
 *
 * Tokens are 128 random bits stored per recipient, and every link is signed under the team's
 * tracking key (`src/shared/email/tracking-signatures.ts`): the relay answers 404 to a link it
 * did not sign, so tokens cannot be forged or enumerated. Click links carry the target URL and
 * an HMAC of (token, url), so the relay redirects only to URLs that were in the message (never
 * an open redirect) without having to hold the message. The unsubscribe link carries a keyed
 * hash of the address, so the relay keeps the team's suppression list without the addresses.
 */
export function newToken(): string {
  return randomBytes(16).toString('base64url');
}

export function newTrackingSecret(): string {
  return randomBytes(32).toString('base64url');
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

export function trackingLinks(opts: {
  baseUrl: string | null;
  secret: string;
  token: string;
  fromEmail: string;
  email?: string;
  sentAt?: number;
}): TrackingLinks {
  const mailto = `mailto:${opts.fromEmail}?subject=${encodeURIComponent(`unsubscribe ${opts.token}`)}`;
  if (!opts.baseUrl) {
    return { tracked: false, unsubscribeUrl: mailto, listUnsubscribe: `<${mailto}>`, oneClick: false, openPixelUrl: null, clickUrl: (u) => u };
  }
  const base = opts.baseUrl.replace(/\/+$/, '');
  const e = emailHash(opts.secret, opts.email ?? '');
  const unsubscribeUrl = `${base}/u/${opts.token}?e=${e}&s=${linkSignature(opts.secret, opts.token, unsubscribePurpose(e))}`;
  const sentAt = String(Math.floor((opts.sentAt ?? Date.now()) / 1000));
  return {
    tracked: true,
    unsubscribeUrl,
    listUnsubscribe: `<${unsubscribeUrl}>, <${mailto}>`,
    oneClick: true,
    openPixelUrl: `${base}/o/${opts.token}.gif?t=${sentAt}&s=${linkSignature(opts.secret, opts.token, openPurpose(sentAt))}`,
    clickUrl: (u) => `${base}/c/${opts.token}?u=${encodeURIComponent(u)}&s=${linkSignature(opts.secret, opts.token, u)}`,
  };
}
