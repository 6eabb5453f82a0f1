import type Database from 'better-sqlite3';
import type { Db } from '../../db/open-database';
import type { RecordsEngine } from '../records';
import { AppError } from '../../../shared/errors';
import { READ_ONLY_ROLES } from '../../../shared/entities/enums';
import { NOTES_FIELD, isCoEditedEntity } from '../../../shared/co-editing/doc-channel';
import { decodeDocRelayFrame, encodeDocClientFrame } from '../../../shared/sync/doc-relay-frames';
import { NotesRoom, type RoomPeer } from './notes-room';

/** What the engine needs of the team connection (the sync engine gives it). */
export interface DocRelayLink {
  send(frame: Uint8Array): boolean;
  live(): boolean;
  onFrame(listener: (bytes: Uint8Array) => void): () => void;
  onLive(listener: () => void): () => void;
}

export interface CoEditingDeps {
  db: Db;
  records: RecordsEngine;
  relay?: DocRelayLink;
  /** How long a new room waits for other installs' text before seeding from the field (default 400 ms). */
  joinWaitMs?: number;
  /**
   * Typing pause before the text is written into the notes field (default 1 s): each write is
   * an audit entry and a synced change, so not one per keystroke.
   */
  projectDelayMs?: number;
  /** A room stays this long after its last page left (a reload does not drop it; default 2 s). */
  lingerMs?: number;
  log?: (message: string) => void;
}

const ID = /^[A-Za-z0-9_.:-]{1,64}$/;

interface RoomEntry {
  room: NotesRoom;
  linger?: NodeJS.Timeout;
}

/**
 * Presence and co-edited notes per record: the rooms pages join over `/ws/docs/{entity}/{id}/`,
 * linked to the same rooms on other installs through the relay. Nothing here is stored: a room
 * starts from the record's notes field and writes back into it through the write path.
 */
export class CoEditingEngine {
  private readonly rooms = new Map<string, RoomEntry>();
  private readonly notesRead = new Map<string, Database.Statement>();
  private readonly offs: (() => void)[] = [];
  private readonly log: (message: string) => void;

  constructor(private readonly deps: CoEditingDeps) {
    this.log = deps.log ?? ((m) => console.warn(m));
    this.offs.push(
      deps.records.events.on('record.changed', (change) => {
        const entry = this.rooms.get(key(change.entity, change.id));
        if (!entry) return;
        if (change.action === 'delete') return this.drop(key(change.entity, change.id), 'The record was deleted.');
        // A remote notes change while the room is open is another install's projection of the
        // same shared text (or older): the text already came live, so it is not followed.
        if (change.origin === 'remote' || !(NOTES_FIELD in change.changes)) return;
        const value = change.after[NOTES_FIELD];
        entry.room.followField(typeof value === 'string' ? value : '');
      }),
    );
    if (deps.relay) {
      this.offs.push(deps.relay.onFrame((bytes) => this.fromRelay(bytes)));
      this.offs.push(
        deps.relay.onLive(() => {
          for (const { room } of this.rooms.values()) room.relayReconnected();
        }),
      );
    }
  }

  /**
   * Checks a page may open this record's room: a co-edited entity, a well-formed id, a record
   * that exists and is not deleted. Every signed-in role may read records.
   */
  check(entity: string, id: string): void {
    if (!isCoEditedEntity(entity))
      throw new AppError('validation_failed', `"${entity}" has no co-edited notes`, { entity: ['Expected contact, lead or opportunity.'] });
    if (!ID.test(id)) throw new AppError('validation_failed', 'Malformed record id', { id: ['Not a record id.'] });
    const row = this.readRow(entity, id);
    if (!row || row.deleted_at) throw new AppError('not_found', `No ${entity} ${id}`);
  }

  /** Joins a page to the record's room; resolves once the room has its text. */
  async join(entity: string, id: string, peer: Omit<RoomPeer, 'canWrite'> & { role: string }): Promise<{ room: NotesRoom; peer: RoomPeer }> {
    const k = key(entity, id);
    let entry = this.rooms.get(k);
    if (!entry) {
      entry = { room: this.openRoom(entity, id) };
      this.rooms.set(k, entry);
    }
    clearTimeout(entry.linger);
    entry.linger = undefined;
    const roomPeer: RoomPeer = { ...peer, canWrite: !(READ_ONLY_ROLES as readonly string[]).includes(peer.role) };
    const room = entry.room;
    await room.ready;
    room.join(roomPeer);
    return { room, peer: roomPeer };
  }

  leave(entity: string, id: string, room: NotesRoom, peer: RoomPeer): void {
    const k = key(entity, id);
    const entry = this.rooms.get(k);
    room.leave(peer);
    if (!entry || entry.room !== room || room.size > 0) return;
    entry.linger = setTimeout(() => this.drop(k), this.deps.lingerMs ?? 2000);
    entry.linger.unref();
  }

  /** Open rooms, for tests and status. */
  openRooms(): string[] {
    return [...this.rooms.keys()];
  }

  close(): void {
    for (const off of this.offs) off();
    for (const k of [...this.rooms.keys()]) this.drop(k);
  }

  private drop(k: string, evict?: string): void {
    const entry = this.rooms.get(k);
    if (!entry) return;
    clearTimeout(entry.linger);
    this.rooms.delete(k);
    if (evict) entry.room.evict(evict);
    entry.room.close();
  }

  private openRoom(entity: string, id: string): NotesRoom {
    const relay = this.deps.relay;
    return new NotesRoom({
      entity,
      recordId: id,
      currentNotes: () => {
        const value = this.readRow(entity, id)?.notes;
        return typeof value === 'string' ? value : '';
      },
      project: (text, actor) => {
        try {
          this.deps.records.update(entity, id, { [NOTES_FIELD]: text }, { actor, origin: actor ? 'ui' : 'system' });
        } catch (error) {
          this.log(`co-editing: notes of ${entity} ${id} not saved: ${error instanceof Error ? error.message : String(error)}`);
        }
      },
      toRelay: (message) => relay?.send(encodeDocClientFrame({ entity, record_id: id, message })) ?? false,
      relayLive: () => relay?.live() ?? false,
      joinWaitMs: this.deps.joinWaitMs ?? 400,
      projectDelayMs: this.deps.projectDelayMs ?? 1000,
      log: this.log,
    });
  }

  private fromRelay(bytes: Uint8Array): void {
    const decoded = decodeDocRelayFrame(bytes);
    if (!decoded.ok) return this.log(`co-editing: dropped a relay frame (${decoded.message})`);
    const entry = this.rooms.get(key(decoded.frame.entity, decoded.frame.record_id));
    entry?.room.fromRelay(decoded.frame.message);
  }

  private readRow(entity: string, id: string): { notes: unknown; deleted_at: unknown } | undefined {
    let statement = this.notesRead.get(entity);
    if (!statement) {
      const table = this.deps.records.entity(entity).table;
      statement = this.deps.db.prepare(`SELECT ${NOTES_FIELD} AS notes, deleted_at FROM ${table} WHERE id = ?`);
      this.notesRead.set(entity, statement);
    }
    return statement.get(id) as { notes: unknown; deleted_at: unknown } | undefined;
  }
}

function key(entity: string, id: string): string {
  return `${entity}/${id}`;
}
