/**
 * BitMEX `ordStatus` (FIX OrdStatus names) → engine `OrderStatus`.
 *
 * | BitMEX            | engine            | why |
 * | ---               | ---               | --- |
 * | `New`             | `new`             | accepted, nothing filled |
 * | `PartiallyFilled` | `partiallyFilled` | live with `cumQty > 0` |
 * | `Filled`          | `filled`          | terminal |
 * | `Canceled`        | `canceled`        | terminal (user, IOC remainder, cancel-all, liquidation of the account) |
 * | `Rejected`        | `rejected`        | terminal, `ordRejReason` says why |
 * | `Expired`         | `canceled`        | terminal; FIX status BitMEX may use for time-limited orders |
 *
 * Anything else is a malformed frame (the engine must never guess whether an order is open).
 * Terminal statuses report `leavesQty` 0.
 */
import type { OrderStatus } from '../../events/market-events.js';

const STATUS: ReadonlyMap<string, OrderStatus> = new Map<string, OrderStatus>([
  ['New', 'new'],
  ['PartiallyFilled', 'partiallyFilled'],
  ['Filled', 'filled'],
  ['Canceled', 'canceled'],
  ['Rejected', 'rejected'],
  ['Expired', 'canceled'],
]);

export function bitmexStatus(ordStatus: string): OrderStatus | undefined {
  return STATUS.get(ordStatus);
}

export function isTerminal(status: OrderStatus): boolean {
  return status === 'filled' || status === 'canceled' || status === 'rejected';
}
