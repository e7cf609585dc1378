/** Order-status facts shared by the venue decoders. */
import type { OrderStatus } from '../events/market-events.js';

/** Statuses after which the order has nothing left on the book: `leavesQty` is 0. */
export function isTerminal(status: OrderStatus): boolean {
  return status === 'filled' || status === 'canceled' || status === 'rejected';
}
