/**
 * Binance USD-M order status (`o.X`) → engine `OrderStatus`.
 *
 * | Binance            | engine            | why |
 * | ---                | ---               | --- |
 * | `NEW`              | `new`             | accepted, resting or about to trade |
 * | `PARTIALLY_FILLED` | `partiallyFilled` | live with `z > 0` |
 * | `FILLED`           | `filled`          | terminal, `z == q` |
 * | `CANCELED`         | `canceled`        | terminal (user, reduce-only knock-out, liquidation...) |
 * | `EXPIRED`          | `canceled`        | terminal: IOC/FOK/GTX remainder, GTD, expiry reasons `er` 1-9 |
 * | `EXPIRED_IN_MATCH` | `canceled`        | terminal: self-trade prevention expired the order in the match |
 * | `REJECTED`         | `rejected`        | terminal; not in the current USD-M list, kept for older streams |
 *
 * Anything else is a malformed frame: the engine must never guess whether an order still counts
 * as open. Terminal statuses report `leavesQty` 0.
 */
import type { OrderStatus } from '../../events/market-events.js';

const STATUS: ReadonlyMap<string, OrderStatus> = new Map<string, OrderStatus>([
  ['NEW', 'new'],
  ['PARTIALLY_FILLED', 'partiallyFilled'],
  ['FILLED', 'filled'],
  ['CANCELED', 'canceled'],
  ['EXPIRED', 'canceled'],
  ['EXPIRED_IN_MATCH', 'canceled'],
  ['REJECTED', 'rejected'],
]);

export function binanceStatus(x: string): OrderStatus | undefined {
  return STATUS.get(x);
}

export function isTerminal(status: OrderStatus): boolean {
  return status === 'filled' || status === 'canceled' || status === 'rejected';
}
