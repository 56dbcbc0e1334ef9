/**
 * Round-robin between per-key FIFO queues: each key (a signed-in user) is served in turn, so a
 * user who opens 60 links cannot make another user's one link wait behind all 60. Within one
 * key the order is first-in, first-out.
 *
 * Pure data structure, no timers: the limiter decides *when* to take the next entry, this
 * decides *which*. A shared (Redis) limiter can keep using it for its local waiters.
 */
export type FairQueue<T> = {
  push(key: string, entry: T): void;
  /** The next entry in round-robin order, removed from its queue; undefined when all are empty. */
  shift(): T | undefined;
  /** Removes one entry wherever it is (a waiter that gave up); false if it was not queued. */
  remove(key: string, entry: T): boolean;
  /** Every queued entry, in no particular order (for deadline sweeps). */
  entries(): IterableIterator<T>;
  /**
   * How many entries would be served before a new entry for `key`, if it were pushed now: its
   * own key's queue, plus from every other key at most one more than that (one per turn).
   */
  aheadOf(key: string): number;
  readonly size: number;
};

export function createFairQueue<T>(): FairQueue<T> {
  const queues = new Map<string, T[]>();
  /** Keys with a non-empty queue, in turn order; `turn` indexes the key served next. */
  const ring: string[] = [];
  let turn = 0;
  let size = 0;

  function dropKey(key: string) {
    const index = ring.indexOf(key);
    queues.delete(key);
    if (index === -1) return;
    ring.splice(index, 1);
    // Keep pointing at the key that was next; wrap when the last key left.
    if (index < turn) turn--;
    if (turn >= ring.length) turn = 0;
  }

  return {
    push(key, entry) {
      let queue = queues.get(key);
      if (!queue) {
        queue = [];
        queues.set(key, queue);
        // A newcomer waits for one full turn at most: it joins just before the key served next.
        ring.splice(turn, 0, key);
        turn++;
        if (turn >= ring.length) turn = 0;
      }
      queue.push(entry);
      size++;
    },
    shift() {
      if (ring.length === 0) return undefined;
      const key = ring[turn]!;
      const queue = queues.get(key)!;
      const entry = queue.shift()!;
      size--;
      if (queue.length === 0) dropKey(key);
      else turn = (turn + 1) % ring.length;
      return entry;
    },
    remove(key, entry) {
      const queue = queues.get(key);
      const index = queue?.indexOf(entry) ?? -1;
      if (!queue || index === -1) return false;
      queue.splice(index, 1);
      size--;
      if (queue.length === 0) dropKey(key);
      return true;
    },
    *entries() {
      for (const queue of queues.values()) yield* queue;
    },
    aheadOf(key) {
      const own = queues.get(key)?.length ?? 0;
      let ahead = own;
      for (const [other, queue] of queues) {
        if (other !== key) ahead += Math.min(queue.length, own + 1);
      }
      return ahead;
    },
    get size() {
      return size;
    },
  };
}
