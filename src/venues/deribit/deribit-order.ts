/**
 * Deribit user order (in `user.changes.*` and `user.orders.*` notifications) → `orderUpdate`.
 * Source: https://docs.deribit.com/subscriptions/user/userchangeskindcurrencyinterval (order
 * object) and https://docs.deribit.com/subscriptions/user/userordersinstrument_nameraw.
 *
 * - `orderId`: `label` when non-empty (what the strategy sent), else `order_id`.
 * - `cumQty` = `filled_amount`; `leavesQty` = `amount - filled_amount` while open, 0 once terminal.
 * - `direction` (buy/sell) and `reduce_only` pass through as the update's side and reduce-only
 *   flag (an unreadable direction is not given, never malformed): the engine counts an order it
 *   did not send by them.
 * - Orders Deribit creates to liquidate the account (`is_liquidation` true) are skipped: their
 *   trades arrive as fills without an `orderId`, and an update would count the quantity twice.
 */
import type { FrameSink } from '../decoder-stats.js';
import type { SymbolMap } from '../symbol-map.js';
import { MalformedFrame, asRecord, lots, nonEmpty, oneOf, optBool, optStr, str } from '../frame-reader.js';
import { isTerminal, orderFacts, orderSide } from '../order-lifecycle.js';
import { DERIBIT_ORDER_STATE } from './deribit-order-state.js';

const KIND = 'orders';

export function decodeDeribitOrder(element: unknown, symbols: SymbolMap, sink: FrameSink): void {
  const rec = asRecord(element, KIND, 'order');
  const entry = symbols.get(str(rec, 'instrument_name', KIND));
  if (entry === undefined) {
    sink.skipped.push('unknownSymbol');
    return;
  }
  if (optBool(rec, 'is_liquidation', KIND)) {
    sink.skipped.push('orders:liquidation');
    return;
  }
  let status = oneOf(rec, 'order_state', KIND, DERIBIT_ORDER_STATE);
  const venueId = nonEmpty(rec, 'order_id', KIND);
  const label = optStr(rec, 'label', KIND);
  const cumQty = lots(rec, 'filled_amount', KIND, entry, { numeric: true, sign: 'nonNegative' });
  let leavesQty = 0;
  if (!isTerminal(status)) {
    leavesQty = lots(rec, 'amount', KIND, entry, { numeric: true, sign: 'nonNegative' }) - cumQty;
    if (leavesQty < 0) throw new MalformedFrame(KIND, 'filled_amount exceeds amount');
    if (status === 'new' && cumQty > 0) status = 'partiallyFilled';
  }
  sink.events.push({
    type: 'orderUpdate', symbol: entry.symbol, orderId: label !== '' ? label : venueId, status, cumQty, leavesQty,
    ...orderFacts(orderSide(rec['direction'], 'buy', 'sell'), rec['reduce_only'] === true),
  });
}
