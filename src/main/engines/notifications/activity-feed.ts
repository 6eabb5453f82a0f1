import { randomUUID } from 'node:crypto';
import type { SocketPeer } from '../../core/socket-handler';
import { RECORD_UPDATE_TYPES, type ServerMessage, type SyncStatusView } from '../../../shared/contract/realtime-messages';
import type { RecordChange } from '../records';

export interface Replay {
  frames: string[];
  /** The resume point is older than the buffer or from another stream: some changes are not here. */
  gap: boolean;
}

/**
 * `/ws/activity/`: every record change, numbered in one sequence per run of the engine
 * (`stream`), kept in a ring buffer for resuming clients. Each change is serialised once and
 * the same string goes to every socket, so fan-out costs a queue push per socket.
 */
export class ActivityFeed {
  readonly stream = randomUUID();
  private seq = 0;
  /** Serialised only once someone listens or replays: an import with no client pays no JSON. */
  private readonly ring: (ServerMessage | string | undefined)[];
  private readonly peers = new Set<SocketPeer>();

  constructor(private readonly capacity: number) {
    this.ring = new Array<ServerMessage | string | undefined>(capacity);
  }

  get latestSeq(): number {
    return this.seq;
  }

  publish(change: RecordChange): void {
    const type = RECORD_UPDATE_TYPES[change.entity as keyof typeof RECORD_UPDATE_TYPES];
    if (!type) return;
    const message: ServerMessage = {
      type,
      seq: ++this.seq,
      stream: this.stream,
      entity: change.entity,
      id: change.id,
      action: change.action,
      fields: Object.keys(change.changes),
      actor: change.actor,
      origin: change.origin,
      at: change.at,
    };
    if (this.peers.size === 0) {
      this.ring[this.seq % this.capacity] = message;
      return;
    }
    const frame = JSON.stringify(message);
    this.ring[this.seq % this.capacity] = frame;
    for (const peer of this.peers) peer.send(frame);
  }

  /** A feed event that is not a record change (team sync state, a bulk arrival), in the same sequence. */
  publishEvent(event: { type: 'sync_status'; status: SyncStatusView } | { type: 'records_arrived'; count: number; by_entity: Record<string, number> }): void {
    const message = { ...event, seq: ++this.seq, stream: this.stream } as ServerMessage;
    const frame = JSON.stringify(message);
    this.ring[this.seq % this.capacity] = frame;
    for (const peer of this.peers) peer.send(frame);
  }

  /**
   * Frames after `afterSeq`, oldest first, at most `max` (the newest ones; `gap` when more
   * were missed): one resume once replayed the whole buffer, 10,000 frames for 31 bytes in.
   */
  replay(afterSeq: number, stream: string | undefined, max = this.capacity): Replay {
    if (stream !== undefined && stream !== this.stream) return { frames: [], gap: afterSeq > 0 };
    if (afterSeq > this.seq) return { frames: [], gap: true };
    const oldest = Math.max(1, this.seq - Math.min(this.capacity, max) + 1);
    const frames: string[] = [];
    for (let s = Math.max(afterSeq + 1, oldest); s <= this.seq; s++) {
      const held = this.ring[s % this.capacity]!;
      frames.push(typeof held === 'string' ? held : JSON.stringify(held));
    }
    return { frames, gap: afterSeq + 1 < oldest };
  }

  subscribe(peer: SocketPeer): () => void {
    this.peers.add(peer);
    return () => this.peers.delete(peer);
  }
}
