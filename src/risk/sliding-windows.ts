/**
 * One fixed-capacity ring of `(time, value)` per instrument, all in flat typed arrays, with a
 * running sum of the values inside the window `(now - windowMs, now]`.
 *
 * Used for flip-flop reversals (1 per reversal) and flip-flop gross traded lots (|fill|); the
 * order-rate throttle has a ring of its own (order-rate-window.ts). When a ring is full, the oldest entry is
 * folded into the next one (its value added, the later time kept): the sum never shrinks early,
 * so a full ring errs towards denying, never towards allowing.
 *
 * Per-event windows (reversals) trip before their ring can fill: a full ring is
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
 * epoch size would be boxed (see the class comment of risk-engine-core.ts). Values are small integers (counts, lots).
 *
 * Owned by the risk thread; allocation-free after construction.
 */
/** Per-instrument integers, `I_STRIDE` per instrument in `ints`: where its ring starts, its size, its oldest entry, its entries. */
const I_OFFSET = 0;
const I_CAP = 1;
const I_HEAD = 2;
const I_LEN = 3;
const I_STRIDE = 4;
/** Per-instrument doubles, `D_STRIDE` per instrument in `dbls`: the window (ms), the running sum, the slot width (ms; 0: per event). */
const D_WINDOW = 0;
const D_TOTAL = 1;
const D_SLOT_MS = 2;
const D_STRIDE = 4;

export class SlidingWindows {
  /**
   * An instrument's ring bookkeeping in one small record per type (an `Int32Array` and a
   * `Float64Array`, layouts above) rather than one typed array per field: the order check sums
   * and pushes with two array headers loaded, not seven.
   */
  private readonly ints: Int32Array;
  private readonly dbls: Float64Array;
  private readonly time: Float64Array;
  private readonly value: Float64Array;

  /**
   * `capacities[i]` 0 disables instrument i's window. `slotted`: coalesce values into time slots
   * (capacities of at least 3; see the class comment), for windows with no bound on events.
   */
  constructor(capacities: ArrayLike<number>, windowsMs: ArrayLike<number>, private readonly clock: Float64Array, slotted = false) {
    const n = capacities.length;
    this.ints = new Int32Array(n * I_STRIDE);
    this.dbls = new Float64Array(n * D_STRIDE);
    let size = 0;
    for (let i = 0; i < n; i++) {
      const cap = capacities[i]!;
      if (slotted && cap !== 0 && cap < 3) throw new RangeError(`a slotted window needs a capacity of at least 3, got ${cap}`);
      this.ints[i * I_STRIDE + I_OFFSET] = size;
      this.ints[i * I_STRIDE + I_CAP] = cap;
      this.dbls[i * D_STRIDE + D_WINDOW] = windowsMs[i]!;
      this.dbls[i * D_STRIDE + D_SLOT_MS] = slotted && cap !== 0 ? windowsMs[i]! / (cap - 2) : 0;
      size += cap;
    }
    this.time = new Float64Array(size);
    this.value = new Float64Array(size);
  }

  /** @hot True when instrument i has a window. */
  enabled(i: number): boolean {
    return this.ints[i * I_STRIDE + I_CAP]! > 0;
  }

  /** @hot Sum of values inside the window ending now (drops expired entries). */
  sum(i: number): number {
    const n = this.ints;
    const d = this.dbls;
    const ib = i * I_STRIDE;
    const db = i * D_STRIDE;
    let len = n[ib + I_LEN]!;
    if (len === 0) return 0; // (the total was reset to 0 when the window last emptied)
    const cutoff = this.clock[0]! - d[db + D_WINDOW]!;
    const base = n[ib + I_OFFSET]!;
    const cap = n[ib + I_CAP]!;
    let h = n[ib + I_HEAD]!;
    if (this.time[base + h]! > cutoff) return d[db + D_TOTAL]!; // nothing expired: the common case
    let total = d[db + D_TOTAL]!;
    while (len > 0) {
      const e = base + h;
      if (this.time[e]! > cutoff) break;
      total -= this.value[e]!;
      h = h + 1 === cap ? 0 : h + 1; // a compare, not `%`: an integer division
      len--;
    }
    if (len === 0) total = 0; // no float drift across empty windows
    n[ib + I_HEAD] = h;
    n[ib + I_LEN] = len;
    d[db + D_TOTAL] = total;
    return total;
  }

