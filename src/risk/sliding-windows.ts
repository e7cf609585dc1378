/**
 * One fixed-capacity ring of `(time, value)` per instrument, all in flat typed arrays, with a
 * running sum of the values inside the window `(now - windowMs, now]`.
 *
 * Used for the order-rate throttle (value 1 per approved order), flip-flop reversals (1 per
 * reversal) and flip-flop gross traded lots (|fill|). When a ring is full, the oldest entry is
 * folded into the next one (its value added, the later time kept): the sum never shrinks early,
 * so a full ring errs towards denying, never towards allowing.
 *
 * Time is read from the engine's time cell (`time[0]`, ms), never passed: a call argument of
 * epoch size would be boxed (see hot-args.ts). Values are small integers (counts, lots).
 *
 * Owned by the risk thread; allocation-free after construction.
 */
export class SlidingWindows {
  private readonly offset: Int32Array;
  private readonly cap: Int32Array;
  private readonly window: Float64Array;
  private readonly head: Int32Array;
  private readonly len: Int32Array;
  private readonly total: Float64Array;
  private readonly time: Float64Array;
  private readonly value: Float64Array;

  /** `capacities[i]` 0 disables instrument i's window. */
  constructor(capacities: ArrayLike<number>, windowsMs: ArrayLike<number>, private readonly clock: Float64Array) {
    const n = capacities.length;
    this.offset = new Int32Array(n);
    this.cap = Int32Array.from(capacities);
    this.window = Float64Array.from(windowsMs);
    this.head = new Int32Array(n);
    this.len = new Int32Array(n);
    this.total = new Float64Array(n);
    let size = 0;
    for (let i = 0; i < n; i++) {
      this.offset[i] = size;
      size += this.cap[i]!;
    }
    this.time = new Float64Array(size);
    this.value = new Float64Array(size);
  }

  /** @hot True when instrument i has a window. */
  enabled(i: number): boolean {
    return this.cap[i]! > 0;
  }

  /** @hot Sum of values inside the window ending now (drops expired entries). */
  sum(i: number): number {
    const cutoff = this.clock[0]! - this.window[i]!;
    const base = this.offset[i]!;
    const cap = this.cap[i]!;
    while (this.len[i]! > 0) {
      const e = base + this.head[i]!;
      if (this.time[e]! > cutoff) break;
      this.total[i]! -= this.value[e]!;
      this.head[i] = (this.head[i]! + 1) % cap;
      this.len[i]!--;
    }
    if (this.len[i] === 0) this.total[i] = 0; // no float drift across empty windows
    return this.total[i]!;
  }

  /** @hot Adds `value` now; returns the new sum. */
  add(i: number, value: number): number {
    const cap = this.cap[i]!;
    if (cap === 0) return 0;
    this.sum(i);
    const base = this.offset[i]!;
    if (this.len[i] === cap) {
      if (cap === 1) {
        // Nowhere to fold: keep one entry with the sum and the latest time.
        this.value[base]! += value;
        this.time[base] = this.clock[0]!;
        this.total[i]! += value;
        return this.total[i]!;
      }
      const oldest = base + this.head[i]!;
      this.head[i] = (this.head[i]! + 1) % cap;
      this.len[i]!--;
      this.value[base + this.head[i]!]! += this.value[oldest]!;
    }
    const e = base + ((this.head[i]! + this.len[i]!) % cap);
    this.time[e] = this.clock[0]!;
    this.value[e] = value;
    this.len[i]!++;
    this.total[i]! += value;
    return this.total[i]!;
  }

  /** Empties instrument i's window. */
  clear(i: number): void {
    this.head[i] = 0;
    this.len[i] = 0;
    this.total[i] = 0;
  }
}
