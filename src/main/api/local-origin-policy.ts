import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../shared/errors';

/**
 * DNS-rebinding and cross-site defence for a server on 127.0.0.1: the Host header must name
 * this server exactly, and an Origin, when a browser sends one, must be this server's own.
 */
export class LocalOriginPolicy {
  /** The sets of the port last asked about: built once, not on every request. */
  private sets: { port: number; hosts: Set<string>; origins: Set<string> } | null = null;

  constructor(private readonly port: () => number) {}

  allowedHosts(): Set<string> {
    return this.setsFor(this.port()).hosts;
  }

  allowedOrigins(): Set<string> {
    return this.setsFor(this.port()).origins;
  }

  private setsFor(p: number): { port: number; hosts: Set<string>; origins: Set<string> } {
    if (this.sets?.port === p) return this.sets;
    const hosts = new Set([`127.0.0.1:${p}`, `localhost:${p}`, `[::1]:${p}`]);
    this.sets = { port: p, hosts, origins: new Set([...hosts].map((h) => `http://${h}`)) };
    return this.sets;
  }

  check(host: string | undefined, origin: string | undefined): void {
    if (!host || !this.allowedHosts().has(host.toLowerCase())) {
      throw new AppError('forbidden', 'Host not allowed: this API only answers requests addressed to 127.0.0.1 or localhost.');
    }
    if (origin !== undefined && !this.allowedOrigins().has(origin.toLowerCase())) {
      throw new AppError('forbidden', 'Origin not allowed: cross-site requests to the local API are refused.');
    }
  }

  /** Whether the request comes from the app's own pages (an allowed Origin was sent). */
  isOwnPage(origin: string | undefined): boolean {
    return origin !== undefined && this.allowedOrigins().has(origin.toLowerCase());
  }
}

const API_HEADERS: Record<string, string> = {
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  'permissions-policy': 'camera=(), microphone=(), geolocation=()',
};

export const PAGE_CSP =
  "default-src 'self'; connect-src 'self' ws://127.0.0.1:* ws://localhost:*; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";

export function securityHeaders(request: FastifyRequest, reply: FastifyReply): void {
  for (const [k, v] of Object.entries(API_HEADERS)) reply.header(k, v);
  if (request.url.startsWith('/api/')) reply.header('cache-control', 'no-store');
  else reply.header('content-security-policy', PAGE_CSP);
}
