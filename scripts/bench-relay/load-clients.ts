import { once } from 'node:events';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { DOC_SCHEMA_V2, DOC_SCHEMA_VERSION, FIELDS, META, WRITERS, fieldKey, writerKey } from '../../src/shared/record-doc/doc-format';
import { decodeRelayFrame, encodeFrame } from '../../src/shared/sync/frame-codec';
import { SYNC_PROTOCOL_VERSION, type ClientFrame, type RelayFrame, type UpdateEnvelope } from '../../src/shared/sync/sync-protocol';

/**
 * A simulated install speaking the real protocol over TCP: hello, pull to the head, then live.
 * Most only count the bytes of the frames they receive (an install's CPU is not what is
 * measured); observers decode them to time each update's delivery.
 */
export class LoadClient {
  framesIn = 0;
  bytesIn = 0;
  private waiters: { type: RelayFrame['type']; resolve: (f: RelayFrame) => void; reject: (e: Error) => void }[] = [];
  /** Called with each decoded frame (observers and writers only). */
  onFrame: ((f: RelayFrame, at: number) => void) | null = null;

  private constructor(
    readonly ws: WebSocket,
    readonly device: string,
    private decodeAll: boolean,
  ) {
    ws.on('message', (data: Buffer) => {
      this.framesIn += 1;
      this.bytesIn += data.length;
      if (!this.decodeAll && this.waiters.length === 0) return;
      const at = performance.now();
      const r = decodeRelayFrame(new Uint8Array(data));
      if (!r.ok) throw new Error(`undecodable relay frame: ${r.message}`);
      this.onFrame?.(r.frame, at);
      // A refusal ends every wait: a bench must stop with the relay's reason, not hang.
      if (r.frame.type === 'error') return this.fail(new Error(`relay refused ${this.device}: ${JSON.stringify(r.frame)}`));
      this.waiters = this.waiters.filter((w) => (w.type === r.frame.type ? (w.resolve(r.frame), false) : true));
    });
    ws.on('error', () => {});
    ws.on('close', (code, reason) => this.fail(new Error(`relay closed ${this.device}: ${code} ${reason.toString()}`)));
  }

  private fail(error: Error): void {
    for (const w of this.waiters) w.reject(error);
    this.waiters = [];
  }

  static async connect(url: string, device: string, token: string, decodeAll = false): Promise<LoadClient> {
    const ws = new WebSocket(`${url.replace(/^http/, 'ws')}/v1/sync`, { perMessageDeflate: false });
    await once(ws, 'open');
    const c = new LoadClient(ws, device, decodeAll);
    const welcome = c.next('welcome');
    c.send({ type: 'hello', protocol_version: SYNC_PROTOCOL_VERSION, schema_version: DOC_SCHEMA_VERSION, device_id: device, access_token: token });
    const w = await welcome;
    if (w.type !== 'welcome') throw new Error(`no welcome for ${device}`);
    // Catch up to the head (a team with history sends pages): from then on updates come live.
    let since = 0;
    for (;;) {
      const page = c.next('updates');
      c.send({ type: 'pull', since, limit: 1000 });
      const p = (await page) as Extract<RelayFrame, { type: 'updates' }>;
      if (p.updates.length > 0) since = p.updates[p.updates.length - 1].seq;
      if (!p.has_more) break;
    }
    return c;
  }

  send(f: ClientFrame): void {
    this.ws.send(encodeFrame(f));
  }

  next(type: RelayFrame['type']): Promise<RelayFrame> {
    return new Promise((resolve, reject) => this.waiters.push({ type, resolve, reject }));
  }

  close(): void {
    this.ws.terminate();
  }
}

/** Connects many clients, `parallel` handshakes at a time. */
export async function connectMany(url: string, devices: { device: string; token: string }[], parallel = 25): Promise<LoadClient[]> {
  const out: LoadClient[] = new Array(devices.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: parallel }, async () => {
      while (next < devices.length) {
        const i = next++;
        out[i] = await LoadClient.connect(url, devices[i].device, devices[i].token);
      }
    }),
  );
  return out;
}

/** A lead's document in the shared record format: a new record, or one more edit of it. */
export class BenchRecord {
  private readonly doc = new Y.Doc();
  private readonly writer = writerKey(this.doc.clientID);
  private edits = 0;

  constructor(readonly id: string) {
    this.doc.transact(() => {
      const meta = this.doc.getMap(META);
      meta.set('e', 'lead');
      meta.set('t', Date.now());
      meta.set('v', DOC_SCHEMA_V2);
      this.doc.getMap(WRITERS).set(this.writer, [null]);
    });
  }

  /** The next edit's update: a new status and note (the first one carries the record's creation). */
  edit(): Uint8Array {
    const before = this.edits === 0 ? new Uint8Array([0]) : Y.encodeStateVector(this.doc);
    this.edits += 1;
    this.doc.transact(() => {
      const f = this.doc.getMap(FIELDS);
      if (this.edits === 1) {
        f.set(fieldKey('first_name', this.writer), [`Lead ${this.id}`, 0]);
        f.set(fieldKey('email', this.writer), [`${this.id}@bench.test`, 1]);
      }
      f.set(fieldKey('status', this.writer), [['new', 'contacted', 'qualified'][this.edits % 3], this.edits + 1]);
      f.set(fieldKey('description', this.writer), [`note ${this.edits} on ${this.id}`, this.edits + 1]);
    });
    return this.edits === 1 ? Y.encodeStateAsUpdate(this.doc) : Y.encodeStateAsUpdate(this.doc, before);
  }
}

export function envelope(record: BenchRecord, writer: string, clientSeq: number): UpdateEnvelope {
  return { record_id: record.id, entity: 'lead', schema_version: DOC_SCHEMA_VERSION, writer, client_seq: clientSeq, update: record.edit() };
}

export const pct = (xs: number[], p: number): number => {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};
