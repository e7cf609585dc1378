/**
 * OKX v5 private `positions` channel element → `snapshot`.
 * Source: https://www.okx.com/docs-v5/en/#trading-account-websocket-positions-channel
 *
 * - Net mode (`posSide` net): `pos` is signed (positive long, negative short) for
 *   FUTURES/SWAP/OPTION: it is the snapshot.
 * - Long/short (hedge) mode (`posSide` long / short): `pos` is one leg's size. The engine holds one
 *   net position per instrument and one leg cannot replace it, so legs are skipped and counted
 *   (`positions:hedgeLeg`); fills stay exact (signed by order side).
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
import type { SymbolMap } from '../symbol-map.js';
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
  if (posSide === 'long' || posSide === 'short') {
    sink.skipped.push('positions:hedgeLeg');
    return;
  }
  if (posSide !== 'net') throw new MalformedFrame(KIND, 'posSide must be net, long or short');
  const position = lots(rec, 'pos', KIND, entry, { sign: 'signed' });
  const tradeId = str(rec, 'tradeId', KIND);
  const uTime = optStr(rec, 'uTime', KIND);
  const venueTime = uTime === '' ? undefined : seqValue(uTime, KIND, 'uTime');
  sink.events.push({
    type: 'snapshot', symbol: entry.symbol, position,
    ...(tradeId === '' ? {} : { seq: seqValue(tradeId, KIND, 'tradeId') }),
    ...(venueTime === undefined ? {} : { venueTime }),
  });
}
