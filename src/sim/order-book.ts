/**
 * One symbol's limit order book with price-time priority: the best price trades first, and at
 * one price the order that rested first trades first. Levels are kept sorted (bids descending,
 * asks ascending) in small arrays: the synthetic book has tens of levels, so a linear insert is
 * cheaper than a tree and easy to audit.
 */
import type { Side } from '../scenario/scenario-types.js';
import type { SimOrder } from './sim-order.js';
import { leaves } from './sim-order.js';

interface Level {
  readonly priceTicks: number;
  readonly queue: SimOrder[];
}

export class OrderBook {
  readonly #bids: Level[] = [];
  readonly #asks: Level[] = [];

  /** The resting side `side` orders sit on. */
  #levels(side: Side): Level[] {
    return side === 'buy' ? this.#bids : this.#asks;
  }

  /** Best resting price on `side`, or undefined when that side is empty. */
  best(side: Side): number | undefined {
    return this.#levels(side)[0]?.priceTicks;
  }

  /** Total leaves quantity at the best price of `side` (0 when empty). */
  bestQty(side: Side): number {
    const level = this.#levels(side)[0];
    return level === undefined ? 0 : level.queue.reduce((s, o) => s + leaves(o), 0);
  }

  /** Rests `order` at the back of its price level's queue. */
  rest(order: SimOrder): void {
    const levels = this.#levels(order.side);
    const better = order.side === 'buy' ? (a: number, b: number) => a > b : (a: number, b: number) => a < b;
    let i = 0;
    while (i < levels.length && better(levels[i]!.priceTicks, order.priceTicks)) i++;
    const at = levels[i];
    if (at !== undefined && at.priceTicks === order.priceTicks) at.queue.push(order);
    else levels.splice(i, 0, { priceTicks: order.priceTicks, queue: [order] });
  }

  /** Removes a resting order; false when it is not on the book. */
  remove(order: SimOrder): boolean {
    const levels = this.#levels(order.side);
    const li = levels.findIndex((l) => l.priceTicks === order.priceTicks);
    const level = levels[li];
    if (level === undefined) return false;
    const qi = level.queue.indexOf(order);
    if (qi < 0) return false;
    level.queue.splice(qi, 1);
    if (level.queue.length === 0) levels.splice(li, 1);
    return true;
  }

  /**
   * The first resting order `taker` can trade with now, in priority order, or undefined.
   * The caller fills it and calls `dropFilled` so the queue advances.
   */
  nextMaker(taker: SimOrder): SimOrder | undefined {
    const level = this.#levels(taker.side === 'buy' ? 'sell' : 'buy')[0];
    if (level === undefined) return undefined;
    const crosses = taker.side === 'buy' ? level.priceTicks <= taker.priceTicks : level.priceTicks >= taker.priceTicks;
    return crosses ? level.queue[0] : undefined;
  }

  /** Drops `maker` from the head of its level once it has nothing left. */
  dropFilled(maker: SimOrder): void {
    if (leaves(maker) === 0) this.remove(maker);
  }

  /** Every resting order on `side`, best first then by time. */
  orders(side: Side): SimOrder[] {
    return this.#levels(side).flatMap((l) => l.queue);
  }
}
