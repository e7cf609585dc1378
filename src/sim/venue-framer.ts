/**
 * Renders venue-neutral reports as one venue's private-stream frames, field for field as the
 * venue sends them, so riskgate's decoders run unchanged against the simulator.
 */
import type { Frame, Part } from './private-report.js';

/** The venues the simulator speaks (their private streams, REST positions): riskgate's venue names. */
export type SimVenue = 'bybit' | 'binance-usdm' | 'okx' | 'deribit' | 'bitmex';

export const SIM_VENUES: readonly SimVenue[] = Object.freeze(['bybit', 'binance-usdm', 'okx', 'deribit', 'bitmex']);

export interface VenueFramer {
  readonly venue: SimVenue;
  /**
   * True when the venue's order update carries the execution itself (Binance ORDER_TRADE_UPDATE,
   * OKX `orders` with `tradeId`/`fillSz`):
   * then an order update cannot precede its fill, and `orderBeforeFill` delays the position instead.
   */
  readonly fillsInOrderUpdates: boolean;
  render(part: Part): Frame[];
}

/** Simulated time → venue epoch milliseconds: a fixed epoch keeps frames identical across runs. */
export const SIM_EPOCH_MS = 1_700_000_000_000;
