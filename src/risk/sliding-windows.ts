/**
 * One fixed-capacity ring of `(time, value)` per instrument, all in flat typed arrays, with a
 * running sum of the values inside the window `(now - windowMs, now]`.
 *
 * Used for the order-rate throttle (value 1 per approved order), flip-flop reversals (1 per
 * reversal) and flip-flop gross traded lots (|fill|). When a ring is full, the oldest entry is
 * folded into the next one (its value added, the later time kept): the sum never shrinks early,
 * so a full ring errs towards denying, never towards allowing.
 *
 * Per-event windows (the throttle, reversals) trip before their ring can fill: a full ring is
 * already over the limit. A window fed without such a bound (gross lots: one entry per fill) is
 * *slotted* instead: time is cut into slots of `windowMs / (capacity - 2)` and every value of a
 * slot goes into one entry stamped with the slot's end, so at most `capacity` entries are ever
 * inside the window and nothing is folded. A value then counts from its slot's end, up to one
 * slot longer than it should (errs towards denying, bounded), never shorter. Per-event folding
 * there was unbounded: with more fills per window than entries, every fold moved old lots onto
 * a newer time, nothing ever expired, and a steady market maker's gross grew until the
 * flip-flop guard halted it (the micro benchmark found it: a halt after 10 s at 400k lots/s
 * against a 4M-lot limit per 1 s window).
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

  /** Slot width per instrument (ms); 0: one entry per value (per-event window). */
  private readonly slotMs: Float64Array;

  /**
   * `capacities[i]` 0 disables instrument i's window. `slotted`: coalesce values into time slots
   * (capacities of at least 3; see the class comment), for windows with no bound on events.
   */
  constructor(capacities: ArrayLike<number>, windowsMs: ArrayLike<number>, private readonly clock: Float64Array, slotted = false) {
    const n = capacities.length;
    this.slotMs = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const cap = capacities[i]!;
      if (!slotted || cap === 0) continue;
      if (cap < 3) throw new RangeError(`a slotted window needs a capacity of at least 3, got ${cap}`);
      this.slotMs[i] = windowsMs[i]! / (cap - 2);
    }
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
      const h = this.head[i]!;
      const e = base + h;
      if (this.time[e]! > cutoff) break;
      this.total[i]! -= this.value[e]!;
      this.head[i] = h + 1 === cap ? 0 : h + 1; // a compare, not `%`: an integer division
      this.len[i]!--;
    }
    if (this.len[i] === 0) this.total[i] = 0; // no float drift across empty windows
    return this.total[i]!;
  }

  /** @hot Adds `value` now; returns the new sum. */
  add(i: number, value: number): number {
    if (this.cap[i] === 0) return 0;
    this.sum(i);
    return this.push(i, value);
  }

  /**
   * @hot `add` without first dropping the expired entries: only right after `sum(i)` at the same
   * engine time (the order check sums, then records an approval).
   */
  push(i: number, value: number): number {
    const cap = this.cap[i]!;
    const len = this.len[i]!;
    // Kept small enough for V8 to inline into the order check: a per-event window with room.
    if (cap === 0 || len === cap || this.slotMs[i]! > 0) return this.pushFoldingOrSlotted(i, value);
    const n = this.head[i]! + len;
    const e = this.offset[i]! + (n >= cap ? n - cap : n);
    this.time[e] = this.clock[0]!;
    this.value[e] = value;
    this.len[i] = len + 1;
    this.total[i]! += value;
    return this.total[i]!;
  }

  /** `push` when the window is off (0), full (folds its oldest entry) or slotted. */
  private pushFoldingOrSlotted(i: number, value: number): number {
    const cap = this.cap[i]!;
    if (cap === 0) return 0;
    const base = this.offset[i]!;
    let at = this.clock[0]!;
    const slot = this.slotMs[i]!;
    if (slot > 0) {
      at = (Math.floor(at / slot) + 1) * slot; // the end of now's slot
      if (this.len[i]! > 0) {
        const n = this.head[i]! + this.len[i]! - 1;
        const newest = base + (n >= cap ? n - cap : n);
        if (this.time[newest] === at) {
          this.value[newest]! += value;
          this.total[i]! += value;
          return this.total[i]!;
        }
      }
    }
    if (this.len[i] === cap) {
      if (cap === 1) {
        // Nowhere to fold: keep one entry with the sum and the latest time.
        this.value[base]! += value;
        this.time[base] = at;
        this.total[i]! += value;
        return this.total[i]!;
      }
      const oldest = base + this.head[i]!;
      this.head[i] = this.head[i]! + 1 === cap ? 0 : this.head[i]! + 1;
      this.len[i]!--;
      this.value[base + this.head[i]!]! += this.value[oldest]!;
    }
    const n = this.head[i]! + this.len[i]!;
    const e = base + (n >= cap ? n - cap : n);
    this.time[e] = at;
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
