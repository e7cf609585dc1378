/**
 * Renders venue-neutral reports as one venue's private-stream frames, field for field as the
 * venue sends them, so riskgate's decoders run unchanged against the simulator.
 */
import type { ExecReport, Frame, Part, PositionReport } from './private-report.js';

/** An order update part. */
export type OrderPart = Extract<Part, { kind: 'order' }>;

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
  /**
   * True when the venue's position reports carry neither a watermark nor a time of their own and
   * the venue documents them as delivered in order (Deribit: `user.changes` bundles a change's
   * trades, orders and position in one notification, one ordered stream per subscription). A
   * client cannot tell an older report from a newer one there, and the venue never sends one
   * after a newer one: `staleSnapshot` re-sends nothing (drawn, not recorded) and a delayed
   * position (`positionDelay`, `orderBeforeFill`) holds back the positions after it instead of
   * being overtaken by them.
   */
  readonly positionsInOrder: boolean;
  render(part: Part): Frame[];
  /**
   * Present when the venue sends one matching event's executions, the order's state after them
   * and the resulting position together in one message (Deribit `user.changes`): that message.
   * The stream then sends it instead of rendering the parts one by one; `order` is absent when the
   * `orderBeforeFill` fault already sent the order update on its own.
   */
  renderChange?(execs: readonly ExecReport[], order: OrderPart | undefined, position: PositionReport): Frame;
}

/** Simulated time → venue epoch milliseconds: a fixed epoch keeps frames identical across runs. */
export const SIM_EPOCH_MS = 1_700_000_000_000;
