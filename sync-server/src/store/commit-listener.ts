import pg from 'pg';
import type { RelayLogger } from '../core/relay-logger';

export interface CommitListenerOptions {
  url: string;
  channel: string;
  log: RelayLogger;
  /** A commit of another instance (or this one): `(team, head seq after it)`. */
  onCommit(teamId: string, seq: number): void;
  /** LISTEN is (again) in place: anything committed while it was not must be read now. */
  onListening(): void;
  /** The connection was lost; the relay is degraded until onListening. */
  onLost(): void;
  /** Reconnect delays (default 200 ms doubling to 5 s). */
  backoff?: { minMs: number; maxMs: number };
}

export interface CommitListener {
  /** True while LISTEN is in place on a live connection. */
  listening(): boolean;
  close(): Promise<void>;
}

/** `<team id>:<seq>`; team ids may contain ':', the seq is after the last one. */
export function parseCommitPayload(payload: string | undefined): { teamId: string; seq: number } | null {
  if (!payload) return null;
  const at = payload.lastIndexOf(':');
  const seq = Number(payload.slice(at + 1));
  if (at <= 0 || !Number.isSafeInteger(seq) || seq <= 0) return null;
  return { teamId: payload.slice(0, at), seq };
}

/**
 * One dedicated PostgreSQL connection holding `LISTEN channel` (a pooled connection cannot:
 * LISTEN belongs to a session). When the connection drops (PostgreSQL restarted, the network
 * cut) it reconnects by itself with backoff and LISTENs again; notifications sent meanwhile
 * are lost, which is why onListening makes the relay read what it missed by seq.
 */
export function startCommitListener(opts: CommitListenerOptions): CommitListener {
  const { minMs, maxMs } = opts.backoff ?? { minMs: 200, maxMs: 5_000 };
  let client: pg.Client | null = null;
  let live = false;
  let closed = false;
  let attempt = 0;
  let timer: NodeJS.Timeout | null = null;

  const lost = (client_: pg.Client, why: string) => {
    if (client !== client_) return; // an older connection's late event
    client = null;
    client_.removeAllListeners('notification');
    client_.end().catch(() => {});
    if (closed) return;
    if (live || attempt === 0) opts.log('warn', 'commit listener lost its database connection', { reason: why });
    live = false;
    opts.onLost();
    schedule();
  };

  const schedule = () => {
    attempt += 1;
    const delay = Math.min(maxMs, minMs * 2 ** Math.min(attempt - 1, 10));
    timer = setTimeout(() => void connect(), delay);
    timer.unref();
  };

  const connect = async () => {
    timer = null;
    if (closed) return;
    const c = new pg.Client({ connectionString: opts.url, keepAlive: true });
    client = c;
    // Errors and ends of a live connection arrive as events, not rejections.
    c.on('error', (err) => lost(c, err.message));
    c.on('end', () => lost(c, 'connection ended'));
    c.on('notification', (msg) => {
      const parsed = msg.channel === opts.channel ? parseCommitPayload(msg.payload) : null;
      if (parsed) opts.onCommit(parsed.teamId, parsed.seq);
    });
    try {
      await c.connect();
      await c.query(`LISTEN ${pg.escapeIdentifier(opts.channel)}`);
      if (closed || client !== c) return void c.end().catch(() => {});
      live = true;
      if (attempt > 0) opts.log('info', 'commit listener reconnected', { attempts: attempt });
      attempt = 0;
      opts.onListening();
    } catch (err) {
      lost(c, err instanceof Error ? err.message : String(err));
    }
  };

  void connect();
  return {
    listening: () => live,
    async close() {
      closed = true;
      if (timer) clearTimeout(timer);
      const c = client;
      client = null;
      live = false;
      await c?.end().catch(() => {});
    },
  };
}
