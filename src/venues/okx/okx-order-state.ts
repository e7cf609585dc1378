/**
 * OKX v5 order `state` → engine `OrderStatus`.
 * Source: https://www.okx.com/docs-v5/en/#order-book-trading-trade-ws-order-channel (state:
 * canceled, live, partially_filled, filled, mmp_canceled).
 *
 * | OKX | engine | why |
 * | --- | --- | --- |
 * | `live` | new | resting, nothing filled |
 * | `partially_filled` | partiallyFilled | |
 * | `filled` | filled | |
 * | `canceled` | canceled | also how OKX reports an IOC/FOK/post-only order that could not rest or trade: the orders channel has no rejected state (an order refused at entry never reaches it; the refusal is the `sCode` of the order operation's reply, which names no instrument) |
 * | `mmp_canceled` | canceled | cancelled by market maker protection |
 *
 * Any other value is malformed.
 */
import type { OrderStatus } from '../../events/market-events.js';

export const OKX_ORDER_STATE: ReadonlyMap<string, OrderStatus> = new Map<string, OrderStatus>([
  ['live', 'new'],
  ['partially_filled', 'partiallyFilled'],
  ['filled', 'filled'],
  ['canceled', 'canceled'],
  ['mmp_canceled', 'canceled'],
]);
