/**
 * Bybit v5 private `position` topic element → `snapshot`.
 * Source: https://bybit-exchange.github.io/docs/v5/websocket/private/position
 *
 * - Sign: `side` Buy → +size, Sell → -size; "" (or the older "None") is flat and `size` must be 0.
 * - `positionIdx` 0 is one-way mode: a snapshot of the instrument's position. In hedge mode
 *   (`positionIdx` 1 = buy side, 2 = sell side) each push is one leg. An instrument configured
 *   hedge (`VenueSymbolConfig.hedge`) takes each leg as the snapshot of its leg instrument (1: the
 *   symbol's own, 2: `SYMBOL:short`), a side that contradicts the leg is malformed, and a one-way
 *   row is skipped and counted (`position:oneWay`: the account is not in the configured mode).
 *   A one-way instrument skips legs and counts them (`position:hedgeLeg`), as it always did.
 * - `seq`: the cross sequence of the last execution the position includes (the same counter as
 *   the execution topic), so it is the snapshot's watermark (`bybitPositionSeq`).
 *
 * The REST hook (`GET /v5/position/list`, src/feeds/bybit/bybit-rest.ts) decodes its list
 * elements with this same function, so the stream and REST read a position, and its `seq`, alike.
 */
import type { FrameSink } from '../decoder-stats.js';
import { legSymbol, type SymbolMap } from '../symbol-map.js';
import { MalformedFrame, asRecord, lots, seqValue, str } from '../frame-reader.js';

const KIND = 'position';

/**
 * A position's watermark from its `seq`. Bybit documents `seq` as "Cross sequence, used to
 * associate each fill and each position update ... Returns "-1" if the symbol has never been
 * traded" (https://bybit-exchange.github.io/docs/v5/websocket/private/position, and the same field
 * of /v5/position/list). A never-traded position includes no execution: its watermark is 0, below
 * every execution's seq, so a sequenced instrument of a fresh account gets a snapshot it can place
 * against the fills (a snapshot without seq would be refused). It is necessarily flat: "-1" with a
 * non-zero size contradicts the documented meaning and is malformed.
 */
export function bybitPositionSeq(rawSeq: unknown, position: number): number {
  if (rawSeq !== -1 && rawSeq !== '-1') return seqValue(rawSeq, KIND, 'seq');
  if (position !== 0) throw new MalformedFrame(KIND, 'seq -1 (never traded) with a non-zero size');
  return 0;
}

/** A hedge row's `positionIdx`: 0 one-way, 1 buy side (long leg), 2 sell side (short leg); anything else is malformed. */
export function bybitLegIdx(idx: unknown, kind: string): number {
  if (idx !== 0 && idx !== 1 && idx !== 2) throw new MalformedFrame(kind, 'positionIdx must be 0, 1 or 2');
  return idx;
}

export function decodeBybitPosition(element: unknown, symbols: SymbolMap, sink: FrameSink): void {
  const rec = asRecord(element, KIND, 'position');
  const entry = symbols.get(str(rec, 'symbol', KIND));
  if (entry === undefined) {
    sink.skipped.push('unknownSymbol');
    return;
  }
  const idx = rec['positionIdx'];
  if (idx !== 0 && idx !== 1 && idx !== 2) throw new MalformedFrame(KIND, 'positionIdx must be 0, 1 or 2');
  if (!entry.hedge && idx !== 0) {
    sink.skipped.push('position:hedgeLeg');
    return;
  }
  if (entry.hedge && idx === 0) {
    sink.skipped.push('position:oneWay');
    return;
  }
  const size = lots(rec, 'size', KIND, entry, { sign: 'nonNegative' });
  const side = str(rec, 'side', KIND);
  let position: number;
  if (side === 'Buy') position = size;
  else if (side === 'Sell') position = size === 0 ? 0 : -size;
  else if (side === '' || side === 'None') {
    if (size !== 0) throw new MalformedFrame(KIND, 'a position without side must have size 0');
    position = 0;
  } else throw new MalformedFrame(KIND, `side ${JSON.stringify(side.slice(0, 40))} is not Buy, Sell or ""`);
  if ((idx === 1 && position < 0) || (idx === 2 && position > 0)) throw new MalformedFrame(KIND, 'positionIdx contradicts side');
  sink.events.push({ type: 'snapshot', symbol: legSymbol(entry, idx), position, seq: bybitPositionSeq(rec['seq'], position) });
}
