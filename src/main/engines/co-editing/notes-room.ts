import * as Y from 'yjs';
import { Awareness, applyAwarenessUpdate, encodeAwarenessUpdate, removeAwarenessStates } from 'y-protocols/awareness';
import { NOTES_FIELD } from '../../../shared/co-editing/doc-channel';
import { applyTextDiff } from '../../../shared/co-editing/text-diff';
import { seedUpdate } from './room-seed';
import { checkTextUpdate } from './update-check';
import { checkRemoteAwareness, stampIdentity } from './awareness-identity';
import { awarenessMessage, parseDocMessage, queryAwarenessMessage, syncStep1, syncStep2, syncUpdate, type DocMessage } from './room-messages';

/** One page connected to a room. */
export interface RoomPeer {
  send(bytes: Uint8Array): void;
  /** Ends the socket with a typed reason (a refused frame). */
  refuse(code: 'malformed' | 'tooLarge' | 'notFound', reason: string): void;
  user: { id: string; name: string };
  /** Viewers see the text and the others, and their edits are not taken. */
  canWrite: boolean;
}

export interface RoomDeps {
  entity: string;
  recordId: string;
  /** The record's notes now (the field, through the one write path). */
  currentNotes(): string;
  /** Writes the text into the record's notes field (debounced by the room). */
  project(text: string, actor: string | null): void;
  /** Sends a message to the other installs with this record open; false when offline. */
  toRelay(message: Uint8Array): boolean;
  relayLive(): boolean;
  joinWaitMs: number;
  projectDelayMs: number;
  log(message: string): void;
}

/** Origins of changes to the room's document and awareness that are not a page. */
const SEED = Symbol('seed');
const RELAY = Symbol('relay');
const FOLLOW_FIELD = Symbol('follow-field');

/**
 * The live co-editing state of one record on this install: a Y.Doc whose Y.Text is the notes,
 * and the awareness (who has it open). Pages sync with it over y-websocket; other installs
 * through the relay. It lives while a page has the record open; its text goes into the
 * record's `notes` field through the write path, debounced, and on close.
 */
export class NotesRoom {
  readonly doc = new Y.Doc();
  readonly text = this.doc.getText(NOTES_FIELD);
  readonly awareness = new Awareness(this.doc);
  readonly ready: Promise<void>;
  private readonly peers = new Map<RoomPeer, Set<number>>();
  private projectTimer: NodeJS.Timeout | undefined;
  private lastEditor: string | null = null;
  private closed = false;

  constructor(private readonly deps: RoomDeps) {
    this.awareness.setLocalState(null);
    this.doc.on('update', (update: Uint8Array, origin: unknown) => this.onUpdate(update, origin));
    this.awareness.on('update', (change: { added: number[]; updated: number[]; removed: number[] }, origin: unknown) => this.onAwareness(change, origin));
    this.ready = this.start();
  }

  get size(): number {
    return this.peers.size;
  }

  /**
   * Asks the installs that have the record open for their text first and takes theirs when one
   * answers: seeding here too would put a second copy of the text next to theirs.
   */
  private async start(): Promise<void> {
    if (this.deps.relayLive() && this.deps.toRelay(syncStep1(this.doc))) {
      this.deps.toRelay(queryAwarenessMessage());
      await new Promise((resolve) => setTimeout(resolve, this.deps.joinWaitMs).unref());
    }
    if (this.closed || this.doc.store.clients.size > 0) return;
    const seed = seedUpdate(this.deps.recordId, this.deps.currentNotes());
    if (seed) Y.applyUpdate(this.doc, seed, SEED);
  }

  join(peer: RoomPeer): void {
    this.peers.set(peer, new Set());
    peer.send(syncStep1(this.doc));
    const states = [...this.awareness.getStates().keys()];
    if (states.length > 0) peer.send(awarenessMessage(encodeAwarenessUpdate(this.awareness, states)));
  }

  leave(peer: RoomPeer): void {
    const controlled = this.peers.get(peer);
    this.peers.delete(peer);
    if (controlled && controlled.size > 0) removeAwarenessStates(this.awareness, [...controlled], null);
  }

