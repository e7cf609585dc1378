/**
 * OKX v5 private `positions` channel element → `snapshot`.
 * Source: https://www.okx.com/docs-v5/en/#trading-account-websocket-positions-channel
 *
 * - Net mode (`posSide` net): `pos` is signed (positive long, negative short) for
 *   FUTURES/SWAP/OPTION: it is the snapshot.
 * - Long/short (hedge) mode (`posSide` long / short): `pos` is one leg's size (not negative). An
 *   instrument configured hedge (`VenueSymbolConfig.hedge`) takes a long row as its long leg's
 *   snapshot (+pos) and a short row as `SYMBOL:short`'s (-pos); a net row is skipped and counted
 *   (`positions:oneWay`: the account is not in the configured mode). A one-way instrument skips
 *   legs and counts them (`positions:hedgeLeg`), as it always did.
 * - The `balance_and_position` channel's `posData` rows carry the same fields and are read by this
 *   same function (okx-decoder.ts).
 * - MARGIN positions are signed by their currency (`posCcy`), not by `pos`: skipped and counted.
 * - `seq`: `tradeId`, the last trade the position includes (same watermark as the orders
 *   channel's fills); an empty `tradeId` gives a snapshot without `seq`.
 * - `venueTime`: `uTime`, "the latest time position was adjusted" (ms, a string of digits), the
 *   same moment in a stream push and in a REST answer. The demo and real venues run OKX without a
 *   contiguous sequence (`tradeId` is only monotonic), so the walk-back needs the venue time to
 *   ignore an older position delivered after a newer one (a re-sent or late push, a stale REST
 *   answer): walked as current, it would take a position that lacks fills already confirmed as
 *   the base. Missing or empty: no venue time.
 */
import type { FrameSink } from '../decoder-stats.js';
import { legSymbol, type SymbolMap } from '../symbol-map.js';
import { MalformedFrame, asRecord, lots, optStr, seqValue, str } from '../frame-reader.js';

const KIND = 'positions';

export function decodeOkxPosition(element: unknown, symbols: SymbolMap, sink: FrameSink): void {
  const rec = asRecord(element, KIND, 'position');
  const entry = symbols.get(str(rec, 'instId', KIND));
  if (entry === undefined) {
    sink.skipped.push('unknownSymbol');
    return;
  }
  if (str(rec, 'instType', KIND) === 'MARGIN') {
    sink.skipped.push('positions:margin');
    return;
  }
  const posSide = str(rec, 'posSide', KIND);
  if (posSide !== 'net' && posSide !== 'long' && posSide !== 'short') throw new MalformedFrame(KIND, 'posSide must be net, long or short');
  if (!entry.hedge && posSide !== 'net') {
    sink.skipped.push('positions:hedgeLeg');
    return;
  }
  if (entry.hedge && posSide === 'net') {
    sink.skipped.push('positions:oneWay');
    return;
  }
  const pos = lots(rec, 'pos', KIND, entry, { sign: entry.hedge ? 'nonNegative' : 'signed' });
  const position = posSide === 'short' && pos !== 0 ? -pos : pos;
  const symbol = legSymbol(entry, posSide === 'short' ? 2 : 1);
  const tradeId = str(rec, 'tradeId', KIND);
  const uTime = optStr(rec, 'uTime', KIND);
  const venueTime = uTime === '' ? undefined : seqValue(uTime, KIND, 'uTime');
  sink.events.push({
    type: 'snapshot', symbol, position,
    ...(tradeId === '' ? {} : { seq: seqValue(tradeId, KIND, 'tradeId') }),
    ...(venueTime === undefined ? {} : { venueTime }),
  });
}
