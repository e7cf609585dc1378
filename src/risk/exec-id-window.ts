import { IntHashMap } from './int-hash-map.js';

/**
 * The set of the most recent `capacity` execution ids, for de-duplicating fills. Ids are integer
 * handles made at the edge (see `stringKey` in src/units/string-keys.ts). When full, the oldest id
 * is forgotten (FIFO): a duplicate older than `capacity` executions is not caught, which the
 * capacity must be sized against (venues re-send within seconds, not hours).
 *
 * Owned by the risk thread. Allocation-free after construction (keys travel in typed arrays).
 */
export class ExecIdWindow {
  private readonly map: IntHashMap;
  private readonly fifo: Float64Array;
  private readonly scratch = new Float64Array(1);
  private head = 0;
  private count = 0;

  constructor(private readonly capacity: number) {
    this.map = new IntHashMap(capacity);
    this.fifo = new Float64Array(capacity);
  }

  /** @hot True when id `src[index]` was seen recently (a duplicate); otherwise remembers it. */
  seenOrAddAt(src: Float64Array, index: number): boolean {
    if (this.map.getAt(src, index) >= 0) return true;
    if (this.count === this.capacity) {
      this.map.deleteAt(this.fifo, this.head);
      this.head = (this.head + 1) % this.capacity;
      this.count--;
    }
    this.fifo[(this.head + this.count) % this.capacity] = src[index]!;
    this.count++;
    this.map.setAt(src, index, 0);
    return false;
  }

  /** Cold convenience for tests: `seenOrAddAt` with the id given directly. */
  seenOrAdd(id: number): boolean {
    this.scratch[0] = id;
    return this.seenOrAddAt(this.scratch, 0);
  }
}
