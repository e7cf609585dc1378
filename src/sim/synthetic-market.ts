/**
 * The synthetic market around one instrument: a seeded random walk of the mid price, a ladder of
 * synthetic maker orders on both sides re-laid after each step (so depth consumed by takers is
 * replenished), and occasional synthetic takers that trade whatever rests at the top, user orders
 * included. Makers are placed through the matching engine like any order: when the mid walks
 * through a resting user order, the new ladder trades with it (the user is the maker).
 */
import type { Side } from '../scenario/scenario-types.js';
import type { Instrument } from './instrument.js';
import type { Prng } from './prng.js';
import type { SimOrder } from './sim-order.js';
import { SYNTHETIC_ACCOUNT, leaves } from './sim-order.js';

/** How the market places and cancels its orders (the exchange routes them through matching). */
export interface MarketVenue {
  place(order: SimOrder): void;
  cancel(order: SimOrder): void;
  now(): number;
}

export class SyntheticMarket {
  readonly instrument: Instrument;
  readonly #prng: Prng;
  readonly #venue: MarketVenue;
  #mid: number;
  #makers: SimOrder[] = [];
  #n = 0;

  constructor(instrument: Instrument, prng: Prng, venue: MarketVenue) {
    this.instrument = instrument;
    this.#prng = prng;
    this.#venue = venue;
    this.#mid = instrument.startTicks;
  }

  /** The current mid price in ticks. */
  get midTicks(): number {
    return this.#mid;
  }

  /** One market tick: walk, re-lay the maker ladder, maybe send a synthetic taker. */
  step(): void {
    const inst = this.instrument;
    const p = this.#prng;
    this.#mid = Math.max(inst.depthLevels + 2, this.#mid + p.int(-inst.walkTicks, inst.walkTicks));
    for (const o of this.#makers) if (leaves(o) > 0) this.#venue.cancel(o);
    this.#makers = [];
    for (let level = 1; level <= inst.depthLevels; level++) {
      this.#makers.push(this.#order('buy', this.#mid - level, p.int(inst.makerLotsMin, inst.makerLotsMax), 'GTC'));
      this.#makers.push(this.#order('sell', this.#mid + level, p.int(inst.makerLotsMin, inst.makerLotsMax), 'GTC'));
    }
    for (const o of this.#makers) this.#venue.place(o);
    if (p.chance(inst.takerChance)) {
      const side: Side = p.chance(0.5) ? 'buy' : 'sell';
      const px = side === 'buy' ? this.#mid + inst.depthLevels : this.#mid - inst.depthLevels;
      this.#venue.place(this.#order(side, px, p.int(1, inst.takerLotsMax), 'IOC'));
    }
  }

  #order(side: Side, priceTicks: number, qty: number, tif: 'GTC' | 'IOC'): SimOrder {
    const now = this.#venue.now();
    const id = `syn-${this.instrument.symbol}-${++this.#n}`;
    return { venueId: id, numericId: 0, account: SYNTHETIC_ACCOUNT, clientId: id, symbol: this.instrument.symbol, side, priceTicks, qty, tif, cum: 0, cumTicksLots: 0, status: 'new', createdAt: now, updatedAt: now };
  }
}
