/**
 * One symbol's matching: an incoming order trades against the book in price-time priority at
 * the maker's price, partially or fully; what is left of a GTC order rests, what is left of an
 * IOC order is cancelled. Trade ids are per symbol and contiguous from 1 (Binance's `t`).
 */
import type { OrderBook } from './order-book.js';
import type { SimClock } from './sim-clock.js';
import type { SimOrder, Trade } from './sim-order.js';
import { leaves } from './sim-order.js';

export interface MatchResult {
  readonly trades: readonly Trade[];
  /** True when the order's remainder now rests on the book (GTC). */
  readonly rested: boolean;
  /** Lots of an IOC remainder cancelled by the matcher (0 when none). */
  readonly expiredLots: number;
}

export class MatchingEngine {
  readonly symbol: string;
  readonly book: OrderBook;
  readonly #clock: SimClock;
  #tradeId = 0;

  constructor(symbol: string, book: OrderBook, clock: SimClock) {
    this.symbol = symbol;
    this.book = book;
    this.#clock = clock;
  }

  /** Matches a new order (status `new`, cum 0) and rests or expires its remainder. */
  submit(order: SimOrder): MatchResult {
    const now = this.#clock.nowMs();
    const trades: Trade[] = [];
    for (let maker = this.book.nextMaker(order); maker !== undefined && leaves(order) > 0; maker = this.book.nextMaker(order)) {
      const qty = Math.min(leaves(order), leaves(maker));
      fill(maker, qty, maker.priceTicks, now);
      fill(order, qty, maker.priceTicks, now);
      this.book.dropFilled(maker);
      trades.push({ tradeId: ++this.#tradeId, symbol: this.symbol, maker, taker: order, qty, priceTicks: maker.priceTicks, at: now });
    }
    const left = leaves(order);
    if (left === 0) return { trades, rested: false, expiredLots: 0 };
    if (order.tif === 'GTC') {
      this.book.rest(order);
      return { trades, rested: true, expiredLots: 0 };
    }
    order.status = 'canceled';
    order.updatedAt = now;
    return { trades, rested: false, expiredLots: left };
  }

  /** Cancels a resting order; false when it is no longer on the book (filled or cancelled). */
  cancel(order: SimOrder): boolean {
    if (!this.book.remove(order)) return false;
    order.status = 'canceled';
    order.updatedAt = this.#clock.nowMs();
    return true;
  }
}

function fill(o: SimOrder, qty: number, priceTicks: number, now: number): void {
  o.cum += qty;
  o.cumTicksLots += qty * priceTicks;
  o.status = o.cum === o.qty ? 'filled' : 'partiallyFilled';
  o.updatedAt = now;
}
