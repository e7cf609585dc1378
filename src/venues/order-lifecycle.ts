/** Order-status facts shared by the venue decoders. */
import type { OrderStatus, Side } from '../events/market-events.js';

/** Statuses after which the order has nothing left on the book: `leavesQty` is 0. */
export function isTerminal(status: OrderStatus): boolean {
  return status === 'filled' || status === 'canceled' || status === 'rejected';
}

/**
 * The side an order update gives: `buy` when `value` is exactly the venue's `buy` name, `sell`
 * for its `sell` name, otherwise not given (absent, another value, another type). Never a
 * malformed row: the side only lets the engine count an order it did not send, and an update
 * without one is applied as before (the byte decoders' `sideAt` is the same rule).
 */
export function orderSide(value: unknown, buy: string, sell: string): Side | undefined {
  return value === buy ? 'buy' : value === sell ? 'sell' : undefined;
}

/** The optional members of an order update: `side` when given, `reduceOnly` only when true. */
export function orderFacts(side: Side | undefined, reduceOnly: boolean): { readonly side?: Side; readonly reduceOnly?: true } {
  if (side === undefined) return reduceOnly ? { reduceOnly: true } : {};
  return reduceOnly ? { side, reduceOnly: true } : { side };
}
