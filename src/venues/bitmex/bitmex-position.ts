/**
 * `position` table → snapshots.
 *
 * Rows are keyed by account, symbol and currency. `currentQty` is the signed position in
 * contracts (long positive, short negative) → whole lots. `partial` (the image on subscription),
 * `insert` and `update` rows carrying `currentQty` each emit a snapshot for their symbol.
 * `update` rows are partial: most only move prices or margin and carry no `currentQty`; they
 * emit nothing and are not errors. A full row without `currentQty` (BitMEX omits null/empty
 * values since 2023) emits nothing and is counted as `position:noCurrentQty`. `delete` rows emit
 * nothing (`position:delete`): a deleted row is not evidence of a flat position.
 * No `seq`: BitMEX positions carry no execution watermark (walk-back reconciliation).
 *
 * Venue time: a row's `timestamp` is when BitMEX last updated the row (any field: a mark-price
 * update moves it too), the same field on the WebSocket and in the REST answer
 * (src/feeds/bitmex/bitmex-rest.ts decodes through here). It becomes the snapshot's `venueTime`
 * (ms), so the engine ignores a report older than the last one it accepted: a current row's
 * timestamp is at or after every earlier version of the row. Absent (update rows need not carry
 * it): no venue time; present but not an ISO 8601 UTC time: the frame is malformed.
 */
import type { SnapshotEvent, VenueEvent } from '../../events/market-events.js';
import type { SymbolMap } from '../symbol-map.js';
import { contracts, isoMs, record, string } from './bitmex-fields.js';
import { BitmexFrameError } from './bitmex-frame-error.js';
import type { BitmexOutcome } from './bitmex-outcome.js';

const KIND = 'position';

export function decodePositionTable(action: string, data: readonly unknown[], symbols: SymbolMap): BitmexOutcome {
  const events: VenueEvent[] = [];
  const skipped: string[] = [];
  const rowErrors: BitmexFrameError[] = [];
  for (const value of data) {
    try {
      positionRow(action, value, symbols, events, skipped);
    } catch (e) {
      if (!(e instanceof BitmexFrameError)) throw e;
      rowErrors.push(e); // this row alone is dropped
    }
  }
  return { type: 'events', events, skipped, rowErrors };
}

function positionRow(action: string, value: unknown, symbols: SymbolMap, events: VenueEvent[], skipped: string[]): void {
  {
    const row = record(value, KIND, 'position row');
    const entry = symbols.get(string(row, 'symbol', KIND));
    if (entry === undefined) {
      skipped.push('unknownSymbol');
    } else if (action === 'delete') {
      skipped.push('position:delete');
    } else if (row['currentQty'] === undefined) {
      if (action !== 'update') skipped.push('position:noCurrentQty');
    } else {
      const position = contracts(row, 'currentQty', entry, KIND, true);
      const snapshot: SnapshotEvent = row['timestamp'] === undefined
        ? { type: 'snapshot', symbol: entry.symbol, position }
        : { type: 'snapshot', symbol: entry.symbol, position, venueTime: isoMs(row, 'timestamp', KIND) };
      events.push(snapshot);
    }
  }
}
