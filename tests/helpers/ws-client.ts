import WebSocket from 'ws';

/** A real WebSocket client over TCP that keeps every message and lets a test wait for the next ones. */
export class TestSocket {
  readonly messages: any[] = [];
  readonly closed: Promise<{ code: number; reason: string }>;
  private cursor = 0;
  private waiters: (() => void)[] = [];

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data) => {
      this.messages.push(JSON.parse(String(data)));
      for (const w of this.waiters.splice(0)) w();
    });
    this.closed = new Promise((resolve) => ws.on('close', (code, reason) => resolve({ code, reason: String(reason) })));
    ws.on('error', () => undefined);
  }

  /** Opens `ws://…path`; rejects with the HTTP status when the upgrade is refused. */
  static open(baseUrl: string, path: string, headers: Record<string, string> = {}): Promise<TestSocket> {
    const ws = new WebSocket(baseUrl.replace(/^http/, 'ws') + path, { headers });
    const socket = new TestSocket(ws);
    return new Promise((resolve, reject) => {
      ws.once('open', () => resolve(socket));
      ws.once('unexpected-response', (_req, res) => reject(Object.assign(new Error(`upgrade refused: ${res.statusCode}`), { status: res.statusCode })));
      ws.once('error', reject);
    });
  }

  /** Opens and authenticates with the first message; resolves once connection_established arrives. */
  static async connect(baseUrl: string, path: string, token: string, resume: { last_seq?: number; stream?: string } = {}): Promise<TestSocket> {
    const socket = await TestSocket.open(baseUrl, path);
    socket.send({ type: 'authenticate', token, ...resume });
    await socket.next((m) => m.type === 'connection_established');
    return socket;
  }

  send(message: unknown): void {
    this.ws.send(typeof message === 'string' ? message : JSON.stringify(message));
  }

  /** The next message not yet taken that matches, waiting up to timeoutMs. */
  async next(match: (m: any) => boolean = () => true, timeoutMs = 3000): Promise<any> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      while (this.cursor < this.messages.length) {
        const m = this.messages[this.cursor++];
        if (match(m)) return m;
      }
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no matching message within ${timeoutMs} ms; got ${JSON.stringify(this.messages.slice(-5))}`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
  }

  /** Messages matching that arrive within `ms` (for asserting that nothing comes). */
  async collect(match: (m: any) => boolean, ms: number): Promise<any[]> {
    await new Promise((r) => setTimeout(r, ms));
    const out = this.messages.slice(this.cursor).filter(match);
    this.cursor = this.messages.length;
    return out;
  }

  close(): Promise<{ code: number; reason: string }> {
    this.ws.close();
    return this.closed;
  }
}
