import WebSocket from 'ws';
import { encodeFrame, decodeRelayFrame } from '../../../shared/sync/frame-codec';
import {
  MAX_FRAME_BYTES,
  MAX_UPDATE_BYTES,
  SYNC_PROTOCOL_VERSION,
  type ClientFrame,
  type RelayFrame,
  type UpdateEnvelope,
} from '../../../shared/sync/sync-protocol';
import { DOC_SCHEMA_VERSION } from '../../../shared/record-doc/doc-format';
import { parseScopedDocId } from '../../../shared/record-doc/scoped-doc';
import { READ_ONLY_ROLES } from '../../../shared/entities/enums';
import type { OutboxItem, RecordsEngine } from '../records';
import type { SyncSettings, TeamConfig } from './sync-settings';
import { isDocRelayFrame } from '../../../shared/sync/doc-relay-frames';
import type { EpochRebootstrap } from './epoch-rebootstrap';

export interface SessionEvents {
  /** Caught up with the team: pushes flow, live updates arrive. */
  connected(): void;
  bootstrap(progress: { done: number; total: number } | null): void;
  welcome(role: string): void;
  /** A frame the relay refused or an error it sent; the session goes on unless it closes. */
  problem(message: string): void;
  /** Updates from the team were applied (live or catch-up). */
  applied(count: number): void;
  /** Some waited for a member this install does not know yet: read the team's roles again. */
  unknownAuthor(): void;
  /** The relay acknowledged pushed changes (the pending count fell). */
  acknowledged(): void;
  /** A co-editing frame (presence, live notes) from another device; ephemeral, not the update log. */
  docFrame?(bytes: Uint8Array): void;
  /** The team's compaction moved on (a re-bootstrap began, progressed or finished). */
  epoch?(): void;
}

const PING_EVERY_MS = 20_000;
/** Leaves room in a push frame for the envelopes' own fields. */
const PUSH_BYTES = MAX_FRAME_BYTES - 64 * 1024;

/**
 * One WebSocket to the relay (sync-server/README.md, "What a client must do"): hello, then a
 * bootstrap for a new device (resumable from its cursor) or a catch-up from the last seq, then
 * live updates both ways. Every update from the relay goes through the one write path
 * (records.applyRemoteBatch). Outbox rows leave only when the relay acknowledged them as durable.
 */
export class SyncSession {
  private ws: WebSocket | null = null;
  private readonly inflight = new Map<number, OutboxItem>();
  private caughtUp = false;
  private pingTimer: NodeJS.Timeout | null = null;
  private alive = true;
  /** After close(), frames still in flight are ignored: the store may be closing. */
  private stopped = false;
  /** Viewers cannot push: their changes stay in the outbox (the relay would refuse them). */
  private canPush = true;
  /** The team's compaction epoch as the relay told it on this connection (null: never compacted). */
  private relayEpoch: { epoch: number; state: 'compacting' | 'ready' } | null = null;
  private welcomed = false;
  private swapping = false;

  constructor(
    private readonly records: RecordsEngine,
    private readonly settings: SyncSettings,
    private readonly config: TeamConfig,
    private readonly events: SessionEvents,
  ) {}

  /** The team's compaction on this install (set by the sync engine; without it epochs are not followed). */
  epochs: EpochRebootstrap | null = null;

  /** Resolves when the socket closes, with the close code and reason. */
  run(accessToken: string): Promise<{ code: number; reason: string }> {
    return new Promise((resolve) => {
      const url = `${this.config.relay_url.replace(/^http/, 'ws')}/v1/sync`;
      const ws = new WebSocket(url, { maxPayload: 4 * MAX_FRAME_BYTES, handshakeTimeout: 10_000 });
      this.ws = ws;
      ws.binaryType = 'nodebuffer';
      ws.on('open', () => {
        this.send({
          type: 'hello',
          protocol_version: SYNC_PROTOCOL_VERSION,
          schema_version: DOC_SCHEMA_VERSION,
          device_id: this.config.device_id,
          access_token: accessToken,
        });
        this.pingTimer = setInterval(() => this.ping(), PING_EVERY_MS);
      });
      ws.on('message', (data: Buffer) => this.receive(new Uint8Array(data)));
      ws.on('pong', () => {
        this.alive = true;
      });
      ws.on('error', (error) => this.events.problem(`Relay connection: ${error.message}`));
      ws.on('close', (code, reason) => {
        if (this.pingTimer) clearInterval(this.pingTimer);
        this.ws = null;
        this.inflight.clear();
        this.caughtUp = false;
        resolve({ code, reason: reason.toString() });
      });
    });
  }

  close(): void {
    this.stopped = true;
    this.ws?.close(1000, 'closed by this install');
  }

