/**
 * The trading signal both strategies follow: one seeded stream, drawn once per market quote and
 * handed to both, so the two sub-accounts decide from exactly the same inputs and differ only in
 * the check in front of their orders.
 *
 * An aggressive momentum taker: a direction regime (buy or sell) that flips at random, with a
 * mean length of `meanRegimeMs`, and on every quote an IOC order of 1..`maxClip` lots crossing the
 * spread by `crossTicks` ticks in that direction. It always wants more: only its guard stops it.
 */
import { seededRandom, type Random } from '../feeds/random.js';

export interface TakerSignalOptions {
  readonly seed: number;
  /** Simulated ms between quotes (the market step). */
  readonly quoteMs: number;
  readonly meanRegimeMs: number;
  readonly maxClip: number;
}

export interface Signal {
  /** Quote index (0, 1, ...). */
  readonly n: number;
  readonly side: 'buy' | 'sell';
  /** Lots. */
  readonly qty: number;
}

export class TakerSignal {
  readonly #random: Random;
  readonly #flip: number;
  readonly #maxClip: number;
  #side: 'buy' | 'sell';
  #n = 0;

  constructor(o: TakerSignalOptions) {
    this.#random = seededRandom(o.seed ^ 0x5eed);
    this.#flip = Math.min(1, o.quoteMs / o.meanRegimeMs);
    this.#maxClip = o.maxClip;
    this.#side = this.#random() < 0.5 ? 'buy' : 'sell';
  }

  /** The signal for the next quote. */
  next(): Signal {
    if (this.#random() < this.#flip) this.#side = this.#side === 'buy' ? 'sell' : 'buy';
    const qty = 1 + Math.floor(this.#random() * this.#maxClip);
    return { n: this.#n++, side: this.#side, qty };
  }
}
