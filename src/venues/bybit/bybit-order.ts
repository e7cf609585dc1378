/**
 * Bybit v5 private `order` topic element → `orderUpdate`.
 * Source: https://bybit-exchange.github.io/docs/v5/websocket/private/order
 *
 * - `orderId`: `orderLinkId` when non-empty (what the strategy sent), else Bybit's `orderId`.
 * - `cumQty` from `cumExecQty`. `leavesQty`: 0 once the status is terminal (whatever the venue
 *   left in `leavesQty`, which must still be a valid quantity or empty); otherwise `leavesQty`,
 *   or `qty - cumExecQty` when the venue sends `leavesQty` as "" (the documented option example
 *   does, and classic spot never fills it in).
 * - `side` (Buy/Sell) and `reduceOnly` (boolean) pass through (order-lifecycle.ts `orderSide`:
 *   an unreadable side is not given, never malformed): the engine counts an order it did not
 *   send by them.
 * - Orders the exchange creates to liquidate or deleverage the account (`createType`
 *   CreateByLiq, CreateByTakeOver_PassThrough, CreateByAdl_PassThrough) are skipped: their
 *   executions arrive as fills without an `orderId`, and an order update for them would let the
 *   engine count the same quantity twice (once as the fill, once as the order's reported cumQty).
 * - Hedge mode (`VenueSymbolConfig.hedge`): `positionIdx` names the order's leg (1 buy side, the
 *   symbol's own instrument; 2 sell side, `SYMBOL:short`); a one-way order (0) is skipped and
 *   counted (`order:oneWay`), any other value is malformed. A one-way instrument does not read it.
 */
import type { FrameSink } from '../decoder-stats.js';
import { legSymbol, type SymbolMap } from '../symbol-map.js';
import { bybitLegIdx } from './bybit-position.js';
import { MalformedFrame, asRecord, lots, nonEmpty, oneOf, optStr, str } from '../frame-reader.js';
import { isTerminal, orderFacts, orderSide } from '../order-lifecycle.js';
import { BYBIT_ORDER_STATUS } from './bybit-order-status.js';

const KIND = 'order';

const EXCHANGE_CREATED: ReadonlySet<string> = new Set(['CreateByLiq', 'CreateByTakeOver_PassThrough', 'CreateByAdl_PassThrough']);

export function decodeBybitOrder(element: unknown, symbols: SymbolMap, sink: FrameSink): void {
  const rec = asRecord(element, KIND, 'order');
  const entry = symbols.get(str(rec, 'symbol', KIND));
  if (entry === undefined) {
    sink.skipped.push('unknownSymbol');
    return;
  }
  if (EXCHANGE_CREATED.has(optStr(rec, 'createType', KIND))) {
    sink.skipped.push('order:liquidation');
    return;
  }
  let leg = 1;
  if (entry.hedge) {
    leg = bybitLegIdx(rec['positionIdx'], KIND);
    if (leg === 0) {
      sink.skipped.push('order:oneWay');
      return;
    }
  }
  const status = oneOf(rec, 'orderStatus', KIND, BYBIT_ORDER_STATUS);
  const venueId = nonEmpty(rec, 'orderId', KIND);
  const clientId = optStr(rec, 'orderLinkId', KIND);
  const cumQty = lots(rec, 'cumExecQty', KIND, entry, { sign: 'nonNegative' });
  const leavesText = str(rec, 'leavesQty', KIND);
  const reported = leavesText === '' ? undefined : lots(rec, 'leavesQty', KIND, entry, { sign: 'nonNegative' });
  let leavesQty = 0;
  if (!isTerminal(status)) {
    if (reported !== undefined) {
      leavesQty = reported;
    } else {
      leavesQty = lots(rec, 'qty', KIND, entry, { sign: 'nonNegative' }) - cumQty;
      if (leavesQty < 0) throw new MalformedFrame(KIND, 'cumExecQty exceeds qty');
    }
  }
  sink.events.push({
    type: 'orderUpdate', symbol: legSymbol(entry, leg), orderId: clientId !== '' ? clientId : venueId, status, cumQty, leavesQty,
    ...orderFacts(orderSide(rec['side'], 'Buy', 'Sell'), rec['reduceOnly'] === true),
  });
}
