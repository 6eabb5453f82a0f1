import { fork } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { DOC_SCHEMA_VERSION } from '../../src/shared/record-doc/doc-format';
import { BenchRecord, LoadClient, pct } from './load-clients';

export interface LoadOptions {
  /** Connections per instance, writers and observers included. */
  connections: number;
  /** Offered pushed updates per second per instance during the latency phase. */
  rate: number;
  /** Updates per push. */
  batch: number;
  seconds: number;
  writers: number;
  observers: number;
}

export interface LoadResult {
  connected: number;
  rssIdleMb: number[];
  rssPer1000Mb: number[];
  offeredPerInstance: number;
  ackedPerInstance: number[];
  delivered: { same: number[]; cross: number[] };
  missing: number;
  maxPerInstance: number[];
  /** Mean append transaction (ms) and mean commit-to-send lag (ms) per instance, from /metrics. */
  appendMs: number[];
  fanoutMs: number[];
  fanoutMaxMs: number[];
}

const metric = (text: string, name: string) => Number(new RegExp(`^${name} ([0-9.e+-]+)`, 'm').exec(text)?.[1] ?? NaN);
async function means(url: string) {
  const t = await (await fetch(`${url}/metrics`)).text();
  return {
    append: (metric(t, 'relay_append_seconds_sum') / metric(t, 'relay_append_seconds_count')) * 1000,
    fanout: (metric(t, 'relay_fanout_lag_seconds_sum') / metric(t, 'relay_fanout_lag_seconds_count')) * 1000,
    fanoutMax: metric(t, 'relay_fanout_lag_seconds_max') * 1000,
  };
}
const rss = async (url: string) => Number(/relay_resident_memory_bytes (\d+)/.exec(await (await fetch(`${url}/metrics`)).text())?.[1] ?? 0);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The bulk of an instance's installs, connected from a child process (quiet-clients.ts). */
async function quietClients(url: string, devices: { device: string; token: string }[]) {
  const child = fork(fileURLToPath(new URL('./quiet-clients.ts', import.meta.url)), { execArgv: ['--import', 'tsx'], stdio: 'inherit' });
  child.send({ url, devices });
  const [reply] = (await once(child, 'message')) as [{ connected?: number; error?: string }];
  if (reply.error !== undefined) throw new Error(`simulated installs failed: ${reply.error}`);
  return {
    count: reply.connected ?? 0,
    async stop() {
      const exited = once(child, 'exit');
      child.send('stop');
      await exited;
    },
  };
}

interface Writer {
  client: LoadClient;
  instance: number;
  seq: number;
  acked: number;
  inflight: boolean;
}

/**
 * One load run against 1..n relay instances of one team: `connections` simulated installs per
 * instance, then a fixed offered load (`rate` updates/s per instance, pushed by `writers` of
 * them) timed at `observers` on every instance, then the most each instance acks with every
 * writer keeping one push in flight.
 */
