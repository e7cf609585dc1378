/**
 * The last few approved orders per instrument, to deny a repeat of the same side, quantity and
 * price within `windowMs` (a strategy double-firing). `DEPTH` orders are remembered per
 * instrument; an older repeat is not caught.
 *
 * Owned by the risk thread; allocation-free after construction.
 */
export class DuplicateWindow {
  static readonly DEPTH = 8;
  private readonly at: Float64Array;
  private readonly signedQty: Float64Array;
  private readonly price: Float64Array;
  private readonly next: Int32Array;

  constructor(instruments: number, private readonly windowMs: ArrayLike<number>) {
    const size = instruments * DuplicateWindow.DEPTH;
    this.at = new Float64Array(size).fill(-Infinity);
    this.signedQty = new Float64Array(size);
    this.price = new Float64Array(size);
    this.next = new Int32Array(instruments);
  }

  /** @hot True when the same order was approved within the window. */
  isDuplicate(i: number, signedQty: number, price: number, now: number): boolean {
    const w = this.windowMs[i]!;
    if (!(w > 0)) return false;
    const base = i * DuplicateWindow.DEPTH;
    for (let k = 0; k < DuplicateWindow.DEPTH; k++) {
      const e = base + k;
      if (now - this.at[e]! < w && this.signedQty[e] === signedQty && this.price[e] === price) return true;
    }
    return false;
  }

  /** @hot Remembers an approved order. */
  record(i: number, signedQty: number, price: number, now: number): void {
    const e = i * DuplicateWindow.DEPTH + this.next[i]!;
    this.at[e] = now;
    this.signedQty[e] = signedQty;
    this.price[e] = price;
    this.next[i] = (this.next[i]! + 1) % DuplicateWindow.DEPTH;
  }
}
