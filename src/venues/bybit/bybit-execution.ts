/**
 * Bybit v5 private `execution` topic element → `fill`.
 * Source: https://bybit-exchange.github.io/docs/v5/websocket/private/execution (and the enum page
 * https://bybit-exchange.github.io/docs/v5/enum#exectype).
 *
 * - `execType` Trade, BlockTrade, MovePosition, FutureSpread, Delivery, Settle, AdlTrade and
 *   BustTrade move the position: each is a fill. `Funding` (execQty is the position it was
 *   charged on, not a trade) and `UNKNOWN` (classic accounts) are skipped and counted. Any other
 *   value is malformed: better no event, counted, than a guessed one.
 * - `AdlTrade` (auto-deleveraging) and `BustTrade` (takeover liquidation) are not orders the
 *   strategy sent: the fill carries no `orderId`.
 * - `orderId`: `orderLinkId` (the client id the strategy sent) when non-empty, else Bybit's
 *   `orderId` (orders placed outside the engine; the engine does not know it), else none.
 * - `seq`: Bybit's cross sequence, the same counter the position topic reports as its
 *   watermark; required (the doc notes classic-account spot lacks it: those frames are malformed).
 * - `execId`: Bybit's `execId` (a UUID, globally unique).
 * - Hedge mode (`VenueSymbolConfig.hedge`): the execution names no `positionIdx`, but a hedge-mode
 *   order either opens its leg or closes it, never both, and `closedSize` says which: 0 opens (a
 *   Buy the long leg, a Sell the short leg), `execQty` closes (a Buy the short leg, a Sell the long
 *   leg). Any other `closedSize` contradicts hedge mode and is malformed. The short leg's fills
 *   are emitted under `SYMBOL:short`. A one-way instrument does not read `closedSize`.
 */
import type { FrameSink } from '../decoder-stats.js';
import { legSymbol, type SymbolMap } from '../symbol-map.js';
import { MalformedFrame, asRecord, lots, nonEmpty, oneOf, optStr, price, seqValue, str } from '../frame-reader.js';
import { BYBIT_SIDES } from './bybit-sides.js';

const KIND = 'execution';

const FILL_TYPES: ReadonlySet<string> = new Set(['Trade', 'BlockTrade', 'MovePosition', 'FutureSpread', 'Delivery', 'Settle', 'AdlTrade', 'BustTrade']);
const NOT_SENT_BY_ENGINE: ReadonlySet<string> = new Set(['AdlTrade', 'BustTrade']);
const SKIPPED_TYPES: ReadonlySet<string> = new Set(['Funding', 'UNKNOWN']);

export function decodeBybitExecution(element: unknown, symbols: SymbolMap, sink: FrameSink): void {
  const rec = asRecord(element, KIND, 'execution');
  const entry = symbols.get(str(rec, 'symbol', KIND));
  if (entry === undefined) {
    sink.skipped.push('unknownSymbol');
    return;
  }
  const execType = str(rec, 'execType', KIND);
  if (SKIPPED_TYPES.has(execType)) {
    sink.skipped.push(`execution:${execType}`);
    return;
  }
  if (!FILL_TYPES.has(execType)) throw new MalformedFrame(KIND, `execType ${JSON.stringify(execType.slice(0, 40))} is not a known execution type`);
  const side = oneOf(rec, 'side', KIND, BYBIT_SIDES);
  const qty = lots(rec, 'execQty', KIND, entry, { sign: 'positive' });
  let leg = 1;
  if (entry.hedge) {
    const closed = lots(rec, 'closedSize', KIND, entry, { sign: 'nonNegative' });
    if (closed !== 0 && closed !== qty) throw new MalformedFrame(KIND, 'closedSize of a hedge-mode execution must be 0 or execQty');
    leg = (side === 'buy') === (closed === 0) ? 1 : 2;
  }
  const px = price(rec, 'execPrice', KIND);
  const execId = nonEmpty(rec, 'execId', KIND);
  const seq = seqValue(rec['seq'], KIND, 'seq');
  const clientId = optStr(rec, 'orderLinkId', KIND);
  const venueId = optStr(rec, 'orderId', KIND);
  const orderId = NOT_SENT_BY_ENGINE.has(execType) ? '' : clientId !== '' ? clientId : venueId;
  sink.events.push(
    orderId === ''
      ? { type: 'fill', symbol: legSymbol(entry, leg), execId, side, qty, price: px, seq }
      : { type: 'fill', symbol: legSymbol(entry, leg), orderId, execId, side, qty, price: px, seq },
  );
}
