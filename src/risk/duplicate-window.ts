/** Orders remembered per instrument (a power of two: the ring index wraps by mask). */
const DEPTH = 8;

/**
 * The last few approved orders per instrument, to deny a repeat of the same side, quantity and
 * price within `windowMs` (a strategy double-firing). `DEPTH` orders are remembered per
 * instrument; an older repeat is not caught.
 *
 * The price is read where the caller points (`src[priceAt]`: the order's event slot) and the time
 * from the engine's time cell: a fractional price or an epoch time passed as a call argument
 * would be boxed. Owned by the risk thread; allocation-free after construction.
 */
export class DuplicateWindow {
  static readonly DEPTH = DEPTH;
  private readonly at: Float64Array;
  private readonly signedQty: Float64Array;
  private readonly price: Float64Array;
  private readonly next: Int32Array;

  constructor(
    instruments: number,
    private readonly windowMs: ArrayLike<number>,
    private readonly clock: Float64Array,
  ) {
    const size = instruments * DEPTH;
    this.at = new Float64Array(size).fill(-Infinity);
    this.signedQty = new Float64Array(size);
    this.price = new Float64Array(size);
    this.next = new Int32Array(instruments);
  }

  /**
   * @hot True when the same order (price `src[priceAt]`) was approved within the window.
   * A strategy's orders mostly differ in price, so the price is compared first, against all eight
   * entries unrolled (no loop: eight loads and compares of one array, its header loaded once);
   * only when one matches are the side, quantity and age compared.
   */
  isDuplicate(i: number, signedQty: number, src: Float64Array, priceAt: number): boolean {
    const w = this.windowMs[i]!;
    if (!(w > 0)) return false;
    const price = src[priceAt]!;
    const p = this.price;
    const b = i * DEPTH; // DEPTH is 8: the unrolled compares below are its entries
    if (p[b] !== price && p[b + 1] !== price && p[b + 2] !== price && p[b + 3] !== price
      && p[b + 4] !== price && p[b + 5] !== price && p[b + 6] !== price && p[b + 7] !== price) return false;
    // A price matched (a strategy re-quoting a level): the whole test.
    const q = this.signedQty;
    const at = this.at;
    const now = this.clock[0]!;
    const end = b + DEPTH;
    for (let e = b; e < end; e++) {
      if (p[e] === price && q[e] === signedQty && now - at[e]! < w) return true;
    }
    return false;
  }

  /** @hot Remembers an approved order (price `src[priceAt]`). */
  record(i: number, signedQty: number, src: Float64Array, priceAt: number): void {
    const e = i * DEPTH + this.next[i]!;
    this.at[e] = this.clock[0]!;
    this.signedQty[e] = signedQty;
    this.price[e] = src[priceAt]!;
    this.next[i] = (this.next[i]! + 1) & (DEPTH - 1);
  }
}
