/**
 * The order-rate throttle: per instrument, the engine times of its last `max` approved orders in
 * a ring of exactly `max` entries, so that "`max` orders were approved in `(now - windowMs,
 * now]`" is one compare: the ring is full and its oldest entry is still inside the window.
 *
 * Equivalent to counting the approvals inside the window and comparing with `max` (the reference
 * check does that count, `countInWindow`): engine time does not go back, so the ring holds the
 * `max` most recent approvals in time order, and at least `max` of them are inside the window
 * exactly when the oldest of those is. An expired entry is never removed, only overwritten by
 * the next approval: the check has no loop, and recording has no folding or running sum (what
 * `SlidingWindows` needs for valued windows costs the order check, on every approval, a sum, an
 * expiry walk amortized over the approvals, and two more stores).
 *
 * Per instrument, `I_STRIDE` int32 in `ints` (offset of its ring, its size `max`, the index of its
 * oldest entry, its entries) and the window (ms) in `windowMs`. Time is read from the engine's
 * time cell (`clock[0]`, ms), never passed: an epoch-sized argument would be boxed (the class comment of risk-engine-core.ts).
 *
 * Owned by the risk thread; allocation-free after construction.
 */
const I_OFFSET = 0;
const I_CAP = 1;
const I_HEAD = 2;
const I_LEN = 3;
const I_STRIDE = 4;

export class OrderRateWindow {
  private readonly ints: Int32Array;
  private readonly windowMs: Float64Array;
  /** Approval times (ms), `max` per instrument from its offset. */
  private readonly times: Float64Array;

  /** `maxOrders[i]` 0 disables instrument i's throttle; otherwise at most that many per `windowsMs[i]`. */
  constructor(maxOrders: ArrayLike<number>, windowsMs: ArrayLike<number>, private readonly clock: Float64Array) {
    const n = maxOrders.length;
    this.ints = new Int32Array(n * I_STRIDE);
    this.windowMs = Float64Array.from(windowsMs);
    let size = 0;
    for (let i = 0; i < n; i++) {
      const cap = maxOrders[i]!;
      if (!Number.isInteger(cap) || cap < 0 || cap > 0x3fffffff) throw new RangeError(`an order-rate maximum must be an integer in [0, 2^30), got ${cap}`);
      this.ints[i * I_STRIDE + I_OFFSET] = size;
      this.ints[i * I_STRIDE + I_CAP] = cap;
      size += cap;
    }
    this.times = new Float64Array(size);
  }

  /**
   * @hot True when `max` orders of instrument i were approved inside `(now - windowMs, now]`:
   * the next one would exceed the rate. False when the throttle is off.
   */
  full(i: number): boolean {
    const n = this.ints;
    const b = i * I_STRIDE;
    const cap = n[b + I_CAP]!;
    if (cap === 0 || n[b + I_LEN]! < cap) return false;
    return this.times[n[b + I_OFFSET]! + n[b + I_HEAD]!]! > this.clock[0]! - this.windowMs[i]!;
  }

  /** @hot Records an approval of instrument i now (the ring's oldest entry makes room when full). */
  record(i: number): void {
    const n = this.ints;
    const b = i * I_STRIDE;
    const cap = n[b + I_CAP]!;
    if (cap === 0) return;
    const len = n[b + I_LEN]!;
    const head = n[b + I_HEAD]!;
    if (len < cap) {
      const k = head + len;
      this.times[n[b + I_OFFSET]! + (k >= cap ? k - cap : k)] = this.clock[0]!;
      n[b + I_LEN] = len + 1;
      return;
    }
    this.times[n[b + I_OFFSET]! + head] = this.clock[0]!; // overwrites the oldest
    n[b + I_HEAD] = head + 1 === cap ? 0 : head + 1;
  }

  /**
   * Cold: approvals of instrument i inside `(now - windowMs, now]`, counted one by one (the
   * reference order check compares this with `max`; `full` must agree with it).
   */
  countInWindow(i: number): number {
    const b = i * I_STRIDE;
    const base = this.ints[b + I_OFFSET]!;
    const len = this.ints[b + I_LEN]!;
    const cutoff = this.clock[0]! - this.windowMs[i]!;
    let count = 0;
    for (let e = 0; e < len; e++) if (this.times[base + e]! > cutoff) count++;
    return count;
  }

  /** True when instrument i has a throttle. */
  enabled(i: number): boolean {
    return this.ints[i * I_STRIDE + I_CAP]! > 0;
  }
}
