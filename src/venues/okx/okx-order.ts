/**
 * OKX v5 private `orders` channel element → optional `fill`, then `orderUpdate`.
 * Source: https://www.okx.com/docs-v5/en/#order-book-trading-trade-ws-order-channel
 *
 * OKX has no separate execution stream here: each push is the order's state after an event, and
 * when the event was a trade it also carries that trade (`tradeId`, `fillSz`, `fillPx`).
 * - Fill: present when `tradeId` is non-empty and `fillSz` > 0 (a later non-trade push may repeat
 *   the last trade's fields; the engine de-duplicates by execution id). `execId` is
 *   `<instId>:<tradeId>`: OKX trade ids are per instrument, the engine's de-duplication window is
 *   not. On a sequenced instrument `seq` is the trade id (monotonic per instrument), the same
 *   watermark the positions channel reports; on a walk-back one (`VenueSymbolConfig.sequenced`
 *   false) the fill carries `venueTime` = `fillTime` (ms) instead, on the clock of the positions'
 *   `uTime`, and no seq. Defensive, not documented: a trade id "0" (reported by third parties for
 *   exchange-generated liquidation orders) gives `execId` `<instId>:<ordId>:<accFillSz>` and no seq.
 * - The fill is emitted before the order update, so the update's `cumQty` never runs ahead of a
 *   fill that arrived in the same push.
 * - `orderId`: `clOrdId` (what the strategy sent) when non-empty, else `ordId`.
 * - `category` full_liquidation, partial_liquidation, adl: the exchange closed the position; the
 *   fill carries no `orderId` and no order update is emitted (it would count the quantity twice).
 * - `cumQty` = `accFillSz`; `leavesQty` = `sz - accFillSz` while open, 0 once terminal. A spot
 *   market order sized in quote currency (`tgtCcy` quote_ccy) has no base-quantity `sz`: its
 *   update is emitted only once terminal (skipped and counted while open).
 * - The update carries the order's `side` and `reduceOnly` (OKX sends the string "true"): the
 *   engine counts an order it did not send by them.
 * - Hedge mode (`VenueSymbolConfig.hedge`): `posSide` names the leg of the order and of its fill
 *   (long: the symbol's own instrument, short: `SYMBOL:short`); a net order is skipped and counted
 *   (`orders:oneWay`), any other value is malformed. A one-way instrument does not read `posSide`.
 * Quantities are in the instrument's own unit (contracts for SWAP/FUTURES/OPTION): the lot size in
 * the config must be in the same unit.
 */
import type { FrameSink } from '../decoder-stats.js';
import { legSymbol, type SymbolMap } from '../symbol-map.js';
import { MalformedFrame, asRecord, lots, nonEmpty, oneOf, optStr, price, seqValue, str } from '../frame-reader.js';
import { isTerminal, orderFacts } from '../order-lifecycle.js';
import { OKX_ORDER_STATE } from './okx-order-state.js';
import { OKX_SIDES } from './okx-sides.js';

const KIND = 'orders';

const EXCHANGE_CLOSE_OUT: ReadonlySet<string> = new Set(['full_liquidation', 'partial_liquidation', 'adl']);

export function decodeOkxOrder(element: unknown, symbols: SymbolMap, sink: FrameSink): void {
  const rec = asRecord(element, KIND, 'order');
  const instId = str(rec, 'instId', KIND);
  const entry = symbols.get(instId);
  if (entry === undefined) {
    sink.skipped.push('unknownSymbol');
    return;
  }
  let symbol = entry.symbol;
  if (entry.hedge) {
    const posSide = str(rec, 'posSide', KIND);
    if (posSide === 'net') {
      sink.skipped.push('orders:oneWay');
      return;
    }
    if (posSide !== 'long' && posSide !== 'short') throw new MalformedFrame(KIND, 'posSide must be net, long or short');
    symbol = legSymbol(entry, posSide === 'short' ? 2 : 1);
  }
  const closeOut = EXCHANGE_CLOSE_OUT.has(optStr(rec, 'category', KIND));
  const side = oneOf(rec, 'side', KIND, OKX_SIDES);
  const status = oneOf(rec, 'state', KIND, OKX_ORDER_STATE);
  const ordId = nonEmpty(rec, 'ordId', KIND);
  const clOrdId = optStr(rec, 'clOrdId', KIND);
  const orderId = clOrdId !== '' ? clOrdId : ordId;
  const cumQty = lots(rec, 'accFillSz', KIND, entry, { sign: 'nonNegative' });
  const tradeId = str(rec, 'tradeId', KIND);
  if (tradeId !== '') {
    const qty = lots(rec, 'fillSz', KIND, entry, { sign: 'nonNegative' });
    if (qty > 0) {
      const px = price(rec, 'fillPx', KIND);
      // The one stamp a fill carries: the trade id on a sequenced instrument, `fillTime` on a walk-back one.
      const fillTime = entry.sequenced ? '' : optStr(rec, 'fillTime', KIND);
      const stamp = entry.sequenced
        ? (tradeId === '0' ? {} : { seq: seqValue(tradeId, KIND, 'tradeId') })
        : (fillTime === '' ? {} : { venueTime: seqValue(fillTime, KIND, 'fillTime') });
      const fill = tradeId === '0'
        ? { type: 'fill' as const, symbol, execId: `${instId}:${ordId}:${str(rec, 'accFillSz', KIND)}`, side, qty, price: px, ...stamp }
        : { type: 'fill' as const, symbol, execId: `${instId}:${tradeId}`, side, qty, price: px, ...stamp };
      sink.events.push(closeOut ? fill : { ...fill, orderId });
    }
  }
  if (closeOut) {
    sink.skipped.push('orders:liquidation');
    return;
  }
  let leavesQty = 0;
  if (!isTerminal(status)) {
    if (optStr(rec, 'tgtCcy', KIND) === 'quote_ccy') {
      sink.skipped.push('orders:quoteSizedOpen');
      return;
    }
    leavesQty = lots(rec, 'sz', KIND, entry, { sign: 'nonNegative' }) - cumQty;
    if (leavesQty < 0) throw new MalformedFrame(KIND, 'accFillSz exceeds sz');
  }
  const reduceOnly = rec['reduceOnly'] === 'true' || rec['reduceOnly'] === true;
  sink.events.push({ type: 'orderUpdate', symbol, orderId, status, cumQty, leavesQty, ...orderFacts(side, reduceOnly) });
}
