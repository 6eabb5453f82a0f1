/**
 * Failover between instances of one team relay (several relay processes on one PostgreSQL
 * behind no load balancer, or a load balancer's addresses). Every instance serves the same
 * team log by seq, so a client moves on with its cursor and its unacknowledged outbox.
 */

/** The address after `current` in the list (the first when `current` is not in it). */
export function nextRelayUrl(urls: string[], current: string): string {
  return urls[(urls.indexOf(current) + 1) % urls.length];
}

/**
 * Backoff counts whole rounds over the list: a dead instance is skipped at once, and only
 * when every address failed does the wait grow.
 */
export function failoverRound(attempt: number, urlCount: number): number {
  return Math.max(1, Math.ceil(attempt / Math.max(1, urlCount)));
}

/** The wait before reconnect round `round`: exponential from `minMs` to `maxMs`, jittered over its upper half. */
export function backoffDelay(round: number, backoff: { minMs: number; maxMs: number } = { minMs: 500, maxMs: 30_000 }): number {
  const base = Math.min(backoff.maxMs, backoff.minMs * 2 ** Math.min(round - 1, 16));
  return base / 2 + Math.random() * (base / 2);
}
