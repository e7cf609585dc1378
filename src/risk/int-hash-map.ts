/**
 * Open-addressing hash map from integer keys (any safe integer, held as doubles) to int32 values,
 * preallocated: nothing allocates after construction.
 *
 * Linear probing with backward-shift deletion (no tombstones, so lookups stay short however long
 * the map churns). Capacity is a power of two at least twice `maxEntries`; `set` beyond
 * `maxEntries` returns false instead of growing.
 *
 * Keys are read from a typed-array slot (`...At(src, index)`): a key above 2^30 passed as a call
 * argument would be boxed (see the class comment of risk-engine-core.ts). `get`/`set`/`delete` taking the key directly are
 * conveniences for cold code and tests.
 *
 * Owned by one thread (the risk thread); not safe to share.
 */
export class IntHashMap {
  private readonly keys: Float64Array;
  private readonly values: Int32Array;
  private readonly used: Uint8Array;
  private readonly mask: number;
  private readonly maxEntries: number;
  private readonly scratch = new Float64Array(1);
  private count = 0;
  /** Changes to the slots' layout (inserts, deletes, clears): a remembered miss is valid while this stays. */
  private mods = 0;
  /** The last miss of `getAt`: its key, the empty bucket its probe ended at, and `mods` then. */
  private readonly missKey = new Float64Array(1);
  private missBucket = -1;
  private missMods = -1;

  constructor(maxEntries: number) {
    let cap = 8;
    while (cap < maxEntries * 2) cap *= 2;
    this.keys = new Float64Array(cap);
    this.values = new Int32Array(cap);
    this.used = new Uint8Array(cap);
    this.mask = cap - 1;
    this.maxEntries = maxEntries;
  }

  get size(): number {
    return this.count;
  }

  /** @hot Bucket of `src[index]`: mixes both 32-bit halves of the safe integer. */
  private bucketAt(src: Float64Array, index: number): number {
    const key = src[index]!;
    const lo = key >>> 0;
    // Times 2^-32 rather than / 2^32: exact all the same (a power of two), without a division.
    const hi = Math.floor(key * 2.3283064365386963e-10) >>> 0;
    let h = Math.imul(lo ^ Math.imul(hi, 0x9e3779b1), 0x85ebca6b);
    h ^= h >>> 13;
    h = Math.imul(h, 0xc2b2ae35);
    h ^= h >>> 16;
    return h & this.mask;
  }

  /** @hot The value for key `src[index]`, or -1. */
  getAt(src: Float64Array, index: number): number {
    const key = src[index]!;
    let i = this.bucketAt(src, index);
    while (this.used[i] === 1) {
      if (this.keys[i] === key) return this.values[i]!;
      i = (i + 1) & this.mask;
    }
    this.missKey[0] = key;
    this.missBucket = i;
    this.missMods = this.mods;
    return -1;
  }

  /**
   * @hot `setAt` for a key `getAt` has just missed, with no insert or delete since: the key goes
   * into the empty bucket that probe ended at, without hashing and probing again (the order check
   * looks an order id up, then inserts it when it approves). Any other key, or a map changed in
   * between, takes the ordinary `setAt`.
   */
  setAtAfterMiss(src: Float64Array, index: number, value: number): boolean {
    const key = src[index]!;
    if (this.missMods !== this.mods || this.missKey[0] !== key || this.count >= this.maxEntries) return this.setAt(src, index, value);
    const i = this.missBucket;
    this.used[i] = 1;
    this.keys[i] = key;
    this.values[i] = value;
    this.count++;
    this.mods = (this.mods + 1) & 0x3fffffff; // stays a small integer
    return true;
  }

  /** @hot Inserts or overwrites key `src[index]`; false when the map is full (nothing changed). */
  setAt(src: Float64Array, index: number, value: number): boolean {
    const key = src[index]!;
    let i = this.bucketAt(src, index);
    while (this.used[i] === 1) {
      if (this.keys[i] === key) {
        this.values[i] = value;
        return true;
      }
      i = (i + 1) & this.mask;
    }
    if (this.count >= this.maxEntries) return false;
    this.used[i] = 1;
    this.keys[i] = key;
    this.values[i] = value;
    this.count++;
    this.mods = (this.mods + 1) & 0x3fffffff; // stays a small integer
    return true;
  }

  /** @hot Removes key `src[index]`; false when absent. Backward-shifts the probe run that follows. */
  deleteAt(src: Float64Array, index: number): boolean {
    const mask = this.mask;
    const key = src[index]!;
    let i = this.bucketAt(src, index);
    while (this.used[i] === 1 && this.keys[i] !== key) i = (i + 1) & mask;
    if (this.used[i] !== 1) return false;
    let hole = i;
    let j = (i + 1) & mask;
    while (this.used[j] === 1) {
      const home = this.bucketAt(this.keys, j);
      // Move j into the hole when its home is not cyclically inside (hole, j].
      const inside = hole <= j ? home > hole && home <= j : home > hole || home <= j;
      if (!inside) {
        this.keys[hole] = this.keys[j]!;
        this.values[hole] = this.values[j]!;
        hole = j;
      }
      j = (j + 1) & mask;
    }
    this.used[hole] = 0;
    this.count--;
    this.mods = (this.mods + 1) & 0x3fffffff; // stays a small integer
    return true;
  }

  /** Cold convenience: the value for `key`, or -1. */
  get(key: number): number {
    this.scratch[0] = key;
    return this.getAt(this.scratch, 0);
  }

  /** Cold convenience: inserts or overwrites; false when full. */
  set(key: number, value: number): boolean {
    this.scratch[0] = key;
    return this.setAt(this.scratch, 0, value);
  }

  /** Cold convenience: removes `key`; false when absent. */
  delete(key: number): boolean {
    this.scratch[0] = key;
    return this.deleteAt(this.scratch, 0);
  }

  clear(): void {
    this.used.fill(0);
    this.count = 0;
    this.mods = (this.mods + 1) & 0x3fffffff; // stays a small integer
  }
}
