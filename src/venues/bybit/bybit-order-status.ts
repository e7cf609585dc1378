/**
 * Bybit v5 `orderStatus` → engine `OrderStatus`.
 * Source: https://bybit-exchange.github.io/docs/v5/enum#orderstatus
 *
 * | Bybit | engine | why |
 * | --- | --- | --- |
 * | `New` | new | resting |
 * | `PartiallyFilled` | partiallyFilled | resting, part executed |
 * | `Untriggered` | new | conditional order not yet triggered: it can still trigger and fill, so it keeps counting as open (conservative) |
 * | `Triggered` | new | instantaneous state from Untriggered to New |
 * | `Filled` | filled | |
 * | `Cancelled` | canceled | in derivatives it may carry an executed qty (cancel after partial fill): `cumQty` tells |
 * | `PartiallyFilledCanceled` | canceled | spot's name for cancel after partial fill |
 * | `Deactivated` | canceled | conditional / TP-SL / OCO order cancelled before it triggered: it never traded |
 * | `Rejected` | rejected | |
 *
 * Any other value is malformed (the frame emits nothing and is counted).
 */
import type { OrderStatus } from '../../events/market-events.js';

export const BYBIT_ORDER_STATUS: ReadonlyMap<string, OrderStatus> = new Map<string, OrderStatus>([
  ['New', 'new'],
  ['PartiallyFilled', 'partiallyFilled'],
  ['Untriggered', 'new'],
  ['Triggered', 'new'],
  ['Filled', 'filled'],
  ['Cancelled', 'canceled'],
  ['PartiallyFilledCanceled', 'canceled'],
  ['Deactivated', 'canceled'],
  ['Rejected', 'rejected'],
]);

