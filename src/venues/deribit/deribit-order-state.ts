/**
 * Deribit `order_state` → engine `OrderStatus`.
 * Source: https://docs.deribit.com/subscriptions/user/userchangeskindcurrencyinterval (order
 * object: open, filled, rejected, cancelled, untriggered, triggered).
 *
 * | Deribit | engine | why |
 * | --- | --- | --- |
 * | `open` | new, or partiallyFilled when `filled_amount` > 0 | Deribit has no separate partial state |
 * | `untriggered` | new | trigger (stop/take) order not yet triggered: it can still trigger and fill, so it keeps counting as open (conservative) |
 * | `triggered` | new | the trigger fired; the order it created is live |
 * | `filled` | filled | |
 * | `cancelled` | canceled | `filled_amount` keeps what traded before the cancel |
 * | `rejected` | rejected | |
 *
 * Any other value is malformed.
 */
import type { OrderStatus } from '../../events/market-events.js';

export const DERIBIT_ORDER_STATE: ReadonlyMap<string, OrderStatus> = new Map<string, OrderStatus>([
  ['open', 'new'],
  ['untriggered', 'new'],
  ['triggered', 'new'],
  ['filled', 'filled'],
  ['cancelled', 'canceled'],
  ['rejected', 'rejected'],
]);
