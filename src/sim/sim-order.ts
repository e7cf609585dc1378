/**
 * An order inside the simulated exchange, user or synthetic. Mutable: the matching engine owns
 * it and updates `cum`, `status` and `updatedAt` in place; reports copy what they need.
 */
import type { OrderStatus, Side, TimeInForce } from '../scenario/scenario-types.js';

/** The account of the synthetic makers and takers: never reported on a private stream. */
export const SYNTHETIC_ACCOUNT = '';

export interface SimOrder {
  /** Venue order id: a UUID (Bybit style), also unique across symbols. */
  readonly venueId: string;
  /** Numeric venue order id (Binance `i`). */
  readonly numericId: number;
  readonly account: string;
  readonly clientId: string;
  readonly symbol: string;
  readonly side: Side;
  readonly priceTicks: number;
  /** Order quantity in lots. */
  readonly qty: number;
  readonly tif: TimeInForce;
  /** Filled lots. */
  cum: number;
  /** Sum of fill price × lots, in ticks × lots (average price = cumTicksLots / cum). */
  cumTicksLots: number;
  status: OrderStatus;
  readonly createdAt: number;
  updatedAt: number;
}

export function leaves(o: SimOrder): number {
  return o.status === 'new' || o.status === 'partiallyFilled' ? o.qty - o.cum : 0;
}

/** One match between a resting (maker) and an incoming (taker) order. */
export interface Trade {
  /** Per-symbol trade id (Binance `t`), from 1. */
  readonly tradeId: number;
  readonly symbol: string;
  readonly maker: SimOrder;
  readonly taker: SimOrder;
  readonly qty: number;
  readonly priceTicks: number;
  readonly at: number;
}
