import http from 'node:http';

export interface Reply {
  status: number;
  body: string;
  /** Request written to response fully read, in ms. */
  ms: number;
}

/** One keep-alive connection to the API, signed in as `credentials` or carrying an API token. */
export class Client {
  private readonly agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  private bearer = '';

  constructor(
    private readonly base: string,
    private readonly credentials: { username: string; password: string },
  ) {}

  /** Uses a bearer token (an API token) instead of signing in. */
  useToken(token: string): this {
    this.bearer = token;
    return this;
  }

  async login(): Promise<void> {
    const res = await this.raw('POST', '/api/v1/auth/token/', this.credentials);
    if (res.status !== 200) throw new Error(`sign-in failed: ${res.status} ${res.body.slice(0, 200)}`);
    this.bearer = (JSON.parse(res.body) as { access: string }).access;
  }

  raw(method: string, path: string, body?: unknown): Promise<Reply> {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const headers: Record<string, string> = {};
    if (this.bearer) headers.authorization = `Bearer ${this.bearer}`;
    if (payload !== undefined) Object.assign(headers, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(payload)) });
    return new Promise((done, reject) => {
      const started = process.hrtime.bigint();
      const req = http.request(`${this.base}${path}`, { method, headers, agent: this.agent }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => done({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString(), ms: Number(process.hrtime.bigint() - started) / 1e6 }));
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end(payload);
    });
  }

  /** A request that must succeed; signs in again once if a session token expired. */
  async call(method: string, path: string, body?: unknown, expect = method === 'POST' ? 201 : method === 'DELETE' ? 204 : 200): Promise<Reply> {
    let res = await this.raw(method, path, body);
    if (res.status === 401) {
      await this.login();
      res = await this.raw(method, path, body);
    }
    if (res.status !== expect) throw new Error(`${method} ${path} -> ${res.status}: ${res.body.slice(0, 300)}`);
    return res;
  }

  close(): void {
    this.agent.destroy();
  }
}

/** The p-th percentile (nearest rank) of samples. */
export function percentile(samples: readonly number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

/** Runs `n` requests one after another: each one's time, and the wall time of all. */
export async function timed(n: number, request: (i: number) => Promise<{ ms: number }>): Promise<{ samples: number[]; wallMs: number }> {
  const samples: number[] = [];
  const began = performance.now();
  for (let i = 0; i < n; i++) samples.push((await request(i)).ms);
  return { samples, wallMs: performance.now() - began };
}