  /** @hot Adds `value` now; returns the new sum. */
  add(i: number, value: number): number {
    if (this.ints[i * I_STRIDE + I_CAP] === 0) return 0;
    this.sum(i);
    return this.push(i, value);
  }

  /**
   * @hot `add` without first dropping the expired entries: only right after `sum(i)` at the same
   * engine time (the order check sums, then records an approval).
   */
  push(i: number, value: number): number {
    const n = this.ints;
    const ib = i * I_STRIDE;
    const cap = n[ib + I_CAP]!;
    const len = n[ib + I_LEN]!;
    const d = this.dbls;
    const db = i * D_STRIDE;
    // Kept small enough for V8 to inline into the order check: a per-event window with room.
    if (cap === 0 || len === cap || d[db + D_SLOT_MS]! > 0) return this.pushFoldingOrSlotted(i, value);
    const k = n[ib + I_HEAD]! + len;
    const e = n[ib + I_OFFSET]! + (k >= cap ? k - cap : k);
    this.time[e] = this.clock[0]!;
    this.value[e] = value;
    n[ib + I_LEN] = len + 1;
    const total = d[db + D_TOTAL]! + value;
    d[db + D_TOTAL] = total;
    return total;
  }

  /** `push` when the window is off (0), full (folds its oldest entry) or slotted. */
  private pushFoldingOrSlotted(i: number, value: number): number {
    const n = this.ints;
    const d = this.dbls;
    const ib = i * I_STRIDE;
    const db = i * D_STRIDE;
    const cap = n[ib + I_CAP]!;
    if (cap === 0) return 0;
    const base = n[ib + I_OFFSET]!;
    let at = this.clock[0]!;
    const slot = d[db + D_SLOT_MS]!;
    if (slot > 0) {
      at = (Math.floor(at / slot) + 1) * slot; // the end of now's slot
      if (n[ib + I_LEN]! > 0) {
        const k = n[ib + I_HEAD]! + n[ib + I_LEN]! - 1;
        const newest = base + (k >= cap ? k - cap : k);
        if (this.time[newest] === at) {
          this.value[newest]! += value;
          d[db + D_TOTAL]! += value;
          return d[db + D_TOTAL]!;
        }
      }
    }
    if (n[ib + I_LEN] === cap) {
      if (cap === 1) {
        // Nowhere to fold: keep one entry with the sum and the latest time.
        this.value[base]! += value;
        this.time[base] = at;
        d[db + D_TOTAL]! += value;
        return d[db + D_TOTAL]!;
      }
      const oldest = base + n[ib + I_HEAD]!;
      n[ib + I_HEAD] = n[ib + I_HEAD]! + 1 === cap ? 0 : n[ib + I_HEAD]! + 1;
      n[ib + I_LEN]!--;
      this.value[base + n[ib + I_HEAD]!]! += this.value[oldest]!;
    }
    const k = n[ib + I_HEAD]! + n[ib + I_LEN]!;
    const e = base + (k >= cap ? k - cap : k);
    this.time[e] = at;
    this.value[e] = value;
    n[ib + I_LEN]!++;
    d[db + D_TOTAL]! += value;
    return d[db + D_TOTAL]!;
  }

  /** Empties instrument i's window. */
  clear(i: number): void {
    this.ints[i * I_STRIDE + I_HEAD] = 0;
    this.ints[i * I_STRIDE + I_LEN] = 0;
    this.dbls[i * D_STRIDE + D_TOTAL] = 0;
  }
}