  /** A frame from a page (the room is ready). */
  fromPeer(peer: RoomPeer, bytes: Uint8Array): void {
    const message = parseDocMessage(bytes);
    if ('error' in message) return peer.refuse('malformed', message.error);
    switch (message.kind) {
      case 'sync_step1':
        return peer.send(syncStep2(this.doc, message.stateVector));
      case 'sync_step2':
      case 'sync_update': {
        if (!peer.canWrite) return;
        const problem = checkTextUpdate(message.update);
        if (problem) return peer.refuse('malformed', problem);
        this.lastEditor = peer.user.id;
        return Y.applyUpdate(this.doc, message.update, peer);
      }
      case 'awareness': {
        const stamped = stampIdentity(message.update, peer.user);
        if (!stamped) return peer.refuse('malformed', 'unreadable or oversized awareness state');
        return applyAwarenessUpdate(this.awareness, stamped, peer);
      }
      case 'query_awareness':
        return peer.send(awarenessMessage(encodeAwarenessUpdate(this.awareness, [...this.awareness.getStates().keys()])));
      case 'auth':
        return;
    }
  }

  /** A message from another install, through the relay. Refused ones are dropped. */
  fromRelay(bytes: Uint8Array): void {
    const message: DocMessage | { error: string } = parseDocMessage(bytes);
    if ('error' in message) return this.deps.log(`co-editing: dropped a relay message (${message.error})`);
    switch (message.kind) {
      case 'sync_step1':
        this.deps.toRelay(syncStep2(this.doc, message.stateVector));
        return;
      case 'sync_step2':
      case 'sync_update': {
        const problem = checkTextUpdate(message.update);
        if (problem) return this.deps.log(`co-editing: dropped a relay update (${problem})`);
        return Y.applyUpdate(this.doc, message.update, RELAY);
      }
      case 'awareness':
        if (!checkRemoteAwareness(message.update)) return this.deps.log('co-editing: dropped a relay awareness update');
        return applyAwarenessUpdate(this.awareness, message.update, RELAY);
      case 'query_awareness':
        this.announceAwareness();
        return;
      case 'auth':
        return;
    }
  }

  /** The relay session came (back): exchange text and presence with the others again. */
  relayReconnected(): void {
    this.deps.toRelay(syncStep1(this.doc));
    this.deps.toRelay(queryAwarenessMessage());
    this.announceAwareness();
  }

  /** The notes field was changed some other way on this install (a form, the API): the text follows. */
  followField(value: string): void {
    if (this.text.toString() === value) return;
    this.doc.transact(() => applyTextDiff(this.text, value), FOLLOW_FIELD);
  }

  /** Closes every page's socket (the record is gone); nothing pending is written. */
  evict(reason: string): void {
    clearTimeout(this.projectTimer);
    this.projectTimer = undefined;
    for (const peer of [...this.peers.keys()]) peer.refuse('notFound', reason);
  }

  /** Writes what is pending and lets go of the document. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.flush();
    const own = [...this.peers.values()].flatMap((ids) => [...ids]);
    if (own.length > 0) removeAwarenessStates(this.awareness, own, null);
    this.awareness.destroy();
    this.doc.destroy();
  }

  flush(): void {
    if (this.projectTimer === undefined) return;
    clearTimeout(this.projectTimer);
    this.projectTimer = undefined;
    const text = this.text.toString();
    if (text !== this.deps.currentNotes()) this.deps.project(text, this.lastEditor);
  }

  private announceAwareness(): void {
    const own = [...this.peers.values()].flatMap((ids) => [...ids]);
    if (own.length > 0) this.deps.toRelay(awarenessMessage(encodeAwarenessUpdate(this.awareness, own)));
  }

  private onUpdate(update: Uint8Array, origin: unknown): void {
    const message = syncUpdate(update);
    for (const peer of this.peers.keys()) if (peer !== origin) peer.send(message);
    if (origin !== RELAY && origin !== SEED) this.deps.toRelay(message);
    // Every install with the room open writes the text it converged to; equal values are no-ops.
    if (origin !== SEED && origin !== FOLLOW_FIELD) this.scheduleProjection();
  }

  private onAwareness(change: { added: number[]; updated: number[]; removed: number[] }, origin: unknown): void {
    const changed = [...change.added, ...change.updated, ...change.removed];
    const controlled = this.peers.get(origin as RoomPeer);
    if (controlled) {
      for (const id of [...change.added, ...change.updated]) controlled.add(id);
      for (const id of change.removed) controlled.delete(id);
    }
    const message = awarenessMessage(encodeAwarenessUpdate(this.awareness, changed));
    for (const peer of this.peers.keys()) peer.send(message);
    if (origin !== RELAY) this.deps.toRelay(message);
  }

  private scheduleProjection(): void {
    if (this.closed) return;
    clearTimeout(this.projectTimer);
    this.projectTimer = setTimeout(() => this.flush(), this.deps.projectDelayMs);
    this.projectTimer.unref();
  }
}
