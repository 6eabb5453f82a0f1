import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { TOKEN_PATTERN, openPurpose, unsubscribePurpose, verifyLink } from '../../../src/shared/email/tracking-signatures';
import type { RelayLogger } from '../core/relay-logger';
import type { TrackingStore } from '../store/tracking-store';

/** A 1x1 transparent GIF. */
const PIXEL = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');
const TEAM_PATTERN = /^[A-Za-z0-9-]{8,64}$/;
const HASH_PATTERN = /^[A-Za-z0-9_-]{16,64}$/;
/** An open this soon after the message was built is a prefetch, not a person. */
const MACHINE_OPEN_SECONDS = 10;
/**
 * Privacy proxies and scanners that fetch every image or link: Gmail's and Yahoo's image
 * proxies, link scanners, and Apple Mail Privacy Protection (which sends a bare
 * `Mozilla/5.0`). Their opens are counted apart as machine opens.
 */
const MACHINE_AGENTS = /GoogleImageProxy|YahooMailProxy|ggpht\.com|bot\b|crawler|spider|preview|scanner|curl\/|wget\//i;

type Params = { team: string; token: string };
type Query = Record<string, string | undefined>;

export interface PublicEmailDeps {
  tracking: TrackingStore;
  log: RelayLogger;
  now: () => Date;
}

/**
 * The public email endpoints, on the relay's public base URL, no sign-in: the open pixel, the
 * click redirect and the one-click unsubscribe. Every link is signed with the team's tracking
 * key; a link that does not verify (unknown team, random or forged token, edited URL) gets
 * the same bare 404 as a path that does not exist, so nothing can be learnt by probing.
 */
export function registerPublicEmailRoutes(app: FastifyInstance, deps: PublicEmailDeps): void {
  const keys = new Map<string, string>();
  const keyOf = async (team: string): Promise<string | undefined> => {
    if (!TEAM_PATTERN.test(team)) return undefined;
    const cached = keys.get(team);
    if (cached) return cached;
    const key = await deps.tracking.existingKey(team);
    if (key) keys.set(team, key);
    return key;
  };
  const notFound = (reply: FastifyReply) => reply.status(404).header('cache-control', 'no-store').type('text/plain; charset=utf-8').send('Not found');
  const machineAgent = (req: FastifyRequest) => {
    const ua = (req.headers['user-agent'] ?? '').trim();
    return ua === '' || ua === 'Mozilla/5.0' || MACHINE_AGENTS.test(ua);
  };
  const record = (team: string, token: string, event: 'open' | 'click' | 'unsubscribe', machine: boolean, url: string | null = null) =>
    deps.tracking.addEvent(team, { token, event, at: deps.now().toISOString(), url, machine });

  app.get<{ Params: { team: string; file: string }; Querystring: Query }>('/t/:team/o/:file', async (req, reply) => {
    const token = req.params.file.endsWith('.gif') ? req.params.file.slice(0, -4) : '';
    const { t = '', s = '' } = req.query;
    const key = await keyOf(req.params.team);
    if (!key || !TOKEN_PATTERN.test(token) || !/^\d{1,12}$/.test(t) || !verifyLink(key, token, openPurpose(t), s)) return notFound(reply);
    const early = deps.now().getTime() / 1000 - Number(t) < MACHINE_OPEN_SECONDS;
    await record(req.params.team, token, 'open', early || machineAgent(req));
    return reply.header('cache-control', 'no-store, private').type('image/gif').send(PIXEL);
  });

  app.get<{ Params: Params; Querystring: Query }>('/t/:team/c/:token', async (req, reply) => {
    const { u = '', s = '' } = req.query;
    const key = await keyOf(req.params.team);
    if (!key || !TOKEN_PATTERN.test(req.params.token) || !isHttpUrl(u) || !verifyLink(key, req.params.token, u, s)) return notFound(reply);
    await record(req.params.team, req.params.token, 'click', machineAgent(req), u);
    return reply.header('cache-control', 'no-store').redirect(u, 302);
  });

  // One-click unsubscribe: GET only shows a confirmation (mail scanners follow GET links),
  // POST unsubscribes. RFC 8058 clients POST `List-Unsubscribe=One-Click` to the same URL.
  const checkUnsubscribe = async (req: FastifyRequest<{ Params: Params; Querystring: Query }>) => {
    const { e = '', s = '' } = req.query;
    const key = await keyOf(req.params.team);
    return !!key && TOKEN_PATTERN.test(req.params.token) && HASH_PATTERN.test(e) && verifyLink(key, req.params.token, unsubscribePurpose(e), s);
  };
  app.get<{ Params: Params; Querystring: Query }>('/t/:team/u/:token', async (req, reply) => {
    if (!(await checkUnsubscribe(req))) return notFound(reply);
    return page(
      reply,
      'Unsubscribe',
      `<p>Stop receiving these emails?</p>
<form method="post"><input type="hidden" name="List-Unsubscribe" value="One-Click"><button type="submit">Unsubscribe</button></form>`,
    );
  });
  app.post<{ Params: Params; Querystring: Query }>('/t/:team/u/:token', async (req, reply) => {
    if (!(await checkUnsubscribe(req))) return notFound(reply);
    const at = deps.now().toISOString();
    await deps.tracking.suppress(req.params.team, req.query.e!, req.params.token, at);
    await record(req.params.team, req.params.token, 'unsubscribe', false);
    deps.log('info', 'unsubscribed', { team_id: req.params.team });
    return page(reply, 'Unsubscribed', '<p>You are unsubscribed and will not receive these emails again.</p>');
  });
}

function page(reply: FastifyReply, title: string, body: string) {
  return reply
    .header('cache-control', 'no-store')
    .header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'")
    .type('text/html; charset=utf-8')
    .send(`<!doctype html><html><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${title}</title>
<style>body{font-family:system-ui,sans-serif;max-width:28rem;margin:4rem auto;padding:0 1rem}button{font-size:1rem;padding:.5rem 1rem}</style>
</head><body><h1>${title}</h1>${body}</body></html>`);
}

function isHttpUrl(value: string): boolean {
  if (value.length > 2000) return false;
  try {
    const u = new URL(value);
    return u.protocol === 'https:' || u.protocol === 'http:';
  } catch {
    return false;
  }
}
