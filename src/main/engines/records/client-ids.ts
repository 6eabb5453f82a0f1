import { randomInt } from 'node:crypto';

/**
 * Yjs client ids, one per signed-in user, fresh in every process: a restored backup or a copied
 * store never writes under an id its peers have already seen (README, "Writers"). The stable
 * writer key that names an entry's author is separate.
 */
export function clientIdsPerProcess(): (userId: string | null) => number {
  const ids = new Map<string | null, number>();
  return (userId) => {
    let id = ids.get(userId);
    if (id === undefined) {
      id = randomInt(1, 2 ** 31 - 1);
      ids.set(userId, id);
    }
    return id;
  };
}
