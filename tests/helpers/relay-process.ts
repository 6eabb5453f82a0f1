import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';
import { decodeRelayFrame, encodeFrame } from '../../src/shared/sync/frame-codec';
import { SYNC_PROTOCOL_VERSION, type ClientFrame, type RelayFrame } from '../../src/shared/sync/sync-protocol';
import { waitFor } from './relay-fixtures';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export interface RelayProcess {
  url: string;
  child: ChildProcess;
  logs: string[];
  /** kill -9: no shutdown code runs. */
  crash(): Promise<void>;
  /** SIGTERM and wait for the exit code. */
  stop(): Promise<number | null>;
  http<T = any>(method: string, path: string, body?: unknown, token?: string): Promise<{ status: number; body: T }>;
}

/**
 * The real relay entry point as a child process (node + tsx), port 0: PGlite in `dataDir`, or
 * on a PostgreSQL given as `{ databaseUrl }` (several of them make a scaled-out relay).
 */
export async function spawnRelay(dataDir: string | { databaseUrl: string }, port = 0, env: Record<string, string> = {}): Promise<RelayProcess> {
  const store = typeof dataDir === 'string' ? ['--data-dir', dataDir] : ['--database-url', dataDir.databaseUrl];
  const child = spawn(process.execPath, ['--import', 'tsx', 'sync-server/main.ts', ...store, '--port', String(port)], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...env },
  });
  const logs: string[] = [];
  child.stderr!.on('data', (d: Buffer) => logs.push(d.toString()));
  const url = await new Promise<string>((res, rej) => {
    let out = '';
    const timer = setTimeout(() => rej(new Error(`relay did not start: ${logs.join('')}`)), 60_000);
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /CRM relay listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        res(m[1]);
      }
    });
    child.once('exit', (code) => rej(new Error(`relay exited with ${code}: ${logs.join('')}`)));
  });
  const exited = once(child, 'exit');
  return {
    url,
    child,
    logs,
    async crash() {
      child.kill('SIGKILL');
      await exited;
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      const [code] = await exited;
      return code as number | null;
    },
    async http(method, path, body, token) {
      const headers: Record<string, string> = {};
      if (body !== undefined) headers['content-type'] = 'application/json';
      if (token) headers.authorization = `Bearer ${token}`;
      const res = await fetch(`${url}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
      const text = await res.text();
      return { status: res.status, body: text ? JSON.parse(text) : null };
    },
  };
}

/** A protocol-speaking WebSocket client, the way an install's sync client talks to the relay. */
export class RelayWsClient {
  frames: RelayFrame[] = [];
  closeCode: number | null = null;
  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data: Buffer) => {
      const res = decodeRelayFrame(new Uint8Array(data));
      if (!res.ok) throw new Error(`undecodable relay frame: ${res.message}`);
      this.frames.push(res.frame);
    });
    ws.on('close', (code) => {
      this.closeCode = code;
    });
    ws.on('error', () => {});
  }

  static async connect(url: string, token: string, deviceId: string): Promise<RelayWsClient> {
    const ws = new WebSocket(`${url.replace('http', 'ws')}/v1/sync`);
    await once(ws, 'open');
    const c = new RelayWsClient(ws);
    c.send({ type: 'hello', protocol_version: SYNC_PROTOCOL_VERSION, schema_version: 2, device_id: deviceId, access_token: token });
    await c.until(() => c.frames.some((f) => f.type === 'welcome' || f.type === 'error'), 'welcome');
    return c;
  }

  send(frame: ClientFrame): void {
    this.ws.send(encodeFrame(frame));
  }

  sendRaw(bytes: Uint8Array | string): void {
    this.ws.send(bytes);
  }

  of<T extends RelayFrame['type']>(type: T): Extract<RelayFrame, { type: T }>[] {
    return this.frames.filter((f): f is Extract<RelayFrame, { type: T }> => f.type === type);
  }

  until(check: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
    return waitFor(check, what, timeoutMs);
  }

  /** Pulls since `since` until caught up; returns every update received. */
  async catchUp(since: number) {
    const got = [];
    let cursor = since;
    for (;;) {
      const before = this.of('updates').filter((u) => u.source === 'catch_up').length;
      this.send({ type: 'pull', since: cursor, limit: 1000 });
      await this.until(() => this.of('updates').filter((u) => u.source === 'catch_up').length > before, 'catch-up page');
      const page = this.of('updates').filter((u) => u.source === 'catch_up')[before];
      got.push(...page.updates);
      if (page.updates.length > 0) cursor = page.updates[page.updates.length - 1].seq;
      if (!page.has_more) return { updates: got, cursor };
    }
  }

  close(): void {
    this.ws.close();
  }
}