export async function runLoad(
  urls: string[],
  account: string,
  devices: { device: string; token: string }[],
  opts: LoadOptions,
  log: (line: string) => void,
): Promise<LoadResult> {
  const idle = await Promise.all(urls.map(rss));
  const perInstance: LoadClient[][] = [];
  const quiet: Awaited<ReturnType<typeof quietClients>>[] = [];
  const writers: Writer[] = [];
  const observers: { client: LoadClient; instance: number }[] = [];
  const t0 = performance.now();
  for (let i = 0; i < urls.length; i++) {
    const mine = devices.slice(i * opts.connections, (i + 1) * opts.connections);
    const special = opts.writers + opts.observers;
    const decoded = await Promise.all(mine.slice(0, special).map((d) => LoadClient.connect(urls[i], d.device, d.token, true)));
    quiet.push(await quietClients(urls[i], mine.slice(special)));
    perInstance.push(decoded);
    decoded.slice(0, opts.writers).forEach((client) => writers.push({ client, instance: i, seq: 0, acked: 0, inflight: false }));
    decoded.slice(opts.writers).forEach((client) => observers.push({ client, instance: i }));
  }
  const counts = perInstance.map((cs, i) => cs.length + quiet[i].count);
  const connected = counts.reduce((n, c) => n + c, 0);
  log(`  ${connected} installs connected in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  await sleep(1000);
  const loaded = await Promise.all(urls.map(rss));
  const rssPer1000Mb = loaded.map((r, i) => ((r - idle[i]) / 1e6) * (1000 / counts[i]));

  // Delivery timing: when each update was pushed, and where from.
  const sentAt = new Map<string, { at: number; instance: number }>();
  const same: number[] = [];
  const cross: number[] = [];
  let received = 0;
  for (const o of observers) {
    o.client.onFrame = (f, at) => {
      if (f.type !== 'updates' || f.source !== 'live') return;
      for (const u of f.updates) {
        const s = sentAt.get(u.record_id + ':' + u.client_seq);
        if (!s) continue;
        received += 1;
        (s.instance === o.instance ? same : cross).push(at - s.at);
      }
    };
  }
  for (const w of writers) {
    w.client.onFrame = (f) => {
      if (f.type === 'ack') {
        w.acked += f.acks.length;
        w.inflight = false;
      } else if (f.type === 'error') throw new Error(`relay refused a push: ${f.code} ${f.message}`);
    };
  }
  // Updates are made before the clock starts (Yjs work in this process is not the relay's):
  // enough for the steady phase and the fastest phase, then reused in turn.
  const perInstanceUpdates = Math.ceil(opts.rate * opts.seconds * 1.1) + 5_000;
  const pool = urls.map((_, i) => {
    const records = Array.from({ length: 2000 }, (__, k) => new BenchRecord(`i${i}-r${k}`));
    return Array.from({ length: perInstanceUpdates }, (__, k) => ({ record_id: records[k % records.length].id, update: records[k % records.length].edit() }));
  });
  const turn = urls.map(() => 0);
  const push = (w: Writer) => {
    const envelopes = [];
    for (let k = 0; k < opts.batch; k++) {
      const u = pool[w.instance][turn[w.instance]++ % perInstanceUpdates];
      envelopes.push({ record_id: u.record_id, entity: 'lead', schema_version: DOC_SCHEMA_VERSION, writer: account, client_seq: ++w.seq, update: u.update });
    }
    const at = performance.now();
    for (const e of envelopes) sentAt.set(e.record_id + ':' + e.client_seq, { at, instance: w.instance });
    w.inflight = true;
    w.client.send({ type: 'push', envelopes });
  };

  // Phase 1: a steady offered load, pushes spread evenly over time and writers.
  const pushesPerSecond = opts.rate / opts.batch;
  const ackedBefore = writers.map((w) => w.acked);
  const start = performance.now();
  let sent = 0;
  while (performance.now() - start < opts.seconds * 1000) {
    const due = Math.floor(((performance.now() - start) / 1000) * pushesPerSecond);
    while (sent < due) {
      for (let i = 0; i < urls.length; i++) {
        const mine = writers.filter((w) => w.instance === i);
        push(mine[sent % mine.length]);
      }
      sent += 1;
    }
    await sleep(5);
  }
  const elapsed = (performance.now() - start) / 1000;
  // Every observer gets every update, from its own instance and from the others.
  const expected = sent * opts.batch * urls.length * observers.length;
  const settle = performance.now();
  while (received < expected && performance.now() - settle < 10_000) await sleep(50);
  const m = await Promise.all(urls.map(means));
  const ackedPerInstance = urls.map((_, i) => writers.reduce((n, w, k) => (w.instance === i ? n + w.acked - ackedBefore[k] : n), 0) / elapsed);

  // Phase 2: how much each instance acks when pushed as fast as it answers.
  for (const w of writers)
    w.client.onFrame = (f) => {
      if (f.type === 'ack') {
        w.acked += f.acks.length;
        w.inflight = false;
      }
    };
  for (const o of observers) o.client.onFrame = null;
  const maxStart = performance.now();
  const base = writers.map((w) => w.acked);
  while (performance.now() - maxStart < Math.max(5, opts.seconds / 2) * 1000) {
    for (const w of writers) if (!w.inflight) push(w);
    await sleep(2);
  }
  const maxSecs = (performance.now() - maxStart) / 1000;
  const maxPerInstance = urls.map((_, i) => writers.reduce((n, w, k) => (w.instance === i ? n + w.acked - base[k] : n), 0) / maxSecs);
  for (const cs of perInstance) for (const c of cs) c.close();
  await Promise.all(quiet.map((q) => q.stop()));
  return {
    connected,
    rssIdleMb: idle.map((r) => r / 1e6),
    rssPer1000Mb,
    offeredPerInstance: (sent * opts.batch) / elapsed,
    ackedPerInstance,
    delivered: { same, cross },
    missing: Math.max(0, expected - received),
    maxPerInstance,
    appendMs: m.map((x) => x.append),
    fanoutMs: m.map((x) => x.fanout),
    fanoutMaxMs: m.map((x) => x.fanoutMax),
  };
}

export function describeLatency(xs: number[]): string {
  return xs.length === 0 ? 'n/a' : `p50 ${pct(xs, 50).toFixed(0)} ms, p99 ${pct(xs, 99).toFixed(0)} ms (${xs.length} deliveries)`;
}
