import { describe, expect, it } from 'vitest';
import { TeamFeed } from '../../../../sync-server/src/core/team-feed';
import type { UpdateRow } from '../../../../sync-server/src/store/update-store';

const row = (seq: number): UpdateRow => ({
  seq,
  record_id: `r-${seq}`,
  entity: 'lead',
  schema_version: 2,
  writer: 'w',
  device_id: 'd',
  client_seq: seq,
  update: new Uint8Array([seq]),
});
const seqs = (rows: UpdateRow[] | undefined) => rows?.map((r) => r.seq);

describe('a team feed across instances', () => {
  it('holds a row past a gap until the rows before it arrive, and stays contiguous', () => {
    const feed = new TeamFeed(4);
    feed.add([row(5)], 0);
    feed.add([row(8)], 0); // a local commit; 6 and 7 were committed through another instance
    expect(feed.head).toBe(5);
    expect(feed.needsRead()).toBe(true);
    expect(seqs(feed.after(4, 10))).toEqual([5]);
    feed.add([row(6), row(7), row(8)], 0, true); // the store read after the head
    expect(feed.head).toBe(8);
    expect(feed.needsRead()).toBe(false);
    expect(seqs(feed.after(4, 10))).toEqual([5, 6, 7, 8]);
  });

  it('joins pending rows as soon as the gap closes, without a read', () => {
    const feed = new TeamFeed(0);
    feed.add([row(3)], 0);
    feed.add([row(2)], 0);
    expect(feed.head).toBe(0);
    feed.add([row(1)], 0);
    expect(feed.head).toBe(3);
    expect(seqs(feed.after(0, 10))).toEqual([1, 2, 3]);
  });

  it('a notification raises what must be read; a store read steps over compacted holes', () => {
    const feed = new TeamFeed(10);
    feed.expect(14);
    expect(feed.needsRead()).toBe(true);
    feed.add([row(11), row(14)], 0, true); // 12 and 13 were merged into later rows
    expect(feed.head).toBe(14);
    expect(feed.needsRead()).toBe(false);
    // Readers behind the hole cannot use the ring's numbering: they read the store.
    expect(feed.after(10, 10)).toBeUndefined();
    expect(seqs(feed.after(13, 10))).toEqual([14]);
  });
});
