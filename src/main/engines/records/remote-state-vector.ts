import * as Y from 'yjs';

type Structs = ReturnType<typeof Y.decodeUpdate>['structs'];

/**
 * What the relay has of a record once it sent us this update: the stored `relay_sv` merged
 * with the update's own state vector, computed from the structs the update's inspection
 * already decoded (the same rule as `Y.encodeStateVectorFromUpdate`: a client counts only
 * when its structs run unbroken from clock 0). Remote apply writes it with the document in
 * one statement instead of reading and rewriting `relay_sv` after it (sync-outbox.ts).
 */
export function relayHasAfter(relaySv: Uint8Array | null, structs: Structs): Buffer | null {
  const own = new Map<number, number>();
  let client = -1;
  let clock = 0;
  let counting = false;
  for (const s of structs) {
    if (s.id.client !== client) {
      if (clock !== 0) own.set(client, clock);
      client = s.id.client;
      clock = 0;
      counting = s.id.clock === 0;
    }
    // A Skip (a gap in a merged update): neither an Item nor a GC.
    if (!(s instanceof Y.Item) && !(s instanceof Y.GC)) counting = false;
    if (counting) clock = s.id.clock + s.length;
  }
  if (clock !== 0) own.set(client, clock);
  const known = relaySv !== null && relaySv.byteLength > 0;
  if (own.size === 0) return known ? Buffer.from(relaySv) : null;
  if (!known) return Buffer.from(Y.encodeStateVector(own));
  const merged = Y.decodeStateVector(relaySv);
  for (const [c, k] of own) merged.set(c, Math.max(merged.get(c) ?? 0, k));
  return Buffer.from(Y.encodeStateVector(merged));
}