  /** Sends what the outbox holds, if caught up and nothing is waiting for an ack. */
  push(): void {
    if (!this.caughtUp || !this.canPush || this.inflight.size > 0 || !this.ws) return;
    const envelopes: UpdateEnvelope[] = [];
    let bytes = 0;
    for (const item of this.records.outbox.since(0, 500)) {
      if (item.update.byteLength > MAX_UPDATE_BYTES) {
        // Kept in the outbox; a record this large needs its change split (not built yet).
        this.events.problem(`Record ${item.record_id} has a change of ${item.update.byteLength} bytes, over the relay's ${MAX_UPDATE_BYTES}.`);
        continue;
      }
      if (bytes + item.update.byteLength > PUSH_BYTES && envelopes.length > 0) break;
      bytes += item.update.byteLength;
      this.inflight.set(item.seq, item);
      envelopes.push({
        record_id: item.record_id,
        entity: item.entity,
        schema_version: DOC_SCHEMA_VERSION,
        writer: this.config.account_id,
        client_seq: item.seq,
        update: item.update,
        // A role-restricted document names its audience: the relay sends it to those roles only.
        audience: parseScopedDocId(item.record_id)?.audience ?? [],
      });
    }
    if (envelopes.length > 0) this.send({ type: 'push', envelopes });
  }

  private ping(): void {
    if (!this.ws) return;
    if (!this.alive) {
      this.ws.terminate();
      return;
    }
    this.alive = false;
    this.ws.ping();
  }

  /** Sends an encoded co-editing frame once caught up; false when not connected. */
  sendDocFrame(bytes: Uint8Array): boolean {
    if (!this.caughtUp || this.ws?.readyState !== WebSocket.OPEN) return false;
    this.ws.send(bytes);
    return true;
  }

  get isLive(): boolean {
    return this.caughtUp;
  }

  private send(frame: ClientFrame): void {
    if (this.ws?.readyState === WebSocket.OPEN) this.ws.send(encodeFrame(frame));
  }

  private receive(bytes: Uint8Array): void {
    if (this.stopped) return;
    if (isDocRelayFrame(bytes)) return this.events.docFrame?.(bytes);
    const decoded = decodeRelayFrame(bytes);
    if (!decoded.ok) {
      this.events.problem(`The relay sent a frame this install cannot read (${decoded.code}).`);
      return;
    }
    try {
      this.handle(decoded.frame);
    } catch (error) {
      this.events.problem(`Applying the relay's ${decoded.frame.type} failed: ${error instanceof Error ? error.message : String(error)}`);
      this.ws?.close(1011, 'client error');
    }
  }

  private handle(frame: RelayFrame): void {
    switch (frame.type) {
      case 'welcome': {
        this.canPush = !(READ_ONLY_ROLES as readonly string[]).includes(frame.role);
        this.events.welcome(frame.role);
        this.welcomed = true;
        if (this.relayEpoch) return this.onEpoch();
        return this.startSync();
      }
      case 'epoch': {
        this.relayEpoch = { epoch: frame.epoch, state: frame.state };
        // Before the welcome it only sets what the welcome does; after it, it acts now.
        if (this.welcomed) this.onEpoch();
        return;
      }
      case 'bootstrap_page': {
        if (this.epochs?.state()?.phase === 'staging') return this.stagePage(frame);
        return this.applyBootstrapPage(frame);
      }
      case 'updates': {
        if (frame.updates.length > 0) {
          const results = this.records.applyRemoteBatch(frame.updates.map((u) => ({ record_id: u.record_id, update: u.update })));
          if (results.some((r) => r.status === 'parked' && r.reason === 'unknown_author')) this.events.unknownAuthor();
          this.settings.saveLastSeq(Math.max(this.settings.lastSeq(), ...frame.updates.map((u) => u.seq)));
          this.events.applied(frame.updates.length);
        }
        if (frame.source === 'catch_up' && frame.has_more) {
          this.send({ type: 'pull', since: this.settings.lastSeq(), limit: 1000 });
        } else if (!this.caughtUp) {
          this.caughtUp = true;
          this.events.connected();
          this.push();
        }
        return;
      }
      case 'ack': {
        const done = frame.acks.flatMap((a) => {
          const item = this.inflight.get(a.client_seq);
          this.inflight.delete(a.client_seq);
          return item ? [item] : [];
        });
        this.records.outbox.acknowledge(done);
        this.events.acknowledged();
        if (this.inflight.size === 0) this.push();
        return;
      }
      case 'error': {
        this.events.problem(`Relay: ${frame.code}: ${frame.message}`);
        if (frame.code === 'rebootstrap') {
          // Nothing of the push was stored, and nothing of it is wrong: it stays in the outbox
          // and is re-authored after the re-bootstrap the epoch frame starts.
          this.inflight.clear();
          this.caughtUp = false;
          return;
        }
        if (frame.client_seq > 0 && this.inflight.has(frame.client_seq)) {
          // The relay stored nothing of that push; the refused change is set aside, the rest goes again.
          const refused = this.inflight.get(frame.client_seq)!;
          this.records.outbox.setAside(refused, `${frame.code}: ${frame.message}`);
          this.inflight.clear();
          this.push();
        }
        return;
      }
      case 'notification':
      case 'pong':
        return;
    }
  }

