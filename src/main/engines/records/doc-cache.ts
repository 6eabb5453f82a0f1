import type * as Y from 'yjs';
import { loadDoc } from './record-doc';

interface Cached {
  /** The stored bytes the document holds: it is handed out only for these exact bytes. */
  state: Uint8Array;
  doc: Y.Doc;
}

/**
 * The decoded documents of the records read or written last (issue 16: decoding a record's
 * document was about a third of an update's document work, and a record edited once is
 * often edited again). A document is handed out only for the exact bytes it was decoded
 * from or encoded to, so any other writer of `record_docs` (remote apply, import, a
 * savepoint or transaction rolled back after the write) leaves it unused rather than stale.
 * Bounded by the stored bytes it holds, least recently used first out: DESIGN.md section 3's
 * whole-table document is what must never be held. A decoded document takes about 26 times
 * its stored size in heap (a new lead: 480 bytes stored, 12.6 KB decoded, measured), and old
 * records with long histories are much larger than new ones, so bytes bound it, not a count.
 */
export class DocCache {
  private readonly docs = new Map<string, Cached>();
  private bytes = 0;

  /** `maxBytes`: the stored size of all documents kept; `maxOne`: of the largest one kept. */
  constructor(
    private readonly maxBytes: number,
    private readonly maxOne = maxBytes / 16,
  ) {}

  /** The document of `state` for reading, kept for the next caller (unless too large). It must not be changed. */
  read(id: string, state: Uint8Array): Y.Doc {
    const hit = this.hit(id, state);
    if (hit) {
      this.docs.delete(id);
      this.docs.set(id, hit);
      return hit.doc;
    }
    const doc = loadDoc(id, state);
    this.keep(id, state, doc);
    return doc;
  }

  /**
   * The document of `state` to change: out of the cache until `keep` gives it back with the
   * bytes it was stored as. The caller destroys it if it never does.
   */
  take(id: string, state: Uint8Array): Y.Doc {
    const hit = this.hit(id, state);
    if (hit) this.forget(id, hit);
    return hit ? hit.doc : loadDoc(id, state);
  }

  /** Keeps `doc` as the document of the stored bytes `state`; false when it is too large to keep. */
  keep(id: string, state: Uint8Array, doc: Y.Doc): boolean {
    this.drop(id);
    if (state.byteLength > this.maxOne) return false;
    this.docs.set(id, { state, doc });
    this.bytes += state.byteLength;
    while (this.bytes > this.maxBytes) this.drop(this.docs.keys().next().value!);
    return true;
  }

  get size(): number {
    return this.docs.size;
  }

  clear(): void {
    for (const id of [...this.docs.keys()]) this.drop(id);
  }

  private hit(id: string, state: Uint8Array): Cached | null {
    const cached = this.docs.get(id);
    if (!cached) return null;
    if (Buffer.compare(cached.state, state) === 0) return cached;
    this.drop(id);
    return null;
  }

  private drop(id: string): void {
    const cached = this.docs.get(id);
    if (!cached) return;
    this.forget(id, cached);
    cached.doc.destroy();
  }

  private forget(id: string, cached: Cached): void {
    this.docs.delete(id);
    this.bytes -= cached.state.byteLength;
  }
}
