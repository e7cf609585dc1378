/**
 * Bybit v5 private `position` topic element → `snapshot`.
 * Source: https://bybit-exchange.github.io/docs/v5/websocket/private/position
 *
 * - Sign: `side` Buy → +size, Sell → -size; "" (or the older "None") is flat and `size` must be 0.
 * - Only one-way mode (`positionIdx` 0) is a snapshot of the instrument's position. In hedge mode
 *   (`positionIdx` 1 = buy side, 2 = sell side) each push is one leg; the engine holds one net
 *   position per instrument and a single leg cannot replace it, so legs are skipped and counted
 *   (`position:hedgeLeg`). Fills are still exact in hedge mode (signed by order side).
 * - `seq`: the cross sequence of the last execution the position includes (the same counter as
 *   the execution topic), so it is the snapshot's watermark. "-1" (never traded) gives a snapshot
 *   without `seq`.
 */
import type { FrameSink } from '../decoder-stats.js';
import type { SymbolMap } from '../symbol-map.js';
import { MalformedFrame, asRecord, lots, seqValue, str } from '../frame-reader.js';

const KIND = 'position';

export function decodeBybitPosition(element: unknown, symbols: SymbolMap, sink: FrameSink): void {
  const rec = asRecord(element, KIND, 'position');
  const entry = symbols.get(str(rec, 'symbol', KIND));
  if (entry === undefined) {
    sink.skipped.push('unknownSymbol');
    return;
  }
  const idx = rec['positionIdx'];
  if (idx === 1 || idx === 2) {
    sink.skipped.push('position:hedgeLeg');
    return;
  }
  if (idx !== 0) throw new MalformedFrame(KIND, 'positionIdx must be 0, 1 or 2');
  const size = lots(rec, 'size', KIND, entry, { sign: 'nonNegative' });
  const side = str(rec, 'side', KIND);
  let position: number;
  if (side === 'Buy') position = size;
  else if (side === 'Sell') position = size === 0 ? 0 : -size;
  else if (side === '' || side === 'None') {
    if (size !== 0) throw new MalformedFrame(KIND, 'a position without side must have size 0');
    position = 0;
  } else throw new MalformedFrame(KIND, `side ${JSON.stringify(side.slice(0, 40))} is not Buy, Sell or ""`);
  const rawSeq = rec['seq'];
  if (rawSeq === -1 || rawSeq === '-1') {
    sink.events.push({ type: 'snapshot', symbol: entry.symbol, position });
    return;
  }
  sink.events.push({ type: 'snapshot', symbol: entry.symbol, position, seq: seqValue(rawSeq, KIND, 'seq') });
}