  /** A bootstrap or a catch-up, as before compactions existed. */
  private startSync(): void {
    const boot = this.settings.bootstrap();
    if (!boot?.done) this.send({ type: 'bootstrap', cursor: boot?.cursor ?? null });
    else this.send({ type: 'pull', since: this.settings.lastSeq(), limit: 1000 });
  }

  /**
   * The relay's compaction epoch (at hello or live): this install confirms the epoch it holds,
   * or begins, resumes or waits for its re-bootstrap (epoch-rebootstrap.ts).
   */
  private onEpoch(): void {
    const relay = this.relayEpoch!;
    const epochs = this.epochs;
    if (!epochs) return this.startSync();
    if (relay.epoch > epochs.localEpoch()) {
      // Nothing of the team here yet: its first bootstrap brings this epoch's documents.
      if (!epochs.state() && this.settings.bootstrap() === null) epochs.adopt(relay.epoch);
      else epochs.begin(relay.epoch, new Date().toISOString());
    }
    this.events.epoch?.();
    if (relay.state === 'compacting') {
      // Pushes and pulls would be refused: wait for `ready` (live, or at the next hello).
      this.caughtUp = false;
      this.inflight.clear();
      return;
    }
    const state = epochs.ready();
    if (!state) {
      this.send({ type: 'epoch_confirm', epoch: relay.epoch });
      return this.startSync();
    }
    this.caughtUp = false;
    this.inflight.clear();
    if (state.phase === 'swapping') return void this.swapAll();
    this.events.bootstrap({ done: state.staged, total: state.total });
    this.send({ type: 'bootstrap', cursor: state.cursor });
  }

  private stagePage(frame: Extract<RelayFrame, { type: 'bootstrap_page' }>): void {
    if (!frame.done) this.send({ type: 'bootstrap', cursor: frame.cursor });
    const state = this.epochs!.stage(frame.records, frame.cursor, frame.done, frame.total_records);
    this.events.bootstrap({ done: Math.min(state.staged, frame.total_records), total: frame.total_records });
    this.events.epoch?.();
    if (frame.done) void this.swapAll();
  }

  /** Swaps the staged documents in by batches (yielding between them), then holds the epoch and catches up. */
  private async swapAll(): Promise<void> {
    const epochs = this.epochs!;
    if (this.swapping) return;
    this.swapping = true;
    try {
      await epochs.fetchPrevious();
      while (!this.stopped && this.ws && epochs.swapBatch() > 0) {
        this.events.epoch?.();
        await new Promise((resolve) => setImmediate(resolve));
      }
      if (this.stopped || !this.ws) return;
      const state = epochs.finish(new Date().toISOString());
      const upto = state.cursor?.upto_seq ?? 0;
      this.settings.saveBootstrap({ cursor: state.cursor, done: true, applied: state.staged, total: state.total });
      this.settings.saveLastSeq(upto);
      this.events.bootstrap(null);
      this.events.epoch?.();
      this.send({ type: 'epoch_confirm', epoch: state.epoch });
      this.send({ type: 'pull', since: upto, limit: 1000 });
    } catch (error) {
      this.events.problem(`Re-bootstrapping after the team's compaction failed: ${error instanceof Error ? error.message : String(error)}`);
      this.ws?.close(1011, 'client error');
    } finally {
      this.swapping = false;
    }
  }

  private applyBootstrapPage(frame: Extract<RelayFrame, { type: 'bootstrap_page' }>): void {
    // Ask for the next page before applying this one: the relay reads it while this install
    // writes (two processes, two cores). The cursor is saved only after the apply, so a crash
    // re-asks for this page, and applying it twice is harmless.
    if (!frame.done) this.send({ type: 'bootstrap', cursor: frame.cursor });
    const results = this.records.applyRemoteBatch(
      frame.records.map((r) => ({ record_id: r.record_id, update: r.update })),
      { quiet: true },
    );
    if (results.some((r) => r.status === 'parked' && r.reason === 'unknown_author')) this.events.unknownAuthor();
    const before = this.settings.bootstrap();
    const applied = (before?.applied ?? 0) + results.length;
    this.settings.saveBootstrap({ cursor: frame.cursor, done: frame.done, applied, total: frame.total_records });
    this.events.bootstrap({ done: Math.min(applied, frame.total_records), total: frame.total_records });
    if (frame.done) {
      this.settings.saveLastSeq(frame.cursor.upto_seq);
      this.events.bootstrap(null);
      this.send({ type: 'pull', since: frame.cursor.upto_seq, limit: 1000 });
    }
  }
}
