/**
 * The demo's runaway: the loop the flip-flop guard exists for. A taker that keeps itself flat,
 * with a broken view of its position: its position keeper books every execution twice (the ack's
 * cumulative quantity and the same execution again, a classic double count). Flat in its own
 * eyes, it takes the signal's clip; otherwise it sends whatever flattens its view. So it buys
 * 2, believes +4, sells 4 (truly -2 now), believes -4, buys 4... a sign reversal on every market
 * tick, each one crossing the spread: "buy too much, sell back, again", bleeding, until a guard
 * stops it. It never reads the venue's truth (a real one would not notice either).
 */
import type { TakerIntent } from './taker-strategy.js';
import type { Signal } from './taker-signal.js';

export class RunawayIntent implements TakerIntent {
  /** What it believes its position is (lots): twice the truth, once it has traded. */
  view = 0;
  readonly #maxQty: number;

  /** `maxQty`: the largest order it sends (lots). */
  constructor(maxQty: number) {
    this.#maxQty = maxQty;
  }

  order(signal: Signal): { side: 'buy' | 'sell'; qty: number } {
    if (this.view === 0) return { side: signal.side, qty: signal.qty };
    return { side: this.view > 0 ? 'sell' : 'buy', qty: Math.min(this.#maxQty, Math.abs(this.view)) };
  }

  onExecuted(side: 'buy' | 'sell', lots: number): void {
    this.view += 2 * (side === 'buy' ? lots : -lots); // the bug: booked twice
  }
}
