import { createConnection, createServer, type Socket } from 'node:net';

/**
 * A TCP proxy in front of a server that keeps every byte the server sends back: put it
 * between an install and its relay and it sees every HTTP answer and WebSocket frame that
 * install receives (sync, bootstrap, catch-up, notifications), exactly as they crossed the wire.
 */
export interface TcpTap {
  url: string;
  /** Everything the server sent to clients through this tap so far. */
  received(): Buffer;
  /** Cuts every connection and refuses new ones until `unblock` (the client goes offline). */
  block(): void;
  unblock(): void;
  close(): Promise<void>;
}

export async function startTap(targetUrl: string): Promise<TcpTap> {
  const target = new URL(targetUrl);
  const chunks: Buffer[] = [];
  const sockets = new Set<Socket>();
  let blocked = false;
  const server = createServer((client) => {
    if (blocked) {
      client.destroy();
      return;
    }
    const upstream = createConnection({ host: target.hostname, port: Number(target.port) });
    sockets.add(client);
    sockets.add(upstream);
    client.on('data', (d) => upstream.write(d));
    upstream.on('data', (d) => {
      chunks.push(Buffer.from(d));
      client.write(d);
    });
    const end = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    for (const s of [client, upstream]) {
      s.on('close', end);
      s.on('error', end);
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  return {
    url: `http://127.0.0.1:${port}`,
    received: () => Buffer.concat(chunks),
    block() {
      blocked = true;
      for (const s of sockets) s.destroy();
    },
    unblock() {
      blocked = false;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
