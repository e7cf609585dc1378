import { IntHashMap } from './int-hash-map.js';

/**
 * The set of the most recent `capacity` execution ids, for de-duplicating fills. Ids are integer
 * handles made at the edge (see `execKey` in src/units/string-keys.ts). When full, the oldest id
 * is forgotten (FIFO): a duplicate older than `capacity` executions is not caught, which the
 * capacity must be sized against (venues re-send within seconds, not hours).
 *
 * Owned by the risk thread. Allocation-free after construction.
 */
export class ExecIdWindow {
  private readonly map: IntHashMap;
  private readonly fifo: Float64Array;
  private head = 0;
  private count = 0;

  constructor(private readonly capacity: number) {
    this.map = new IntHashMap(capacity);
    this.fifo = new Float64Array(capacity);
  }

  /** @hot True when `id` was seen recently (a duplicate); otherwise remembers it and returns false. */
  seenOrAdd(id: number): boolean {
    if (this.map.get(id) >= 0) return true;
    if (this.count === this.capacity) {
      this.map.delete(this.fifo[this.head]!);
      this.head = (this.head + 1) % this.capacity;
      this.count--;
    }
    this.fifo[(this.head + this.count) % this.capacity] = id;
    this.count++;
    this.map.set(id, 0);
    return false;
  }
}
